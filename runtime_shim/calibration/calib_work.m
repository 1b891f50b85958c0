% Calibration: fused time loops of one kind of work each over n points, t
% trips: plain arithmetic (what = 1), an elementary function (2), random
% draws (3). Each is one kernel whose work the manifest counts by kind.
if ~exist('what', 'var'), what = 1; end
if ~exist('n', 'var'), n = 65536; end
if ~exist('t', 'var'), t = 64; end
rng(1);
y = zeros(n, 1, 'single');
if what == 1
  for k = 1:t
    y = y * single(0.999) + single(0.25);
  end
elseif what == 2
  for k = 1:t
    y = exp(y * single(-0.5));
  end
else
  for k = 1:t
    y = y + rand(n, 1, 'single');
  end
end
fprintf('%g\n', double(sum(y)));
