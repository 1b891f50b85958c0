% Driver for Octave's vander.m (an old version).
disp(vander([1 2 3 4]))
V = vander([0.5; 1.5; 2]);
fprintf('%.4f\n', V);
