% fprintf: format reuse over all elements, conversions, widths and escapes.
% Inputs are run-time values (parameters), so the compiled kernels compute them.
if ~exist('k', 'var'), k = 1; end
x = [1.5 2.25; -3 4] * k;
fprintf('%d\n', 7);
fprintf('%d, ', 1:5);
fprintf('\n');
fprintf('[%6.2f|%-8.3e|%g]\n', x);
fprintf('%5d|%-5d|%+d\n', 3, 4, 5);
fprintf('%d %s\n', 3, 'three');
fprintf('tab\there\\n done\n');
fprintf('%g %g\n', Inf, -Inf);
fprintf('%x %o %c\n', 255, 8, 72);
fprintf('percent %% sign %d\n', 100);
fprintf('%.3f %.3f %.3f\n', x');
