function z = trapz(x, y)
% TRAPZ of vectors (runmatc's library): trapz(y) with unit spacing, or
% trapz(x, y). Matrices (column by column) are not supported yet.
if nargin == 1
  y = x;
  x = 1:numel(y);
end
if ~isvector(y) || numel(x) ~= numel(y)
  error('trapz: runmatc supports vectors x and y of the same length only');
end
a = y(:);
z = sum(diff(x(:)) .* (a(1:end-1) + a(2:end))) / 2;
end
