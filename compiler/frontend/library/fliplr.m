function y = fliplr(x)
% FLIPLR: the columns of x in reverse order (runmatc's library).
y = x(:, end:-1:1);
end
