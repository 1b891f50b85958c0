// The GPU form of kernels: each runmat.kernel becomes one GLSL compute
// shader (a reduction split over workgroups is finished by its last
// workgroup, so it too is one shader and one dispatch), compiled in-process
// to SPIR-V with glslang, validated and optimized with SPIRV-Tools.
// docs/gpu.md describes the shaders and their arguments.
#pragma once

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <string>
#include <vector>

namespace runmat::codegen {

struct GpuShader {
  std::string role; // "main", or "flat": a reduction's flat form (GlslKernel.cpp)
  std::string glsl;
  std::vector<uint32_t> spirv;
  int module = -1; // its index among the artifact's SPIR-V modules
};

struct GpuKernel {
  int64_t id = 0; // the kernel's kernel_id (runmat-number-kernels)
  std::vector<GpuShader> shaders;
  bool float64 = false; // needs shaderFloat64
  bool int64 = false;   // needs shaderInt64
  bool int8 = false;    // reads or writes logical (8-bit) tensors
  int points = 1;       // a map kernel's points per invocation (4 when it draws: the jammed form)
  std::vector<int> flatStreamed; // the inputs a flat form reads at every point (none: no flat form)
  std::string unsupported; // why the kernel has no GPU form ("" when it has one)
};

// GLSL for every runmat.kernel of the module, in kernel_id order, each
// shader given its module index. Throws CompileError on a kernel without
// an id (runmat-number-kernels did not run).
std::vector<GpuKernel> emitGlslKernels(mlir::ModuleOp module);
// The kernel of that id, or null.
const GpuKernel *findGpuKernel(const std::vector<GpuKernel> &kernels, int64_t id);

// Compiles every shader to SPIR-V (Vulkan 1.2 target), validates it and,
// when `optimize`, runs SPIRV-Tools' performance passes. Throws CompileError
// with glslang's log when a shader does not compile (a compiler bug).
void compileGpuKernels(std::vector<GpuKernel> &kernels, bool optimize);

// SPIR-V as text (SPIRV-Tools' disassembler), for --emit=spirv.
std::string disassembleSpirv(const std::vector<uint32_t> &words);

// The GLSL library shaders share with generated kernels, by file name
// (prelude.glsl, philox.glsl, ...); "" for an unknown name.
const char *glslLibrarySource(const std::string &name);

} // namespace runmat::codegen
