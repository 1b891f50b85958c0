#include "GpuLibrary.h"

#include "shaders/copy1.h"
#include "shaders/copy4.h"
#include "shaders/copy8.h"
#include "shaders/column_scale.h"
#include "shaders/gram_split16.h"
#include "shaders/gram_split16_coopmat.h"
#include "shaders/matmul_f32.h"
#include "shaders/matmul_f64.h"
#include "shaders/matmul_narrow_f32.h"
#include "shaders/matmul_narrow_f64.h"
#include "shaders/qr_f32.h"
#include "shaders/qr_f64.h"
#include "shaders/splitk_sum_f32.h"
#include "shaders/splitk_sum_f64.h"

namespace runmat::rt {

#define RUNMAT_SPIRV(name) SpirvModule{name, sizeof(name) / sizeof(name[0])}

SpirvModule librarySpirv(LibraryShader s) {
  switch (s) {
  case LibraryShader::MatmulF32: return RUNMAT_SPIRV(rm_spv_matmul_f32);
  case LibraryShader::MatmulF64: return RUNMAT_SPIRV(rm_spv_matmul_f64);
  case LibraryShader::MatmulNarrowF32: return RUNMAT_SPIRV(rm_spv_matmul_narrow_f32);
  case LibraryShader::MatmulNarrowF64: return RUNMAT_SPIRV(rm_spv_matmul_narrow_f64);
  case LibraryShader::SplitKSumF32: return RUNMAT_SPIRV(rm_spv_splitk_sum_f32);
  case LibraryShader::SplitKSumF64: return RUNMAT_SPIRV(rm_spv_splitk_sum_f64);
  case LibraryShader::GramSplit16: return RUNMAT_SPIRV(rm_spv_gram_split16);
  case LibraryShader::GramSplit16Coopmat: return RUNMAT_SPIRV(rm_spv_gram_split16_coopmat);
  case LibraryShader::ColumnScale: return RUNMAT_SPIRV(rm_spv_column_scale);
  case LibraryShader::QrF32: return RUNMAT_SPIRV(rm_spv_qr_f32);
  case LibraryShader::QrF64: return RUNMAT_SPIRV(rm_spv_qr_f64);
  case LibraryShader::Copy1: return RUNMAT_SPIRV(rm_spv_copy1);
  case LibraryShader::Copy4: return RUNMAT_SPIRV(rm_spv_copy4);
  case LibraryShader::Copy8: return RUNMAT_SPIRV(rm_spv_copy8);
  default: return SpirvModule{nullptr, 0};
  }
}

const char *libraryShaderName(LibraryShader s) {
  switch (s) {
  case LibraryShader::MatmulF32: return "matmul_f32";
  case LibraryShader::MatmulF64: return "matmul_f64";
  case LibraryShader::MatmulNarrowF32: return "matmul_narrow_f32";
  case LibraryShader::MatmulNarrowF64: return "matmul_narrow_f64";
  case LibraryShader::SplitKSumF32: return "splitk_sum_f32";
  case LibraryShader::SplitKSumF64: return "splitk_sum_f64";
  case LibraryShader::GramSplit16: return "gram_split16";
  case LibraryShader::GramSplit16Coopmat: return "gram_split16_coopmat";
  case LibraryShader::ColumnScale: return "column_scale";
  case LibraryShader::QrF32: return "qr_f32";
  case LibraryShader::QrF64: return "qr_f64";
  case LibraryShader::Copy1: return "copy1";
  case LibraryShader::Copy4: return "copy4";
  case LibraryShader::Copy8: return "copy8";
  default: return "?";
  }
}

} // namespace runmat::rt
