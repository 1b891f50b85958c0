// The manifest an artifact carries (YAML; docs/artifact.md): entries with
// their parameters and ports, kernels with their iteration spaces, dtypes,
// maps and costs. Written from the module after kernels are outlined (the
// runmat.kernels attribute) and before the host is lowered.
#pragma once

#include "runmat/codegen/Artifact.h"
#include "runmat/codegen/GpuKernels.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace runmat::codegen {

// `gpu` holds the GPU form of each kernel (empty when compiled without);
// their modules are numbered in order, as the artifact stores them.
// `buffers` receives each entry's buffer sizes as trees, for the artifact
// to compile (the manifest keeps their spelling).
std::string buildManifest(mlir::ModuleOp module, const std::string &compilerVersion,
                          const std::vector<GpuKernel> &gpu, std::vector<EntryBuffers> &buffers);

} // namespace runmat::codegen
