function c = nchoosek(n, k)
% NCHOOSEK of scalars n and k: the binomial coefficient (runmatc's library).
% The running product stays an integer at every step.
if numel(n) ~= 1 || numel(k) ~= 1
  error('nchoosek: runmatc supports scalar n and k only (not the combinations of a vector)');
end
if k < 0 || k > n || k ~= floor(k) || n ~= floor(n)
  error('nchoosek: K must be an integer between 0 and N');
end
k = min(k, n - k);
c = 1;
for i = 1:k
  c = c * (n - k + i) / i;
end
c = round(c);
end
