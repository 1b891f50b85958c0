% Calibration (runmat-run calibrate): one pass reading and one writing a
% single-precision vector, for the streaming bandwidths.
function y = calib_stream(x)
  arguments
    x (:,1) single
  end
  y = x * single(1.5) + single(1);
end
