% Calibration: a matrix product, for the library's rates by shape.
function c = calib_matmul(a, b)
  arguments
    a (:,:) single
    b (:,:) single
  end
  c = a * b;
end
