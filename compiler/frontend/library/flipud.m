function y = flipud(x)
% FLIPUD: the rows of x in reverse order (runmatc's library).
y = x(end:-1:1, :);
end
