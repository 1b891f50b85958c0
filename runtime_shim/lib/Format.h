// MATLAB/Octave text output: fprintf's format rules and the display of
// values (unsuppressed statements and disp), as GNU Octave prints them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace runmat::rt {

// fprintf(format, values...): escapes in `format` are interpreted; the format
// is reused until all values are consumed; output stops at the first
// conversion that has no value left.
std::string formatPrintf(const std::string &format, const std::vector<double> &values);

// A value to display: column-major data with its shape and dtype.
struct DisplayValue {
  std::vector<double> data;
  std::vector<int64_t> dims;
  int dtype = 0; // RM_DOUBLE, RM_SINGLE, RM_LOGICAL
  bool integerClass = false; // an int8 .. uint64 value: integers in columns as wide as the widest
  double integerLowest = 0;  // its class's intmin
};

// "x = 5\n", or "x =\n\n   1   2\n\n" for matrices; without a name, disp's form.
std::string formatDisplay(const std::string *name, const DisplayValue &v);

} // namespace runmat::rt
