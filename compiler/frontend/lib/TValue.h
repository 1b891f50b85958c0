// The tracer's view of a MATLAB value during symbolic execution.
//
//  - Const: known at compile time (folded); small arrays with concrete shape.
//  - Runtime: a trace value (host scalar or tensor with symbolic extents).
//  - Text: a char array or string literal (formats, option names).
//  - Handle: a function handle, inlined where it is called: an anonymous
//    function (its body, parameters and the values it captured when it was
//    made) or a named function (`text`).
//  - Format: text built at run time (sprintf, num2str): a print format
//    (`text`, in fprintf's syntax) and the numbers it formats. It can be
//    printed (disp, fprintf's %s) and joined with other text, nothing else.
//  - EnvText: an environment variable's text, read when the program runs
//    (getenv), with text functions applied (`env`). What a program asks of
//    it (length, str2double, strcmp) becomes a parameter the shim sets when
//    the run starts; it can also be printed.
//  - Cell: a cell array of compile-time values (text and numbers): option
//    lists and presets, for strcmp, numel, c{i} and the like.
#pragma once

#include "runmat/contract/ParamSource.h"

#include "runmat/trace/Trace.h"

#include <cmath>
#include <memory>
#include <utility>
#include <string>
#include <vector>

namespace runmat::frontend {

using trace::DType;

enum class VKind { Const, Runtime, Text, Handle, Format, EnvText, Cell };

struct Expr;

struct TValue {
  VKind kind = VKind::Const;
  DType dtype = DType::Double;

  // Const: concrete extents (rank >= 2) and column-major data. Single values
  // are stored already rounded to float.
  std::vector<int64_t> dims{1, 1};
  std::vector<double> data{0.0};

  // Runtime: the trace value.
  std::string id;
  trace::Type type;
  // Runtime row vector built from scalars (e.g. size(x)): its elements, so
  // that zeros(size(x)) keeps symbolic extents.
  std::vector<TValue> elements;

  // Text, or a Handle's function name
  std::string text;
  // Format: the numbers its conversions take
  std::vector<TValue> formatArgs;
  // EnvText
  EnvText env;
  // Cell: its elements, column-major over `dims`
  std::vector<TValue> cells;
  // Handle of an anonymous function
  const Expr *lambda = nullptr;
  std::shared_ptr<const std::vector<std::pair<std::string, TValue>>> captured;

  // Reading this variable first requires this logical scalar to hold, else
  // the program stops with guardMessage (a variable undefined on some path).
  std::string guardId;
  std::string guardMessage;
  size_t guardDepth = 0;

  static TValue constant(double v, DType t = DType::Double) {
    TValue x;
    x.dtype = t;
    x.data = {round(v, t)};
    return x;
  }
  static TValue constArray(std::vector<int64_t> dims, std::vector<double> data, DType t) {
    TValue x;
    x.dtype = t;
    x.dims = std::move(dims);
    x.data = std::move(data);
    for (double &d : x.data) d = round(d, t);
    return x;
  }
  static TValue runtime(std::string id, trace::Type type) {
    TValue x;
    x.kind = VKind::Runtime;
    x.id = std::move(id);
    x.dtype = type.dtype;
    x.type = std::move(type);
    return x;
  }
  static TValue textValue(std::string s) {
    TValue x;
    x.kind = VKind::Text;
    x.text = std::move(s);
    x.dims = {1, (int64_t)x.text.size()};
    x.data.clear();
    return x;
  }

  // Rounds a double to what a value of dtype `t` can hold.
  static double round(double v, DType t) {
    if (t == DType::Single) return (double)(float)v;
    if (t == DType::Logical) return v != 0 ? 1.0 : 0.0;
    return v;
  }

  // int8 .. uint64 (held as doubles), or None; Const values have none.
  trace::IntegerClass integerClass() const {
    return kind == VKind::Runtime ? type.integerClass : trace::IntegerClass::None;
  }
  bool isConst() const { return kind == VKind::Const; }
  bool isRuntime() const { return kind == VKind::Runtime; }
  bool isText() const { return kind == VKind::Text; }
  bool isHandle() const { return kind == VKind::Handle; }
  bool isFormat() const { return kind == VKind::Format; }
  bool isEnvText() const { return kind == VKind::EnvText; }
  bool isCell() const { return kind == VKind::Cell; }
  static TValue envTextValue(EnvText t) {
    TValue x;
    x.kind = VKind::EnvText;
    x.env = std::move(t);
    x.data.clear();
    return x;
  }
  static TValue cellValue(std::vector<int64_t> dims, std::vector<TValue> cells) {
    TValue x;
    x.kind = VKind::Cell;
    x.dims = std::move(dims);
    x.cells = std::move(cells);
    x.data.clear();
    return x;
  }
  static TValue formatValue(std::string format, std::vector<TValue> args) {
    TValue x;
    x.kind = VKind::Format;
    x.text = std::move(format);
    x.formatArgs = std::move(args);
    x.data.clear();
    return x;
  }
  int64_t numel() const {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
  }
  bool isConstScalar() const { return isConst() && numel() == 1; }
  double scalar() const { return data.at(0); }
  bool isHostScalar() const { return isRuntime() && type.scalar; }
  // Statically known to hold exactly one element.
  bool isScalarLike() const {
    if (isConst()) return numel() == 1;
    if (isText()) return text.size() == 1;
    if (type.scalar) return true;
    for (const trace::Dim &d : type.shape)
      if (!d.isOne()) return false;
    return true;
  }
};

} // namespace runmat::frontend
