// The trace: what the RunMat VM records of one program run, and what the
// runmatc frontend produces by symbolic execution. Schema version 1; the YAML
// form is documented in docs/trace-schema.md.
//
// A trace is a list of entries (a script, or a function file's function,
// then the host functions they call). Each entry has parameters (scalars with defaults that a host may override),
// inputs/outputs (function entries), and a body: a list of ops in SSA form.
// Ops name MATLAB operations (plus, mtimes, mean, ...) and keep MATLAB's mixed
// single/double typing; the importer into the runmat dialect makes the dtype
// and implicit-expansion rules explicit.
#pragma once

#include "runmat/contract/ParamSource.h"
#include "runmat/support/Diagnostic.h"

#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace runmat::trace {

constexpr int kSchemaVersion = 1;

enum class DType : uint8_t { Double, Single, Logical };

const char *dtypeName(DType t);
std::optional<DType> parseDType(const std::string &name);
// Bytes per element on the runtime (logical is stored as one byte).
int dtypeBytes(DType t);

// MATLAB's integer classes (int8 .. uint64), as the frontend tracks them.
// An integer-class value is held in double storage (every int32 and uint8
// value is exact in a double; int64 and uint64 are exact to 2^53): the
// tracer makes MATLAB's rounding and saturation explicit ops, and strips the
// class from the trace it returns, whose types are storage types only.
enum class IntegerClass : uint8_t { None, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64 };

const char *integerClassName(IntegerClass c); // "int32"; "" for None
std::optional<IntegerClass> parseIntegerClass(const std::string &name);
// The class's range as doubles (int64's upper end rounds to 2^63).
void integerClassRange(IntegerClass c, double &lo, double &hi);

// One extent of a shape: a compile-time constant, or the id of a double scalar
// value that holds the extent at run time (a parameter, or computed from one).
struct Dim {
  int64_t extent = 0;  // meaningful when symbol is empty
  std::string symbol;  // value id, e.g. "v3"

  static Dim constant(int64_t e) { return Dim{e, {}}; }
  static Dim symbolic(std::string id) { return Dim{0, std::move(id)}; }
  bool isConstant() const { return symbol.empty(); }
  bool isOne() const { return isConstant() && extent == 1; }
  bool operator==(const Dim &o) const { return extent == o.extent && symbol == o.symbol; }
  bool operator!=(const Dim &o) const { return !(*this == o); }
  std::string str() const;
};

// A value's type. Host scalars (sizes, loop counters, folded constants that
// reach run time) have no shape; tensors have rank >= 2 as in MATLAB.
struct Type {
  DType dtype = DType::Double;
  bool scalar = true;
  std::vector<Dim> shape;
  // The frontend's MATLAB class of a double value (never in a finished trace).
  IntegerClass integerClass = IntegerClass::None;

  static Type makeScalar(DType t) { return Type{t, true, {}}; }
  static Type makeTensor(DType t, std::vector<Dim> dims) { return Type{t, false, std::move(dims)}; }
  bool isTensor() const { return !scalar; }
  size_t rank() const { return scalar ? 0 : shape.size(); }
  // The extent of 1-based dimension `d`; dims beyond the rank are 1 (MATLAB).
  Dim dim(size_t d) const;
  bool operator==(const Type &o) const {
    return dtype == o.dtype && scalar == o.scalar && shape == o.shape && integerClass == o.integerClass;
  }
  bool operator!=(const Type &o) const { return !(*this == o); }
  // "double" for a scalar, "single[v0,1]" for a tensor (storage types: no
  // integer class).
  std::string str() const;
};

// `t` with each symbolic extent that `renames` maps replaced by its image.
// A loop's or an if's results may use each other as extents (an extent the
// op carries); at each of its boundaries (initial values, region arguments,
// yields) the types are its result types renamed to that boundary's values.
Type renameSymbols(const Type &t, const std::map<std::string, std::string> &renames);

// Parses the text form of Type; on failure returns nullopt and sets `error`.
std::optional<Type> parseType(const std::string &text, std::string &error);

struct Value {
  std::string id;
  Type type;
};

using AttrValue = std::variant<bool, int64_t, double, std::string, std::vector<int64_t>,
                               std::vector<double>, std::vector<std::string>>;

struct Attr {
  std::string name;
  AttrValue value;
};

struct Region;

struct Op {
  std::string name;
  std::vector<std::string> operands;
  std::vector<Attr> attrs;
  std::vector<Value> results;
  std::vector<Region> regions;
  SourceLoc loc;     // where in the program this op comes from (may be unknown)
  int traceLine = 0; // line of the op in the YAML it was read from (0: not read)

  const Attr *findAttr(const std::string &name) const;
  void setAttr(const std::string &name, AttrValue v);
  const Region *findRegion(const std::string &name) const;
};

struct Region {
  std::string name; // "body", "cond", "then", "else"
  std::vector<Value> args;
  std::vector<Op> ops;
  std::vector<std::string> yields;
  int traceLine = 0;
};

struct Param {
  std::string name;
  Value value;          // a host scalar
  double defaultValue = 0; // NaN: the program computes it (given by a `given` parameter)
  // The user's, or set when the run starts (an environment variable's
  // text, or whether the user bound a parameter): ParamSource.h.
  ParamSource source;
  SourceLoc loc;
  int traceLine = 0;
};

// A function entry's tensor input. Its extents are fresh double scalars
// (`dims`) that the rest of the body may use as symbols.
struct Input {
  std::string name;
  Value value;
  std::vector<std::string> dims;
  int traceLine = 0;
};

struct Output {
  std::string name;
  std::string value; // id of the value returned
  int traceLine = 0;
};

// A host function is a function of host scalars that the program calls
// with "call" ops (a recursion on run-time values): its inputs are scalars,
// and it is compiled as code on the host, never as a kernel.
enum class EntryKind : uint8_t { Script, Function, HostFunction };

const char *entryKindName(EntryKind k); // "script", "function", "host_function"
std::optional<EntryKind> parseEntryKind(const std::string &name);

struct Entry {
  std::string name;
  EntryKind kind = EntryKind::Script;
  std::vector<Param> params;
  std::vector<Input> inputs;
  std::vector<Output> outputs;
  Region body;
  SourceLoc loc;
  int traceLine = 0;
};

struct Trace {
  int version = kSchemaVersion;
  std::string source; // the program file the trace was taken from
  std::vector<Entry> entries;
};

} // namespace runmat::trace
