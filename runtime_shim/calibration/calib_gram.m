% Calibration: the symmetric product A' * A, for the Gram rate.
function g = calib_gram(a)
  arguments
    a (:,:) single
  end
  g = a' * a;
end
