% A\b, A/B, inv, det, svd, A^p, trace, norm, printf, tic/toc, against Octave.
A = [4 -2 1; -2 4 -2; 1 -2 4];
b = [11; -16; 17];
x = A \ b;
printf('solve %.10f\n', x);
B = [1 2; 3 4; 5 6];
y = [1; 2; 2];
printf('lsq %.10f\n', B \ y);
printf('mrdivide %.10f\n', [1 2 3] / A);
printf('inv %.10f\n', inv(A));
printf('det %.10f %.10f\n', det(A), det([1 2; 3 4]));
printf('svd %.10f\n', svd(B));
printf('power %.6f\n', A^3);
printf('power0 %g\n', A^0);
printf('power-1 %.10f\n', A^-1);
printf('trace %g\n', trace(A));
v = [3 -4 12];
printf('vector norms %.10g %.10g %.10g %.10g %.10g\n', norm(v), norm(v, 1), norm(v, Inf), norm(v, -Inf), norm(v, 3));
printf('matrix norms %.10g %.10g %.10g %.10g\n', norm(B), norm(B, 1), norm(B, Inf), norm(B, 'fro'));
s = single(A);
printf('single %.4f\n', double(s \ single(b)));
tic;
t0 = tic;
total = 0;
for k = 1:1000
  total = total + k;
end
e = toc;
e0 = toc(t0);
printf('timer %d %d %d\n', total, e >= 0, e0 >= 0);
r = rand(4, 1);
