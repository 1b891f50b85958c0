// The runtime library functions a program may call through the trace's
// `library` op and the dialect's `runmat.library_call`: host work that is
// not a kernel (sorting, scans, LAPACK solves, timers). The compiler checks
// calls against this table and the shim dispatches on it, so a name means
// the same operands, options and results on both sides.
#pragma once

#include <string_view>

namespace runmat {

enum class LibraryFunction { Sort, Cumsum, Cumprod, Mldivide, Inv, Det, Svd, Eig, Tic, Toc, Clock };

struct LibraryFunctionInfo {
  LibraryFunction fn;
  const char *name;
  int operands; // tensors (scalars travel as 1x1 tensors)
  int options;  // integer options, in this order
  int results;  // tensors
  const char *summary;
};

// Options: dim is 1-based; descending and reverse are 0 or 1.
inline constexpr LibraryFunctionInfo kLibraryFunctions[] = {
    {LibraryFunction::Sort, "sort", 1, 2, 2,
     "values and 1-based indexes sorted along `dim` (options dim, descending); stable; NaN last "
     "ascending, first descending"},
    {LibraryFunction::Cumsum, "cumsum", 1, 2, 1, "running sum along `dim` (options dim, reverse)"},
    {LibraryFunction::Cumprod, "cumprod", 1, 2, 1, "running product along `dim` (options dim, reverse)"},
    {LibraryFunction::Mldivide, "mldivide", 2, 0, 1,
     "A \\ B: LU with partial pivoting for square A, minimum-norm least squares otherwise"},
    {LibraryFunction::Inv, "inv", 1, 0, 1, "inverse of a square matrix (Inf where singular, with a warning)"},
    {LibraryFunction::Det, "det", 1, 0, 1, "determinant of a square matrix (1x1)"},
    {LibraryFunction::Svd, "svd", 1, 0, 1, "singular values, a descending column"},
    {LibraryFunction::Eig, "eig", 1, 0, 1,
     "eigenvalues of a symmetric matrix, an ascending column (a matrix that is not symmetric stops the run: its "
     "eigenvalues may be complex)"},
    {LibraryFunction::Tic, "tic", 0, 0, 1, "starts the run's stopwatch; gives its start in seconds (1x1)"},
    {LibraryFunction::Toc, "toc", 0, 0, 1, "seconds since the last tic of this run (1x1)"},
    {LibraryFunction::Clock, "clock", 0, 0, 1, "the stopwatch's clock in seconds (1x1; toc(t) is clock - t)"},
};

inline const LibraryFunctionInfo *findLibraryFunction(std::string_view name) {
  for (const LibraryFunctionInfo &f : kLibraryFunctions)
    if (name == f.name) return &f;
  return nullptr;
}

} // namespace runmat
