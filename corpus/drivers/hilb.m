% Driver for Octave's hilb.m.
disp(hilb(3))
H = hilb(6);
fprintf('%.10f\n', sum(H(:)));
