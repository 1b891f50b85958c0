% The functional forms of the operators, and operator spellings not used elsewhere.
if ~exist('k', 'var'), k = 1; end
a = [1 2; 3 4] * k;
b = [0.5 -1; 2 0.25] * k;
fprintf('%g ', plus(a, b), minus(a, b), times(a, b), rdivide(a, b), ldivide(a, b), power(a, 2));
fprintf('\n');
fprintf('%g ', mtimes(a, b), transpose(a), ctranspose(b), uminus(a), colon(1, 3), colon(5, -2, 1));
fprintf('\n');
fprintf('%d ', eq(a, b), ne(a, 2), lt(a, b), le(a, 2), gt(a, b), ge(a, 3), and(a > 1, b > 0), or(a > 3, b < 0), not(a > 2));
fprintf('\n');
fprintf('%d ', a != 2, !(a > 2), a .' == transpose(a));
fprintf('\n');
x = 2 ^ -1 + -2 ^ 2 + 3 \ 6 + 10 / 4;
fprintf('%.10g\n', x);
