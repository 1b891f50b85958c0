% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: env_text_arithmetic.m:4:7: error: text read from the environment (getenv('N')) is used where a number is expected; str2double reads a number from it
e = getenv('N');
n = e + 1;
