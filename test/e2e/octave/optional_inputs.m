% Functions with optional inputs (nargin, nargout, exist), input checks
% with error on paths not taken, fix.
fprintf('scaled: %g %g\n', scaled(2), scaled(2, 5));
[a, b] = two_or_one(3);
c = two_or_one(4);
fprintf('outputs: %g %g %g\n', a, b, c);
fprintf('fix: %g\n', fix([-2.5 2.5 0.7 -0.2 3]));
fprintf('checked: %g\n', checked_sqrt(16));
fprintf('defaults: %g\n', with_default(1), with_default(1, 2));
r = rand(4, 1);
fprintf('a kernel: %d\n', all(r > 0 & r < 1));

function y = scaled(x, k)
  if nargin < 2
    k = 10;
  end
  y = x * k;
end

function [p, q] = two_or_one(x)
  p = x + 1;
  if nargout > 1
    q = x * 2;
  end
end

function r = checked_sqrt(x)
  if x < 0
    error('checked_sqrt:negative', 'x must not be negative');
  end
  r = sqrt(x);
end

function s = with_default(x, w)
  if ~exist('w', 'var')
    w = 100;
  end
  s = x + w;
end
