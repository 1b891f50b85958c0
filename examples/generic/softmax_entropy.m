% Row-wise softmax of a random score matrix and the mean entropy of its
% rows: a max, an exp, two row sums and a log over each row. A program of
% runmatc's own for the benchmark suite (benchmarks/suite.yaml): no fusion
% pattern was written for it.
if ~exist('n', 'var'), n = 16384; end
if ~exist('m', 'var'), m = 1024; end
X = rand(n, m, 'single') * 8;
mx = max(X, [], 2);
E = exp(X - mx);
S = sum(E, 2);
P = E ./ S;
ent = -sum(P .* log(P), 2);
fprintf('RESULT_ok ENTROPY=%.6e\n', double(mean(ent)));
