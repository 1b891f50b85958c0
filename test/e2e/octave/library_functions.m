% runmatc's library written in MATLAB (compiler/frontend/library): isprime and
% nchoosek of scalars, fliplr, flipud, trapz of vectors; and varargin passed
% on with c{:}.
if ~exist('s', 'var'), s = 2; end
fprintf('%d ', isprime(7), isprime(1), isprime(91), isprime(97));
fprintf('\n');
for k = 0:6
  row(k+1) = nchoosek(6, k);
end
disp(row)
M = s * [1 2 3; 4 5 6];
disp(fliplr(M))
disp(flipud(M))
t = 0:0.25:2;
fprintf('%.6f %.6f\n', trapz(s * t.^2), trapz(t, s * t.^2));
fprintf('%.6f\n', apply(@(a, b, c) a * b + c, s, 3, 4));
fprintf('%d\n', count_extra(1, 2, 3, 4));
function r = apply(f, varargin)
  r = f(varargin{:});
end
function n = count_extra(first, varargin)
  n = numel(varargin) + first;
end
