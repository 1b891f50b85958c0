% Anonymous functions and handles, inlined where they are called; a
% script's statements after its local functions run, as Octave runs them
% (Octave defines a script's functions when it reaches them, so the calls
% come after).
f = @(x) x.^2 + 1;
disp(f(3));
disp(f([1 2 3]));
a = 2;
g = @(x, y) a * x + y;
a = 100; % g captured a = 2
disp(g(3, 4));
h = @sin;
fprintf('%.6f\n', h(pi / 6));
k = @() 7;
disp(k());
compose = @(u) f(g(u, 1));
disp(compose(1));
disp(feval(f, 4));
v = rand(4, 1);
function r = apply_twice(fn, x)
  r = fn(fn(x));
end
function c = cube(x)
  c = x.^3;
end
fprintf('%.6f\n', apply_twice(f, 2));
fprintf('%.6f\n', apply_twice(@cube, 2));
disp(feval('cube', 3));
w = apply_twice(@(z) z * 2, v);
fprintf('%.6f\n', w ./ v);
