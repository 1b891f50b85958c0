// What the runmat_rt1_* entry points share: the pushed arguments
// (runmat_abi.h's argument stack) and the results of the last call.
#pragma once

#include "Exec.h"

#include <vector>

namespace runmat::rt {

inline Tensor *asTensor(void *t) { return static_cast<Tensor *>(t); }

// Takes the pushed arguments.
std::vector<runmat_exec::Item> takeArguments(runmat_exec *x);
// `count` integers of the pushed arguments from `from` on.
std::vector<int64_t> ints(runmat_exec *x, const std::vector<runmat_exec::Item> &items, size_t from, size_t count,
                          const char *what);
// The results the next runmat_rt1_result calls fetch.
void setResults(runmat_exec *x, std::vector<Tensor *> r);

} // namespace runmat::rt
