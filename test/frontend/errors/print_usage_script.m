% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: print_usage_script.m:4:1: error: print_usage: only valid inside functions
x = 1;
print_usage();
