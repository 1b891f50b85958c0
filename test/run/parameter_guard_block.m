% A guard that does not assign its variable (before the variable's own
% guard) runs its assignments only when the parameter is not given.
% RUN: runmatc compile %s -o %t.rmx
% RUN: env -u RM_T_M runmat-run %t.rmx | FileCheck %s --check-prefix=DEFAULT
% RUN: env RM_T_M=5 runmat-run %t.rmx | FileCheck %s --check-prefix=ENV
% RUN: env RM_T_M=5 runmat-run %t.rmx -p M=2 | FileCheck %s --check-prefix=GIVEN
% RUN: env RM_T_M=-1 not runmat-run %t.rmx 2>&1 | FileCheck %s --check-prefix=NEGATIVE
M_default = 3;
if ~exist('M', 'var')
  env_M = getenv('RM_T_M');
  if numel(env_M)
    M_default = str2double(env_M);
  end
end
if ~exist('M', 'var'), M = M_default; end
x = ones(M, 1);
fprintf('M=%d sum=%d\n', M, sum(x));
% DEFAULT: M=3 sum=3
% ENV: M=5 sum=5
% GIVEN: M=2 sum=2
% NEGATIVE: error: the program stopped: the size computed at {{.*}}parameter_guard_block.m:15:1 must be a non-negative integer, got -1
