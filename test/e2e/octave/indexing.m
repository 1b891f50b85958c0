% Indexing reads and size queries.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
A = reshape(sin(1:30) * k, 5, 6);
j = 3;
fprintf('%.10g\n', A(2, 3), A(7), A(end), A(end, 1), A(1, end));
fprintf('%.10g\n', A(:, 1:j), A(2:4, end), A(end, :));
v = A(:);
fprintf('%.10g\n', v(3:7), v(end-2:end), v(10:-3:1));
r = A(2, :);
fprintf('%.10g\n', r(2:4), r(end));
B = reshape(A, [], 3);
C = reshape(A, 3, 10);
fprintf('%d %d %d %d\n', size(B), size(C));
[m, n] = size(A);
fprintf('%d %d %d %d %d %d\n', m, n, numel(A), length(A), ndims(A), isempty(A));
fprintf('%d\n', size(A, 1), size(A, 2), size(A, 3));
