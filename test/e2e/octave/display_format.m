% Octave's "format short": one field width per matrix, fixed point up to nine
% places and an exponent past them, integers up to six digits, and matrices
% wider than 80 columns shown in chunks of columns.
if ~exist('s', 'var'), s = 1; end
disp(s * [2 6 -8; 0 1 5])
disp(s * [-1 0 2 2 3.5])
disp(s * [1000.5 2])
disp(s * [0.05 0.025])
disp(s * [-0.5 100.25])
disp(s * [0.001 0.002])
disp(s * [NaN 1.5 2])
disp(s * [Inf -1 2])
disp(s * [123456 1])
disp(s * [1e6 1])
disp(s * [7.9292e97 1.3266e100])
x = s * 0.0123
x = s * 1000.5
x = s * 12345.678
y = s * (1:12) * 0.25
disp(s * (1:30))
z = s * (1:9)' * (1:9)
