% Reductions over dimensions, defaults, and the max/min forms.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
if ~exist('n', 'var'), n = 7; end
A = reshape(sin(1:24) * k, 4, 6);
fprintf('%.10g\n', sum(A), sum(A, 2), sum(A, 1), prod(A(1:3, 1:3)));
fprintf('%.10g\n', mean(A), mean(A, 2), mean(A(:)));
fprintf('%.10g\n', max(A), max(A, [], 2), min(A), min(A, [], 1));
fprintf('%.10g\n', max(A(:)), min(A(:)), sum(A(:)), prod(A(1, :)));
v = cos(1:n)' * k;
fprintf('%.10g\n', sum(v), mean(v), max(v), min(v), prod(v));
B = reshape((1:24) * k, 2, 3, 4) / 7;
fprintf('%.10g\n', sum(B, 3), mean(B, 2), max(B, [], 3));
fprintf('%d %d\n', size(sum(B, 3)), size(mean(B, 2)));
