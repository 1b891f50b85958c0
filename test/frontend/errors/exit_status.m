% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: exit_status.m:3:6: error: 'exit' with a status other than 0 is not supported by runmatc
exit(2)
