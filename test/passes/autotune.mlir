// runmat-autotune: every kernel gets the model's schedule first; a tuning
// database adds its measured winners for the kernels whose fingerprint it
// has (kernels 0 and 3 share one: the same structure), each for its device
// and size bucket. Options force the model's workgroup, print fingerprints.
// RUN: runmat-opt %s -runmat-autotune | FileCheck %s --check-prefix=MODEL
// RUN: runmat-opt %s -runmat-autotune='tuning-db=%S/Inputs/tuning-test-gpu.yaml' | FileCheck %s --check-prefix=TUNED
// RUN: runmat-opt %s -runmat-autotune='workgroup-size=64' | FileCheck %s --check-prefix=FORCED
// RUN: runmat-opt %s -runmat-autotune='print-fingerprints=true' -o /dev/null 2>&1 | FileCheck %s --check-prefix=PRINT
// RUN: not runmat-opt %s -runmat-autotune='tuning-db=%S/Inputs/tuning-other-version.yaml' 2>&1 | FileCheck %s --check-prefix=VERSION
// RUN: not runmat-opt %s -runmat-autotune='tuning-db=%t.missing' 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not runmat-opt %s -runmat-autotune='workgroup-size=96' 2>&1 | FileCheck %s --check-prefix=BADWG

// A map: 16 workgroups per compute unit. A reduction that mostly reads: 4
// flat workgroups per unit; one with arithmetic to hide (an exp): 8.
// MODEL: label "map" {{.*}}schedules = [#runmat.schedule<workgroup_size = 256, groups_per_unit = 16, flat_groups_per_unit = 4, form = "auto", source = "model", bucket = -1, device = "">]
// MODEL: label "sum" {{.*}}schedules = [#runmat.schedule<workgroup_size = 256, groups_per_unit = 16, flat_groups_per_unit = 4, form = "auto", source = "model", bucket = -1, device = "">]
// MODEL: label "heavy" {{.*}}schedules = [#runmat.schedule<workgroup_size = 256, groups_per_unit = 16, flat_groups_per_unit = 8, form = "auto", source = "model", bucket = -1, device = "">]

// TUNED: label "map" {{.*}}schedules = [#runmat.schedule<{{.*}}source = "model"{{.*}}>, #runmat.schedule<workgroup_size = 1024, groups_per_unit = 4, flat_groups_per_unit = 4, form = "auto", source = "tuned", bucket = 24, device = "10de-2335-00000000-00000000000000aa">]
// TUNED: label "sum" {{.*}}schedules = [#runmat.schedule<{{.*}}source = "model"{{.*}}>, #runmat.schedule<workgroup_size = 512, {{.*}}bucket = 20{{.*}}>, #runmat.schedule<workgroup_size = 128, groups_per_unit = 32, flat_groups_per_unit = 4, form = "split", source = "tuned", bucket = 12, {{.*}}>]
// TUNED: label "heavy" {{.*}}schedules = [#runmat.schedule<{{.*}}source = "model"{{.*}}>]
// TUNED: label "same structure as map" {{.*}}schedules = [#runmat.schedule<{{.*}}source = "model"{{.*}}>, #runmat.schedule<workgroup_size = 1024, {{.*}}source = "tuned"

// FORCED-COUNT-4: #runmat.schedule<workgroup_size = 64,

// PRINT: remark: kernel 0 fingerprint d31756e421894d26
// PRINT: remark: kernel 1 fingerprint 8a95bab7d05506fd
// PRINT: remark: kernel 2 fingerprint 390b1f0679549501
// PRINT: remark: kernel 3 fingerprint d31756e421894d26

// VERSION: error: runmat-autotune: {{.*}}tuning-other-version.yaml: tuning database: version 2 (this build reads 1)
// MISSING: error: runmat-autotune: cannot read the tuning database {{.*}}.missing
// BADWG: error: runmat-autotune: workgroup-size: workgroup size 96 is not a power of two from 32 to 1024

func.func @kernels(%a: tensor<?x?xf32>, %m: index, %n: index, %t0: index, %t1: index, %t2: index) -> (tensor<?x?xf32>, tensor<1x?xf32>, tensor<1x?xf32>, tensor<?x?xf32>) {
  %map = runmat.kernel label "map" space(%m, %n) ins(%a : tensor<?x?xf32>) maps [[0, 1]] {kernel_id = 0 : i64} -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32):
    %v = arith.mulf %x, %x : f32
    runmat.yield %v : f32
  }
  %sum = runmat.kernel label "sum" space(%m, %n) ins(%a : tensor<?x?xf32>) maps [[0, 1]] reduce [0] combiners [sum] {kernel_id = 1 : i64} -> (tensor<1x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32):
    runmat.yield %x : f32
  } epilogue {
  ^bb0(%acc: f32, %em: index, %en: index):
    runmat.yield %acc : f32
  }
  %heavy = runmat.kernel label "heavy" space(%m, %n) ins(%a : tensor<?x?xf32>) maps [[0, 1]] reduce [0] combiners [sum] {kernel_id = 2 : i64} -> (tensor<1x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32):
    %e = math.exp %x : f32
    %f = arith.mulf %e, %x : f32
    %g = arith.addf %f, %x : f32
    runmat.yield %g : f32
  } epilogue {
  ^bb0(%acc: f32, %em: index, %en: index):
    runmat.yield %acc : f32
  }
  %same = runmat.kernel label "same structure as map" space(%m, %n) ins(%map : tensor<?x?xf32>) maps [[0, 1]] {kernel_id = 3 : i64} -> (tensor<?x?xf32>) {
  ^bb0(%i: index, %j: index, %em: index, %en: index, %x: f32):
    %v = arith.mulf %x, %x : f32
    runmat.yield %v : f32
  }
  return %map, %sum, %heavy, %same : tensor<?x?xf32>, tensor<1x?xf32>, tensor<1x?xf32>, tensor<?x?xf32>
}
