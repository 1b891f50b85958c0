% getenv text read when the artifact runs: lengths, str2double, strcmp
% against cell arrays of text (presets), lower/strtrim, a fallback when the
% variable is unset, printing the text, warning on standard error; and
% parameter guards whose default the program computes or whose else branch
% converts a given value.
% RUN: runmatc compile %s -o %t.rmx
% RUN: env -u RM_T_SIZE -u RM_T_N runmat-run %t.rmx 2>&1 | FileCheck %s --check-prefix=DEFAULT
% RUN: env RM_T_SIZE='  Large ' RM_T_N=7 runmat-run %t.rmx 2>&1 | FileCheck %s --check-prefix=LARGE
% RUN: env RM_T_SIZE=huge runmat-run %t.rmx 2>&1 | FileCheck %s --check-prefix=UNKNOWN
% RUN: env RM_T_N=7 runmat-run %t.rmx -p n=3 -p g=0.25 2>&1 | FileCheck %s --check-prefix=GIVEN
% RUN: runmat-run %t.rmx --list | FileCheck %s --check-prefix=LIST
% RUN: not runmat-run %t.rmx -p __given_n=1 2>&1 | FileCheck %s --check-prefix=NOTUSER
n_default = 4;
size_env = getenv('RM_T_SIZE');
if isempty(size_env)
  size_name = 'small';
else
  size_name = lower(strtrim(size_env));
end
small = sum(double(strcmp(size_name, {'s', 'small'})));
large = any(strcmp(size_name, {'l', 'large'}));
if large
  n_default = 6;
elseif ~small
  warning('RM_T_SIZE=%s is not a size; using %d', size_name, n_default);
end
env_n = getenv('RM_T_N');
if numel(env_n)
  n_default = str2double(env_n);
end
if ~exist('n', 'var'), n = n_default; end
if ~exist('g', 'var'), g = single(0.5); else, g = single(g); end
x = ones(n, 1) * g;
fprintf('size=%s n=%d sum=%g class=%s\n', size_name, n, sum(x), class(g));
% DEFAULT: size=small n=4 sum=2 class=single
% LARGE: size=large n=7 sum=3.5 class=single
% UNKNOWN: warning: RM_T_SIZE=huge is not a size; using 4
% UNKNOWN: size=huge n=4 sum=2 class=single
% GIVEN: size=small n=3 sum=0.75 class=single
% LIST: environment_parameters n=(computed) g=0.5
% NOTUSER: '__given_n' is set when the run starts (given(n)), not by the caller
