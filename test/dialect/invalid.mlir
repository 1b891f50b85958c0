// Every verifier of the runmat dialect rejects what it must, with its message.
// RUN: runmat-opt %s -split-input-file -verify-diagnostics

func.func @fill_value_type(%x: f64) {
  // expected-error @+1 {{fill value type 'f64' differs from the element type}}
  %0 = runmat.fill %x : f64 -> tensor<2x2xf32>
  return
}

// -----

func.func @fill_sizes(%x: f32, %n: index) {
  // expected-error @+1 {{needs one size operand per dynamic extent}}
  %0 = runmat.fill %x(%n) : f32 -> tensor<?x?xf32>
  return
}

// -----

func.func @rand_sizes(%s: i64) {
  // expected-error @+1 {{needs one size operand per dynamic extent}}
  %0 = runmat.rand uniform %s, %s : tensor<?x3xf32>
  return
}

// -----

func.func @colon_row(%a: f64, %n: index) {
  // expected-error @+1 {{result must be a 1xN row}}
  %0 = runmat.colon %a, %a, %n : f64 -> tensor<?x1xf64>
  return
}

// -----

func.func @linspace_type(%a: f64, %n: index) {
  // expected-error @+1 {{result element type must be 'f64'}}
  %0 = runmat.linspace %a, %a, %n : f64 -> tensor<1x?xf32>
  return
}

// -----

func.func @mixed_elements(%a: tensor<?x?xf32>, %s: f64) {
  // expected-error @+1 {{operands must share one element type}}
  %0 = runmat.add %a, %s : tensor<?x?xf32>, f64 -> tensor<?x?xf32>
  return
}

// -----

func.func @incompatible_shapes(%a: tensor<3x4xf64>, %b: tensor<5x6xf64>) {
  // expected-error @+1 {{operand shapes are not compatible for implicit expansion: dimension 1 has extents 3 and 5}}
  %0 = runmat.add %a, %b : tensor<3x4xf64>, tensor<5x6xf64> -> tensor<?x?xf64>
  return
}

// -----

func.func @expanded_result(%a: tensor<3x1xf64>, %b: tensor<1x4xf64>) {
  // expected-error @+1 {{does not match the expanded type 'tensor<3x4xf64>'}}
  %0 = runmat.mul %a, %b : tensor<3x1xf64>, tensor<1x4xf64> -> tensor<3x1xf64>
  return
}

// -----

func.func @scalar_result(%a: f64, %b: f64) {
  // expected-error @+1 {{does not match the expanded type 'f64'}}
  %0 = runmat.add %a, %b : f64, f64 -> tensor<1x1xf64>
  return
}

// -----

func.func @arith_on_logical(%a: tensor<?x?xi1>) {
  // expected-error @+1 {{operands must be single or double; convert logical values first}}
  %0 = runmat.add %a, %a : tensor<?x?xi1>, tensor<?x?xi1> -> tensor<?x?xi1>
  return
}

// -----

func.func @result_element(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{result element type must match the operands'}}
  %0 = runmat.exp %a : tensor<?x?xf32> -> tensor<?x?xf64>
  return
}

// -----

func.func @logical_operands(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{operands must be logical (i1)}}
  %0 = runmat.and %a, %a : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xi1>
  return
}

// -----

func.func @logical_result(%a: tensor<?x?xi1>) {
  // expected-error @+1 {{result must be logical (i1)}}
  %0 = runmat.not %a : tensor<?x?xi1> -> tensor<?x?xf32>
  return
}

// -----

func.func @compare_result(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{result must be logical (i1)}}
  %0 = runmat.cmp lt, %a, %a : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @convert_kind(%a: tensor<1x1xf32>) {
  // expected-error @+1 {{converts a tensor to a tensor or a scalar to a scalar}}
  %0 = runmat.convert %a : tensor<1x1xf32> -> f64
  return
}

// -----

func.func @convert_shape(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{result type 'tensor<3x2xf64>' does not fit the expected shape [2x3]}}
  %0 = runmat.convert %a : tensor<2x3xf32> -> tensor<3x2xf64>
  return
}

// -----

func.func @reduce_no_dims(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{needs at least one dimension to reduce}}
  %0 = runmat.reduce sum %a dims [] : tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @reduce_dim_range(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{dimension 3 is outside 1..2 (dims are 1-based)}}
  %0 = runmat.reduce sum %a dims [3] : tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @reduce_order(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{dims must be strictly increasing}}
  %0 = runmat.reduce sum %a dims [2, 1] : tensor<?x?xf32> -> tensor<1x1xf32>
  return
}

// -----

func.func @reduce_shape(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{result type 'tensor<3x1xf32>' does not fit the expected shape [1x4]}}
  %0 = runmat.reduce mean %a dims [1] : tensor<3x4xf32> -> tensor<3x1xf32>
  return
}

// -----

func.func @reduce_element(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{result element type must match the operand's}}
  %0 = runmat.reduce sum %a dims [1] : tensor<?x?xf32> -> tensor<1x?xf64>
  return
}

// -----

func.func @reduce_logical(%a: tensor<?x?xi1>) {
  // expected-error @+1 {{sum, prod and mean need single or double operands}}
  %0 = runmat.reduce sum %a dims [1] : tensor<?x?xi1> -> tensor<1x?xi1>
  return
}

// -----

func.func @matmul_inner(%a: tensor<3x4xf64>, %b: tensor<5x2xf64>) {
  // expected-error @+1 {{inner dimensions do not agree: 4 vs 5}}
  %0 = runmat.matmul %a, %b : tensor<3x4xf64>, tensor<5x2xf64> -> tensor<3x2xf64>
  return
}

// -----

func.func @matmul_transposed(%a: tensor<4x3xf64>, %b: tensor<4x2xf64>) {
  // expected-error @+1 {{result type 'tensor<4x2xf64>' does not fit the expected shape [3x2]}}
  %0 = runmat.matmul %a, %b {transpose_lhs} : tensor<4x3xf64>, tensor<4x2xf64> -> tensor<4x2xf64>
  return
}

// -----

func.func @matmul_element(%a: tensor<3x4xf64>, %b: tensor<4x2xf32>) {
  // expected-error @+1 {{operands and result must share one element type}}
  %0 = runmat.matmul %a, %b : tensor<3x4xf64>, tensor<4x2xf32> -> tensor<3x2xf64>
  return
}

// -----

func.func @matmul_rank(%a: tensor<3x4x2xf64>, %b: tensor<4x2xf64>) {
  // expected-error @+1 {{operands and result must be 2-D}}
  %0 = runmat.matmul %a, %b : tensor<3x4x2xf64>, tensor<4x2xf64> -> tensor<3x2xf64>
  return
}

// -----

func.func @transpose_rank(%a: tensor<2x3x4xf64>) {
  // expected-error @+1 {{transposes 2-D tensors only}}
  %0 = runmat.transpose %a : tensor<2x3x4xf64> -> tensor<3x2x4xf64>
  return
}

// -----

func.func @transpose_shape(%a: tensor<2x3xf64>) {
  // expected-error @+1 {{does not fit the expected shape [3x2]}}
  %0 = runmat.transpose %a : tensor<2x3xf64> -> tensor<2x3xf64>
  return
}

// -----

func.func @qr_shapes(%a: tensor<5x3xf64>) {
  // expected-error @+1 {{Q type 'tensor<5x5xf64>' does not fit the expected shape [5x3]}}
  %q, %r = runmat.qr_econ %a : tensor<5x3xf64> -> tensor<5x5xf64>, tensor<3x3xf64>
  return
}

// -----

func.func @qr_element(%a: tensor<5x3xf64>) {
  // expected-error @+1 {{results must have the operand's element type}}
  %q, %r = runmat.qr_econ %a : tensor<5x3xf64> -> tensor<5x3xf32>, tensor<3x3xf32>
  return
}

// -----

func.func @diag_matrix_vector(%a: tensor<3x4xf64>) {
  // expected-error @+1 {{needs a vector (an extent of 1)}}
  %0 = runmat.diag_matrix %a : tensor<3x4xf64> -> tensor<3x3xf64>
  return
}

// -----

func.func @diag_extract_shape(%a: tensor<3x4xf64>) {
  // expected-error @+1 {{does not fit the expected shape [3x1]}}
  %0 = runmat.diag_extract %a : tensor<3x4xf64> -> tensor<4x1xf64>
  return
}

// -----

func.func @reshape_count(%a: tensor<3x4xf64>) {
  // expected-error @+1 {{changes the number of elements from 12 to 10}}
  %0 = runmat.reshape %a : tensor<3x4xf64> -> tensor<5x2xf64>
  return
}

// -----

func.func @reshape_sizes(%a: tensor<3x4xf64>) {
  // expected-error @+1 {{needs one size operand per dynamic extent}}
  %0 = runmat.reshape %a : tensor<3x4xf64> -> tensor<?x2xf64>
  return
}

// -----

func.func @slice_operands(%a: tensor<?x?xf64>, %i: index) {
  // expected-error @+1 {{needs one offset, size and stride per dimension of the source (2)}}
  %0 = runmat.slice %a[%i] [%i] [%i] : tensor<?x?xf64> -> tensor<?x?xf64>
  return
}

// -----

func.func @slice_size(%a: tensor<?x?xf64>, %i: index) {
  %c1 = arith.constant 1 : index
  // expected-error @+1 {{result type 'tensor<?x2xf64>' does not fit the expected shape [?x1]}}
  %0 = runmat.slice %a[%i, %i] [%i, %c1] [%c1, %c1] : tensor<?x?xf64> -> tensor<?x2xf64>
  return
}

// -----

func.func @update_operands(%a: tensor<?x?xf64>, %i: index, %v: f64) {
  // expected-error @+1 {{needs one offset, size and stride per dimension of the source (2)}}
  %0 = runmat.update %a[%i] [%i] [%i] = %v : tensor<?x?xf64>, f64 -> tensor<?x?xf64>
  return
}

// -----

func.func @update_result(%a: tensor<?x?xf64>, %i: index, %v: f64) {
  // expected-error @+1 {{result must have the source's type}}
  %0 = runmat.update %a[%i, %i] [%i, %i] [%i, %i] = %v : tensor<?x?xf64>, f64 -> tensor<?x1xf64>
  return
}

// -----

func.func @update_class(%a: tensor<?x?xf64>, %i: index, %v: f32) {
  // expected-error @+1 {{value must have the source's element type (convert it first)}}
  %0 = runmat.update %a[%i, %i] [%i, %i] [%i, %i] = %v : tensor<?x?xf64>, f32 -> tensor<?x?xf64>
  return
}

// -----

func.func @find_result(%a: tensor<?x?xi1>, %n: index) {
  // expected-error @+1 {{result must be a column of f64 (tensor<?x1xf64>)}}
  %0 = runmat.find %a, %n : tensor<?x?xi1> -> tensor<1x?xf64>
  return
}

// -----

func.func @take_shape(%a: tensor<?x?xf64>, %i: tensor<1x3xf64>) {
  // expected-error @+1 {{result type 'tensor<3x1xf64>' does not fit the expected shape [1x3]}}
  %0 = runmat.take %a[%i] : tensor<?x?xf64>, tensor<1x3xf64> -> tensor<3x1xf64>
  return
}

// -----

func.func @take_indexes(%a: tensor<?x?xf64>, %i: tensor<1x3xf32>) {
  // expected-error @+1 {{indexes must be f64}}
  %0 = runmat.take %a[%i] : tensor<?x?xf64>, tensor<1x3xf32> -> tensor<1x3xf64>
  return
}

// -----

func.func @put_class(%a: tensor<?x?xf64>, %i: tensor<1x3xf64>, %v: f32) {
  // expected-error @+1 {{value must have the source's element type (convert it first)}}
  %0 = runmat.put %a[%i] = %v : tensor<?x?xf64>, tensor<1x3xf64>, f32 -> tensor<?x?xf64>
  return
}

// -----

func.func @slice_drop(%a: tensor<?x?x?xf64>, %i: index) {
  %c2 = arith.constant 2 : index
  // expected-error @+1 {{drops dimension 3, whose size is not 1}}
  %0 = runmat.slice %a[%i, %i, %i] [%i, %i, %c2] [%i, %i, %i] : tensor<?x?x?xf64> -> tensor<?x?xf64>
  return
}

// -----

func.func @concat_rows(%a: tensor<2x3xf64>, %b: tensor<3x3xf64>) {
  // expected-error @+1 {{does not match the result along dimension 1}}
  %0 = runmat.concat dim 2 %a, %b : tensor<2x3xf64>, tensor<3x3xf64> -> tensor<2x6xf64>
  return
}

// -----

func.func @concat_extent(%a: tensor<2x3xf64>, %b: tensor<2x3xf64>) {
  // expected-error @+1 {{result extent along dimension 2 must be 6}}
  %0 = runmat.concat dim 2 %a, %b : tensor<2x3xf64>, tensor<2x3xf64> -> tensor<2x5xf64>
  return
}

// -----

func.func @concat_element(%a: tensor<2x3xf32>, %b: tensor<2x3xf64>) {
  // expected-error @+1 {{inputs must have the result's element type}}
  %0 = runmat.concat dim 1 %a, %b : tensor<2x3xf32>, tensor<2x3xf64> -> tensor<4x3xf64>
  return
}

// -----

func.func @concat_dim(%a: tensor<2x3xf64>) {
  // expected-error @+1 {{dimension 3 is outside the result's rank}}
  %0 = runmat.concat dim 3 %a : tensor<2x3xf64> -> tensor<2x3xf64>
  return
}

// -----

func.func @to_scalar_shape(%a: tensor<2x1xf64>) {
  // expected-error @+1 {{needs a 1x1 tensor}}
  %0 = runmat.to_scalar %a : tensor<2x1xf64> -> f64
  return
}

// -----

func.func @to_scalar_element(%a: tensor<1x1xf64>) {
  // expected-error @+1 {{result must be the element type 'f64'}}
  %0 = runmat.to_scalar %a : tensor<1x1xf64> -> f32
  return
}

// -----

func.func @to_index_operand(%a: i64) {
  // expected-error @+1 {{operand #0 must be}}
  %0 = runmat.to_index %a {what = "x"} : i64
  return
}

// -----

func.func @library_unknown(%a: tensor<3x3xf64>) {
  // expected-error @+1 {{unknown library function 'expm'}}
  %0 = runmat.library_call "expm"(%a) : (tensor<3x3xf64>) -> tensor<3x1xf64>
  return
}

// -----

func.func @library_counts(%a: tensor<3x3xf64>) {
  // expected-error @+1 {{'sort' takes 1 operands and 2 options and gives 2 results}}
  %0 = runmat.library_call "sort"(%a) : (tensor<3x3xf64>) -> tensor<3x3xf64>
  return
}

// -----

// expected-error @+1 {{the query of environment text is length, number or equals, not 'size'}}
func.func @param_source_query(%e: f64 {runmat.source = #runmat.param_source<from = "env", var = "X", transforms = [], has_fallback = false, fallback = "", query = "size", literal = "">}) {
  return
}

// -----

// expected-error @+1 {{the text functions of environment text are lower, upper and strtrim}}
func.func @param_source_transform(%e: f64 {runmat.source = #runmat.param_source<from = "env", var = "X", transforms = ["reverse"], has_fallback = false, fallback = "", query = "length", literal = "">}) {
  return
}

// -----

func.func @resize_shrinks(%a: tensor<3x4xf64>) {
  // expected-error @+1 {{does not shrink dimension 2}}
  %0 = runmat.resize %a : tensor<3x4xf64> -> tensor<3x2xf64>
  return
}

// -----

func.func @resize_rank(%a: tensor<3x4xf64>) {
  // expected-error @+1 {{keeps the rank}}
  %0 = runmat.resize %a : tensor<3x4xf64> -> tensor<3x4x2xf64>
  return
}
