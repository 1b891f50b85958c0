% Every GPU failure is a clear message: under --device gpu an error and a
% non-zero exit, under auto a fall back to the CPU with the reason logged.
% RUNMAT_GPU_FAULT simulates the failure; RUNMAT_COST_DEVICE=discrete makes
% auto treat lavapipe as a discrete GPU, so that auto uses it.
% RUN: runmatc compile %s -o %t.rmx
%
% RUN: env RUNMAT_GPU_FAULT=no-loader not runmat-run %t.rmx --device gpu 2>&1 | FileCheck %s --check-prefix=NOLOADER-GPU
% NOLOADER-GPU: runmat-run: error: the program stopped: --device gpu, but there is no usable GPU: no Vulkan loader (RUNMAT_GPU_FAULT=no-loader)
% RUN: env RUNMAT_GPU_FAULT=no-loader runmat-run %t.rmx --device auto -v 2>&1 | FileCheck %s --check-prefix=NOLOADER-AUTO
% NOLOADER-AUTO: start
% NOLOADER-AUTO: sum 1.000
% NOLOADER-AUTO: mean 0.6665
% NOLOADER-AUTO: cpu {{.*}}[no GPU: no Vulkan loader (RUNMAT_GPU_FAULT=no-loader)]
% NOLOADER-AUTO: runmat: GPU: no GPU: no Vulkan loader
%
% RUN: env RUNMAT_GPU_FAULT=no-device not runmat-run %t.rmx --device gpu 2>&1 | FileCheck %s --check-prefix=NODEVICE
% NODEVICE: error: the program stopped: --device gpu, but there is no usable GPU: the Vulkan loader reports no device
%
% A shader the driver refuses.
% RUN: env RUNMAT_GPU_FAULT=pipeline not runmat-run %t.rmx --device gpu 2>&1 | FileCheck %s --check-prefix=PIPE-GPU
% PIPE-GPU: error: the program stopped: kernel k0 failed on the GPU: the driver refused the shader (RUNMAT_GPU_FAULT=pipeline)
% RUN: env RUNMAT_GPU_FAULT=pipeline RUNMAT_COST_DEVICE=discrete runmat-run %t.rmx -v 2>&1 | FileCheck %s --check-prefix=PIPE-AUTO
% PIPE-AUTO: mean 0.6665
% PIPE-AUTO: k0 cpu {{.*}}[the GPU failed (the driver refused the shader (RUNMAT_GPU_FAULT=pipeline)), so the CPU]
%
% Out of device memory at the second device allocation (a kernel output).
% RUN: env RUNMAT_GPU_FAULT=oom@2 not runmat-run %t.rmx --device gpu 2>&1 | FileCheck %s --check-prefix=OOM-GPU
% OOM-GPU: error: the program stopped: kernel k1 failed on the GPU: out of GPU memory allocating
% RUN: env RUNMAT_GPU_FAULT=oom@2 RUNMAT_COST_DEVICE=discrete runmat-run %t.rmx -v 2>&1 | FileCheck %s --check-prefix=OOM-AUTO
% OOM-AUTO: mean 0.6665
% OOM-AUTO: k1 cpu {{.*}}[the GPU failed (out of GPU memory allocating
%
% The device is lost at the first submission: auto runs the program again on
% the CPU and prints each line once.
% RUN: env RUNMAT_GPU_FAULT=lost@1 not runmat-run %t.rmx --device gpu 2>&1 | FileCheck %s --check-prefix=LOST-GPU
% LOST-GPU: error: the program stopped: the GPU device was lost
% RUN: env RUNMAT_GPU_FAULT=lost@1 RUNMAT_COST_DEVICE=discrete runmat-run %t.rmx -v 2>%t.err | FileCheck %s --check-prefix=LOST-AUTO
% RUN: FileCheck %s --check-prefix=LOST-AUTO-LOG < %t.err
% LOST-AUTO: start
% LOST-AUTO-NEXT: sum 1.000
% LOST-AUTO-NEXT: mean 0.6665
% LOST-AUTO-NOT: start
% LOST-AUTO-LOG: runmat: the GPU device was lost {{.*}}; running again on the CPU
% LOST-AUTO-LOG: runmat: GPU: the GPU device was lost {{.*}}; ran again on the CPU
if ~exist('n', 'var'), n = 4000000; end
x = rand(n, 1, 'single');
fprintf('start\n');
y = sum(x .* 2);
fprintf('sum %.3f\n', double(y) / n);
z = mean(sqrt(x));
fprintf('mean %.4f\n', double(z));
