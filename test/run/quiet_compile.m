% Compiling prints nothing but errors and warnings: LLVM's vectorizer
% reports every kernel loop it leaves scalar as a remark (here the unfused
% max's loops), which runmatc drops.
% RUN: runmatc compile %s --fusion=off -o %t.rmx 2>&1 | FileCheck %s --allow-empty
% RUN: runmatc compile %s -o %t.rmx 2>&1 | FileCheck %s --allow-empty
% CHECK-NOT: {{.}}
x = rand(50, 40, 'single');
m = max(x, [], 1);
s = sum(x, 1);
y = (x - m) ./ double(s .* 2 + 1);
z = x .* exp(-m) + sqrt(s);
fprintf('%.10g %.10g\n', sum(y(:)), sum(z(:)));
