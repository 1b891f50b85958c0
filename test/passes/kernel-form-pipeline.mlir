// The runmat-kernel-form pipeline and its option: with the fusion planner
// (the default) an elementwise chain is one kernel; with fusion=false each
// operation is its own (as runmatc compile --fusion=off).
// RUN: runmat-opt %s --runmat-kernel-form | FileCheck %s --check-prefix=FUSED
// RUN: runmat-opt %s --runmat-kernel-form='fusion=false' | FileCheck %s --check-prefix=UNFUSED
// RUN: runmat-opt %s --runmat-kernel-form='fusion=true' | FileCheck %s --check-prefix=FUSED

// FUSED-LABEL: func.func @chain
// FUSED-COUNT-1: runmat.kernel
// FUSED-NOT: runmat.kernel
// FUSED: arith.subf
// FUSED: arith.mulf
// UNFUSED-LABEL: func.func @chain
// UNFUSED: runmat.kernel
// UNFUSED: arith.subf
// UNFUSED: runmat.kernel
// UNFUSED: arith.mulf
func.func @chain(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %s: f32) -> tensor<?x?xf32> {
  %c = runmat.sub %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %d = runmat.mul %c, %s : tensor<?x?xf32>, f32 -> tensor<?x?xf32>
  return %d : tensor<?x?xf32>
}
