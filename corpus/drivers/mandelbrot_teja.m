% Driver for mandelbrot.m (teja-91/my-Matlab-Cody-solutions): the problem's own example, real points.
disp(mandelbrot([0 0.5; 1 4], 5))
disp(mandelbrot(-2:0.25:0.5, 50))
