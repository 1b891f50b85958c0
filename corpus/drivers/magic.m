% Driver for Octave's magic.m: odd, doubly even and singly even orders.
disp(magic(3))
disp(magic(4))
disp(magic(6))
M = magic(5);
fprintf('%d\n', sum(M));
