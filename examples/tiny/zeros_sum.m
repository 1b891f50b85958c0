% The smallest GPU program worth timing: one fill, one reduction, one
% printed number. Its warm run is the runtime's own overhead (issue 15).
x = zeros(4, 1);
fprintf('%g\n', sum(x));
