% Driver for nevilles.m (lqbrin/tea-time-numerical): the textbook table for J0 at 1.5.
x = [1 1.3 1.6 1.9 2.2];
y = [0.7651977 0.6200860 0.4554022 0.2818186 0.1103623];
Q = nevilles(1.5, x, y);
fprintf('%.8f\n', Q(1, 5));
disp(size(Q))
