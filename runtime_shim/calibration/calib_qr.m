% Calibration: the economy QR of a tall, narrow matrix.
function [q, r] = calib_qr(a)
  arguments
    a (:,:) single
  end
  [q, r] = qr(a, 'econ');
end
