// The names the CPU code generator gives what the artifact's descriptor
// lists (runmat_abi.h): the artifact writer finds them by these names.
#pragma once

#include <cstdint>
#include <string>

namespace runmat::codegen::cpu {

// A kernel's box function (runmat_box_fn) and a reduction's finish
// function (runmat_finish_fn), by kernel_id.
inline std::string kernelBoxSymbol(int64_t id) { return "runmat_kernel_" + std::to_string(id); }
inline std::string kernelFinishSymbol(int64_t id) { return kernelBoxSymbol(id) + "_finish"; }

// An entry's runmat_entry_fn wrapper, by the entry's function name.
constexpr const char *kEntryWrapperPrefix = "runmat_entry_";
inline std::string entryWrapperSymbol(const std::string &entry) { return kEntryWrapperPrefix + entry; }

} // namespace runmat::codegen::cpu
