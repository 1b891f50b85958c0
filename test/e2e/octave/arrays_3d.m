% Three-dimensional arrays: per-slice statistics and broadcasting, as in image pipelines.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
B = 2; H = 3; W = 4;
X = reshape(sin(1:(B * H * W)) * k, B, H, W);
mu = mean(mean(X, 2), 3);
sd = sqrt(mean(mean((X - mu).^2, 2), 3));
Y = (X - mu) ./ sd * 1.5 + 0.25;
Y = max(Y, 0);
fprintf('%.10g\n', mu, sd, Y(:));
fprintf('%d %d\n', size(mu), size(Y, 3), numel(Y));
err = (Y - X).^2;
fprintf('%.10g\n', mean(err(:)));
