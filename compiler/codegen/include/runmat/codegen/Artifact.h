// From the LLVM dialect to a loadable artifact: LLVM IR with the
// runmat_artifact descriptor (runmat_abi.h), optimized at -O3 for the target
// CPU with the vector math library, emitted as an object and linked into a
// shared object.
#pragma once

#include "runmat/contract/SizeExpr.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <memory>
#include <string>
#include <vector>

namespace runmat::codegen {

// An entry's buffer sizes as trees over its parameters (in manifest order):
// compiled into the artifact's runmat_sizes_fn for the entry.
struct EntryBuffers {
  std::string entry;
  std::vector<std::string> params;
  std::vector<SizeExpr> bytes;
};

struct ArtifactOptions {
  std::string cpu = "native"; // "native" or an LLVM CPU name such as x86-64-v3
  bool optimize = true;
  std::vector<std::vector<uint32_t>> spirv; // GPU modules, in the order the manifest numbers them
  std::vector<EntryBuffers> buffers;        // per entry, named (buildManifest fills them)
  int numKernels = 0;                       // the kernel table holds ids 0..numKernels-1 (buildManifest sets it)
};

// Translates the lowered module, adds the descriptor (manifest, entry and
// kernel tables, strings) and optimizes. Throws CompileError on failure.
std::unique_ptr<llvm::Module> buildLLVMModule(mlir::ModuleOp module, llvm::LLVMContext &context,
                                              const std::string &manifest, const ArtifactOptions &options);

// Emits an object file and links it into the shared object at `path` with
// the system C compiler driver (cc). Throws CompileError on failure.
void writeSharedObject(llvm::Module &module, const std::string &path, const ArtifactOptions &options);

} // namespace runmat::codegen
