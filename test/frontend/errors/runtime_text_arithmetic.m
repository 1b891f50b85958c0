% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: runtime_text_arithmetic.m:4:7: error: text built at run time (sprintf, num2str) can only be printed
s = sprintf('%d', 3);
y = s + 1;
