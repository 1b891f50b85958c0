% Arithmetic operators, implicit expansion, single/double mixing.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
if ~exist('n', 'var'), n = 6; end
x = sin(1:n)' * k;           % 6x1 double
y = cos((1:4) / 3) * k;      % 1x4 double
a = x + y;               % 6x4 by implicit expansion
b = x - y .* 2;
c = a .* b ./ (1 + y.^2);
d = 2 .\ c;              % left elementwise division
e = -c + +d;
f = c .^ 2 - abs(e) .^ 0.5;
s = single(x) * 3;       % single wins
t = s + 0.25;            % single + double is single
u = x / 4 + 3 \ x;       % division by scalars
fprintf('%.10g\n', a(:), b(:), c(:), d(:), e(:), f(:));
fprintf('%.6g\n', t, u);
fprintf('%d %d\n', size(a), size(t));
