% Matrix products, transposes, economy QR, diag.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
A = reshape(sin(1:20) * k, 5, 4);
B = reshape(cos(1:12) * k, 4, 3);
C = A * B;
G = A' * A;
H = A.' * A;
fprintf('%.10g\n', C, G - H, A * B(:, 1));
[Q, R] = qr(A, 0);
% Q and R are unique up to signs: check the factorisation and orthogonality.
fprintf('%.8f\n', max(max(abs(Q * R - A))) < 1e-12, max(max(abs(Q' * Q - eye4()))) < 1e-12);
fprintf('%.10g\n', abs(diag(R)));
d = diag(G);
D = diag([1 2 3] * k);
fprintf('%.10g\n', d, D, diag(A));
s = single(A);
fprintf('%.5g\n', s' * s);
function I = eye4()
  I = diag(ones(4, 1));
end
