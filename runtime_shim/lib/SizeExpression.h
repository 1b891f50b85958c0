// Evaluates a size expression of the manifest over parameters: numbers,
// names, + - * /, parentheses, min(a,b), max(a,b), floor(x), ceil(x).
#pragma once

#include <map>
#include <string>

namespace runmat::rt {

// Throws std::runtime_error naming the expression and what is wrong.
double evalExpression(const std::string &expr, const std::map<std::string, double> &values);

} // namespace runmat::rt
