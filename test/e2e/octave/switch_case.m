% switch / case / otherwise on numbers (compile-time and run-time) and text,
% case lists {a, b}, switch inside loops with break, strcmp.
total = 0;
for i = 1:7
  total = total + classify(i);
end
fprintf('classified: %g\n', total);
fprintf('codes: %g %g %g %g\n', method_code('fast'), method_code('careful'), method_code('slow'), method_code('other'));
x = 0;
for k = 1:10
  switch k
    case 2
      x = x + 100;
    case 5
      break;
    otherwise
      x = x + k;
  end
end
fprintf('loop: %g\n', x);
mode = 'sum';
v = [1 2 3 4];
switch mode
  case 'max'
    out = max(v);
  case 'sum'
    out = sum(v);
end
fprintf('mode: %g\n', out);
r = rand(4, 1);
fprintf('a kernel: %d\n', all(r > 0 & r < 1));
switch 3
  otherwise
    fprintf('only otherwise\n');
end
fprintf('strcmp: %d %d %d\n', strcmp('a', 'a'), strcmp('a', 'b'), strcmp('a', 1));
y = sum(v > 2);
switch y
  case 2, fprintf('two above\n');
  case 3, fprintf('three above\n');
end

function r = classify(x)
  switch mod(x, 3)
    case 0
      r = 10;
    case {1, 4}
      r = 20;
    otherwise
      r = 30;
  end
end

function n = method_code(name)
  switch name
    case 'fast'
      n = 1;
    case {'slow', 'careful'}
      n = 2;
    otherwise
      n = -1;
  end
end
