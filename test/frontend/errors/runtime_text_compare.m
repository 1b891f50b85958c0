% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: runtime_text_compare.m:5:5: error: strcmp: text built at run time (sprintf, num2str) can only be printed
x = rand(2, 1);
s = num2str(x(1));
t = strcmp(s, '0.5');
