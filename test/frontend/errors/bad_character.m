% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: bad_character.m:3:7: error: unexpected character '$'
x = 3 $ 4;
