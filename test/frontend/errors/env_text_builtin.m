% RUN: not runmatc trace %s 2>&1 | FileCheck %s
% CHECK: env_text_builtin.m:4:5: error: abs: text read from the environment (getenv('N')) is not a value abs takes in runmatc
e = getenv('N');
a = abs(e);
