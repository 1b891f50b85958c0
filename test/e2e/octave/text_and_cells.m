% Compile-time text and cell arrays of text: strcmp/strcmpi against cells,
% any/sum of the result, numel and c{i}, lower/upper/strtrim, str2double,
% ismember, char; sum/mean options 'native', 'double', 'default'; dot.
sizes = {'xs', 'small', 'large'};
name = lower(strtrim('  LARGE '));
hits = strcmp(name, sizes);
fprintf('%d %d %d\n', hits(1), hits(2), hits(3));
fprintf('any=%d count=%d n=%d\n', any(hits), sum(double(hits)), numel(sizes));
fprintf('second=%s upper=%s\n', sizes{2}, upper(sizes{end}));
fprintf('ci=%d member=%d\n', sum(strcmpi('SMALL', sizes)), ismember('xs', sizes));
v = str2double('2.5e1') + str2double(' -3 ');
fprintf('num=%g bad=%d\n', v, isnan(str2double('12abc')));
grid = {'a', 'b'; 'c', 'd'};
fprintf('%s%s %d\n', grid{2, 1}, grid{1, 2}, numel(grid));
fprintf('%s\n', char('done'));
x = single(rand(4, 3) * 0 + 0.5);
s = sum(x, 1, 'native');
m = mean(x, 1, 'double');
fprintf('%s %s %g %g\n', class(s), class(m), s(1), m(2));
d = dot([1 2 3], [4; 5; 6]);
fprintf('dot=%g cols=%g\n', d, sum(dot(x, x, 1)));
