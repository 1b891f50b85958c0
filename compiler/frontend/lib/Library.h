// runmatc's library of MATLAB functions written in the subset it compiles
// (compiler/frontend/library/*.m): found after the program's own functions
// and the .m files beside it, so a program's definition always wins.
#pragma once

#include <map>
#include <string>

namespace runmat::frontend {

// Function name -> its source text.
const std::map<std::string, std::string> &libraryFunctions();

} // namespace runmat::frontend
