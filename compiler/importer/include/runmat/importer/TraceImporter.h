// Import of a trace into the runmat dialect: one func.func per entry.
//
// Parameters become scalar function arguments (attributes runmat.param and
// runmat.default), a function entry's inputs become tensor arguments and its
// outputs results. Symbolic extents become index values derived from
// parameters through checked runmat.to_index conversions. MATLAB's mixed
// single/double/logical typing becomes explicit runmat.convert ops, and the
// random generator's state (seed, draw counter) becomes SSA values threaded
// through loops and branches.
#pragma once

#include "runmat/trace/Trace.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

namespace runmat::importer {

// Registers and loads every dialect runmatc's modules use.
void loadDialects(mlir::MLIRContext &context);

// Builds and verifies the module. Throws CompileError located at the program
// source (or the trace line) of the first problem.
mlir::OwningOpRef<mlir::ModuleOp> importTrace(mlir::MLIRContext &context, const trace::Trace &trace,
                                              const std::string &traceFile);

// Converts MLIR diagnostics raised while `fn` runs into a CompileError.
void runWithDiagnostics(mlir::MLIRContext &context, const std::function<mlir::LogicalResult()> &fn);

} // namespace runmat::importer
