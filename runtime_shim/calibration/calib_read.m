% Calibration: a sum of a single-precision vector, for the read bandwidth.
function s = calib_read(x)
  arguments
    x (:,1) single
  end
  s = sum(x);
end
