% Parameters with defaults (the compiled artifact takes them at run time).
if ~exist('n', 'var'), n = 7; end
if ~exist('scale', 'var'), scale = 0.5; end
v = sin(1:n)' * scale;
acc = 0;
for i = 1:n
  acc = acc + v(i) * i;
end
fprintf('%.10g\n', sum(v), acc, numel(v), mean(v .^ 2));
