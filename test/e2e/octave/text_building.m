% sprintf, num2str and int2str of values known only at run time, printed
% with disp and fprintf and joined with other text.
x = rand(3, 1);
n = numel(x) + 1;
s = sum([1.5 2.25 3]) * n;
disp(['n = ' num2str(n)]);
disp(['s = ' num2str(s)]);
disp(['pi is ' num2str(pi, 8) ' and e is ' num2str(exp(1))]);
disp(sprintf('%d items, total %.3f', n, s));
fprintf('%s|%s\n', num2str(-2.5), int2str(7.6));
msg = sprintf('%5.2f;', [1 2 3] * n);
disp(msg);
fprintf('[%s]\n', sprintf('%g', s / 7));
disp(num2str(1234567.891));
disp(num2str(0.000123456));
disp(sum(x * 0 + 1));
% text built at run time, shown by an unsuppressed assignment
shown = sprintf('%5.2f|%d', pi, numel(x))
