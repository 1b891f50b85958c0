// The manifest's size and cost expressions, evaluated over a run's
// parameters (the compiler writes them as text; docs/artifact.md).
#include "SizeExpression.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace runmat::rt {

namespace {

class ExprParser {
public:
  ExprParser(const std::string &s, const std::map<std::string, double> &v) : s_(s), v_(v) {}
  double parse() {
    double x = expr();
    skip();
    if (p_ != s_.size()) fail("unexpected '" + std::string(1, s_[p_]) + "'");
    return x;
  }

private:
  [[noreturn]] void fail(const std::string &m) { throw std::runtime_error("expression '" + s_ + "': " + m); }
  void skip() {
    while (p_ < s_.size() && std::isspace((unsigned char)s_[p_])) ++p_;
  }
  bool eat(char c) {
    skip();
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  double expr() {
    double x = term();
    while (true) {
      if (eat('+')) x += term();
      else if (eat('-')) x -= term();
      else return x;
    }
  }
  double term() {
    double x = factor();
    while (true) {
      if (eat('*')) x *= factor();
      else if (eat('/')) x /= factor();
      else return x;
    }
  }
  double factor() {
    skip();
    if (eat('(')) {
      double x = expr();
      if (!eat(')')) fail("missing ')'");
      return x;
    }
    if (eat('-')) return -factor();
    if (p_ < s_.size() && (std::isdigit((unsigned char)s_[p_]) || s_[p_] == '.')) {
      size_t used = 0;
      double x = std::stod(s_.substr(p_), &used);
      p_ += used;
      return x;
    }
    size_t start = p_;
    while (p_ < s_.size() && (std::isalnum((unsigned char)s_[p_]) || s_[p_] == '_')) ++p_;
    if (start == p_) fail("expected a number or a name");
    std::string name = s_.substr(start, p_ - start);
    if (eat('(')) {
      std::vector<double> args{expr()};
      while (eat(',')) args.push_back(expr());
      if (!eat(')')) fail("missing ')'");
      if (name == "min" && args.size() == 2) return std::min(args[0], args[1]);
      if (name == "max" && args.size() == 2) return std::max(args[0], args[1]);
      if (name == "floor" && args.size() == 1) return std::floor(args[0]);
      if (name == "ceil" && args.size() == 1) return std::ceil(args[0]);
      fail("unknown function '" + name + "'");
    }
    auto it = v_.find(name);
    if (it == v_.end()) fail("unknown name '" + name + "'");
    return it->second;
  }
  const std::string &s_;
  const std::map<std::string, double> &v_;
  size_t p_ = 0;
};

} // namespace

double evalExpression(const std::string &expr, const std::map<std::string, double> &values) {
  return ExprParser(expr, values).parse();
}

} // namespace runmat::rt
