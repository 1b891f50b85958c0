% A first dimension of a few points, as image_normalize's batch: the CPU runs
% dimensions 0 and 1 as one run, tiling inputs that are constant along
% dimension 1. Broadcasting, full and partial reductions, a slice that is not
% contiguous (the run does not apply), logical inputs, and powers of zero.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
X = reshape(cos(1:(3 * 50 * 7)) * k, 3, 50, 7);
r = mean(X, 2);
Y = (X - r) .* 2 + r .^ 2;
fprintf('%.10g\n', sum(Y(:)), sum(sum(Y, 1), 2));
S = sum(X, 3);
fprintf('%.10g\n', S(:, 1:4), sum(S(:)));
Z = max(X, 0) .^ 1.5;
fprintf('%.10g\n', sum(Z(:)), Z(1:6));
E = X(:, 1:3:end, :) .* r;
fprintf('%.10g\n', sum(E(:)), E(2, 3, 4));
L = r > 0;
M = X .* L + ~L;
fprintf('%.10g\n', sum(M(:)), M(3, 50, 7));
z = max(X(:, 1:4, 1), 0);
fprintf('%g ', z .^ 2, z .^ 0, z .^ -1); fprintf('\n');
fprintf('%g ', 0 .^ (k * [-2 -1 0 0.5 1 NaN])); fprintf('\n');
