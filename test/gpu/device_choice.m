% Which device runs kernels, and how a user sees it: RUNMAT_DEVICE picks a
% Vulkan device by index or name, --device gpu puts every kernel there, the
% pipeline cache lands on disk per device and driver, and a kernel in double
% precision on a device without shaderFloat64 is refused with a clear error.
% RUN: runmatc compile %s -o %t.rmx
% RUN: rm -rf %t.cache && env RUNMAT_CACHE_DIR=%t.cache RUNMAT_DEVICE=llvmpipe runmat-run %t.rmx --device gpu -v 2>&1 | FileCheck %s --check-prefix=BYNAME
% BYNAME: total 5050
% BYNAME: k{{[0-9]+}} gpu {{.*}}[--device gpu]
% BYNAME: runmat: GPU llvmpipe {{.*}}(cpu): {{[0-9]+}} dispatches
% RUN: ls %t.cache | FileCheck %s --check-prefix=CACHE
% CACHE: pipelines-{{[0-9a-f]+}}-{{[0-9a-f]+}}-{{[0-9a-f]+}}-{{[0-9a-f]+}}.bin
% RUN: env RUNMAT_DEVICE=0 runmat-run %t.rmx --device gpu | FileCheck %s --check-prefix=BYINDEX
% BYINDEX: total 5050
% RUN: env RUNMAT_DEVICE=quantum not runmat-run %t.rmx --device gpu 2>&1 | FileCheck %s --check-prefix=NOMATCH
% NOMATCH: error: the program stopped: --device gpu, but there is no usable GPU: RUNMAT_DEVICE=quantum matches no Vulkan device (0: llvmpipe
% RUN: env RUNMAT_GPU_FAULT=no-float64 not runmat-run %t.rmx --device gpu 2>&1 | FileCheck %s --check-prefix=NOF64
% NOF64: error: the program stopped: --device gpu, but kernel k{{[0-9]+}} (runmat.{{.*}}) cannot run on the GPU: it computes in double precision and llvmpipe {{.*}} has no shaderFloat64
% RUN: runmat-run accel-info | FileCheck %s --check-prefix=INFO
% INFO: Vulkan devices:
% INFO: 0: llvmpipe {{.*}}(cpu, Vulkan 1.{{.*}}): float64 yes
% INFO: GPU: llvmpipe
% INFO: compute units: {{[1-9][0-9]*}} (this machine's threads)
% INFO: Calibration of the CPU
% INFO: Calibration of the GPU (llvmpipe
if ~exist('n', 'var'), n = 100; end
x = (1:n) .* 2;
fprintf('total %d\n', sum(x) / 2);
