// The manifest an artifact carries (YAML; docs/artifact.md): entries with
// their parameters and ports, kernels with their iteration spaces, dtypes,
// maps and costs. Written after kernels are outlined and before the host is
// lowered, from each kernel's record (the kernel-info analysis, taken from
// the kernel form) joined by kernel id with what the back ends add: the GPU
// form's modules and needs, the CPU launch's scratch slots.
#pragma once

#include "runmat/codegen/Artifact.h"
#include "runmat/codegen/gpu/GpuKernels.h"
#include "runmat/contract/Manifest.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace runmat::codegen {

// `kernels`: mlir::runmat::KernelInfoAnalysis's records, in id order.
// `gpu` holds the GPU form of each kernel (empty when compiled without);
// their modules are numbered in order, as the artifact stores them.
// `artifact` receives each entry's buffer sizes as trees, for the artifact
// to compile (the manifest keeps their spelling), and the kernel table's size.
std::string buildManifest(mlir::ModuleOp module, const std::string &compilerVersion,
                          std::vector<KernelInfo> kernels, const std::vector<GpuKernel> &gpu,
                          ArtifactOptions &artifact);

} // namespace runmat::codegen
