% Driver for pascalTri.m (teja-91/my-Matlab-Cody-solutions).
disp(pascalTri(0))
disp(pascalTri(5))
disp(pascalTri(10))
