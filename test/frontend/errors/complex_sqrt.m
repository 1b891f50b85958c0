% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: complex_sqrt.m:3:5: error: sqrt of the constant -4.000000 is complex in MATLAB; runmatc computes with real numbers only
z = sqrt(-4);
