% GPU kernels keep MATLAB's infinities and NaNs and the program's order of
% evaluation (docs/gpu.md): every module declares SignedZeroInfNanPreserve,
% so SPIRV-Tools' optimizer keeps 0 / x and x * 0 (it folded both to 0), and
% the program's own + - * / are precise, so x + y - y is not simplified.
% (Lavapipe's code generator still treats a literal 0 operand of * and / as
% absorbing, so the values are checked on the CPU here and on NVIDIA in
% TEAM_B_PROGRESS.md.)
% RUN: runmatc compile %s --emit=spirv | FileCheck %s --check-prefix=SPIRV
% RUN: runmatc compile %s --emit=glsl | FileCheck %s --check-prefix=GLSL
% RUN: runmatc compile %s -o %t.rmx && runmat-run %t.rmx --device cpu | FileCheck %s
% SPIRV: ; ---- kernel 0 (main)
% SPIRV: OpCapability SignedZeroInfNanPreserve
% SPIRV: OpExecutionMode %main SignedZeroInfNanPreserve 32
% SPIRV: ; ---- kernel 1 (main)
% SPIRV: OpExecutionMode %main SignedZeroInfNanPreserve 32
% SPIRV: OpFDiv %float %float_0
% SPIRV: ; ---- kernel 3 (main)
% SPIRV: OpFMul %float %{{[0-9]+}} %float_0
% GLSL: precise float v{{[0-9]+}} = (v{{[0-9]+}} / v{{[0-9]+}});
% GLSL: precise float [[SUM:v[0-9]+]] = (x{{[0-9]+}} + x{{[0-9]+}});
% GLSL-NEXT: precise float v{{[0-9]+}} = ([[SUM]] - x{{[0-9]+}});
% CHECK: NaN NaN NaN NaN NaN NaN NaN NaN
% CHECK-SAME: NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN NaN
x = rand(1, 8, 'single');
y = single(0) ./ single(x > 2);
z = (x + y) - y;
w = z * 0;
fprintf('%g ', y, z, w);
fprintf('\n');
