// An entry's buffer sizes compiled into host code: the runmat_sizes_fn the
// artifact's descriptor lists per entry (runmat_abi.h), so the shim checks
// a run's memory with a call instead of parsing the manifest's text.
#pragma once

#include "runmat/codegen/Artifact.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

namespace runmat::codegen {

// void name(const double *params, double *bytes): bytes[i] = buffers.bytes[i]
// over params in buffers.params order. Throws CompileError on a tree that is
// not an expression of the parameters (the manifest keeps only those).
llvm::Function *emitSizesFunction(llvm::Module &m, const EntryBuffers &buffers, const llvm::Twine &name);

} // namespace runmat::codegen
