% A kernel whose result the next operation reads on the CPU (a QR of more
% columns than the GPU's QR takes): on the GPU, the result comes back.
if ~exist('n', 'var'), n = 65536; end
rng(0);
A = rand(n, 128, 'single') * single(2) + single(1);
[Q, R] = qr(A, 'econ');
fprintf('%.4f\n', double(sum(abs(diag(R)))) / n);
