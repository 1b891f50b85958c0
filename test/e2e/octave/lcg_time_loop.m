% A time loop whose draws come from an index field built before the loop
% (RunMat's LCG versions of its benchmarks): fused into one kernel (the
% field's extent is read before the loop), results as Octave's.
M = 1000; T = 8;
S = ones(M, 1) * 100;
rid = reshape(0:M-1, [M 1]);
for t = 1:T
  salt = double(t - 1) * 2 * M;
  state = mod(1664525.0 .* (rid + salt) + 1013904223.0, 4294967296.0);
  u = max(state ./ 4294967296.0, 1.0 / 4294967296.0);
  S = S .* exp(0.001 + 0.01 * sqrt(-2 .* log(u)) .* cos(2 * pi * u));
end
fprintf('%.10e %.10e\n', mean(S), max(S));
