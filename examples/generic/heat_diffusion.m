% Explicit heat diffusion on a rod: each step updates the interior from its
% neighbours (u(2:end-1) from u(1:end-2), u(2:end-1) and u(3:end), the old
% values on the right side). A program of runmatc's own for the benchmark
% suite (benchmarks/suite.yaml): no fusion pattern was written for it.
if ~exist('N', 'var'), N = 1000000; end
if ~exist('steps', 'var'), steps = 100; end
u = rand(N, 1, 'single');
for t = 1:steps
  u(2:end-1) = u(2:end-1) + 0.25 * (u(1:end-2) - 2 * u(2:end-1) + u(3:end));
end
fprintf('RESULT_ok MEAN=%.6e\n', double(mean(u)));
