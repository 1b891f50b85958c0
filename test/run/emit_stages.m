% Every stage runmatc can stop at prints something that belongs to it.
% The unfused program (--fusion=off) keeps one kernel per tensor op, which
% shows each stage's form of a map and a reduction.
% RUN: runmatc compile %s --emit=fused --fusion=off | FileCheck %s --check-prefix=UNFUSED
% RUN: runmatc compile %s --emit=fused | FileCheck %s --check-prefix=FUSED
% RUN: runmatc compile %s --emit=llvm --fusion=off | FileCheck %s --check-prefix=LLVM
% RUN: runmatc compile %s --fusion=off -o %t.rmx && runmat-run %t.rmx --manifest | FileCheck %s --check-prefix=MANIFEST
% RUN: runmatc compile %s --emit=glsl --fusion=off | FileCheck %s --check-prefix=GLSL
% RUN: runmatc compile %s --emit=spirv --fusion=off | FileCheck %s --check-prefix=SPIRV
% RUN: runmatc compile %s --gpu=off -o %t.cpu.rmx && runmat-run %t.cpu.rmx --manifest | FileCheck %s --check-prefix=NOGPU
if ~exist('n', 'var'), n = 1000; end
x = rand(n, 1, 'single');
m = mean(x .* 2);
fprintf('%g\n', m);
% UNFUSED: runmat.kernel label "runmat.rand {{.*}}emit_stages.m:[[#]]:5"
% UNFUSED: runmat.random uniform
% UNFUSED: runmat.kernel label "runmat.mul
% UNFUSED: runmat.kernel label "runmat.reduce {{.*}}reduce [0] combiners [sum]
% UNFUSED: } epilogue {
% Fused: the draw and the product are computed inside the reduction.
% FUSED: runmat.fusion = {fired = [{covers = {{.*}}pattern = "elementwise"}, {covers = ["runmat.reduce {{.*}}:[[#]]:5", "runmat.mul {{.*}}:[[#]]:12", "runmat.rand {{.*}}:[[#]]:5"], pattern = "map-reduce"}], kernels_after = 1 : i64, kernels_before = 3 : i64
% FUSED: runmat.kernel label "runmat.reduce
% FUSED: runmat.random uniform
% FUSED-NOT: runmat.kernel
% LLVM: @runmat.entry_buffers = private constant [1 x ptr] [ptr @runmat_buffers.emit_stages]
% LLVM: @runmat_artifact = {{.*}}constant %runmat_artifact_desc { i32 1413565778, i32 4, ptr @runmat.manifest, i32 1, ptr @runmat.entries, i32 3,
% LLVM-SAME: i32 4, ptr @runmat.spirv, ptr @runmat.spirv_words, ptr @runmat.entry_buffers }
% LLVM: define internal void @runmat_kernel_0(
% LLVM: define void @runmat_entry_emit_stages(
% The manifest's buffers [4*n, 4], compiled: the shim's memory check calls it.
% LLVM: define internal void @runmat_buffers.emit_stages(ptr {{.*}}%0, ptr {{.*}}%1)
% LLVM-NEXT: entry:
% LLVM-NEXT: %n = load double, ptr %0
% LLVM-NEXT: fmul double %n, 4.000000e+00
% MANIFEST: runmat_manifest: 1
% MANIFEST: entries:
% MANIFEST: - name: emit_stages
% MANIFEST: params:
% MANIFEST-NEXT: - {name: n, default: 1000, dtype: double, size: true}
% MANIFEST: buffers: [4*n, 4]
% MANIFEST: kernels:
% MANIFEST: - id: 0
% MANIFEST: kind: map
% MANIFEST: tensors:
% MANIFEST-NEXT: - {role: out, dtype: single, rank: 2}
% MANIFEST: space: [n, 1]
% MANIFEST: bytes: 4*n
% MANIFEST: flops: 4*n
% MANIFEST: covers: [runmat.rand {{.*}}emit_stages.m:[[#]]:5]
% The draw computes 4 points per invocation on the GPU; the shim launches for that.
% MANIFEST-NEXT: gpu: {modules: [0], features: [{{.*}}], points: 4, schedules: [{workgroup_size: 256, groups_per_unit: 16, {{.*}}source: model}]}
% MANIFEST: kind: reduce
% MANIFEST: reduce: [0]
% MANIFEST: combiners: [sum]
% The reduction also has a flat form (a second module) that streams its input.
% MANIFEST: gpu: {modules: [2, 3], features: [int64], flat: {streamed: [0]}, schedules: [{{.*}}]}
% GLSL: // ---- kernel 0 (main)
% GLSL: #version 460
% GLSL: layout(local_size_x_id = 0) in;
% GLSL: // kernel: runmat.rand {{.*}}emit_stages.m:[[#]]:5
% GLSL: rm_rand4_f32(
% GLSL: // ---- kernel 2 (main)
% GLSL: shared float rm_sh0[RM_WG];
% GLSL: subgroupAdd(
% GLSL: atomicAdd(counter.v[og], 1u)
% GLSL: // ---- kernel 2 (flat)
% GLSL: RmInF32x4 in0x4 =
% GLSL: atomicAdd(counter.v[0], 1u)
% SPIRV: ; ---- kernel 0 (main)
% SPIRV: OpCapability PhysicalStorageBufferAddresses
% SPIRV: OpEntryPoint GLCompute %main "main"
% SPIRV: ; ---- kernel 2 (main)
% SPIRV: OpAtomicIAdd
% NOGPU: gpu: {none: compiled with --gpu=off}
