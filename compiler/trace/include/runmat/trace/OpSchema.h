// The catalogue of trace ops (schema v1): operand and result counts, attributes,
// regions, and whether the result type is inferred from the operands or
// declared by the trace (creation ops, reshape, indexing: their extents come
// from values, so the trace states them). docs/trace-schema.md is written from
// this table's content; keep the two in step.
#pragma once

#include <string>
#include <vector>

namespace runmat::trace {

enum class OpKind {
  Constant,   // const
  Fill,       // zeros, ones
  Random,     // rand, randn: each execution draws the next RNG stream
  Undefined,  // undef: placeholder for a variable not yet assigned on some path
  Colon,      // colon: start[:step]:stop as a 1xN row
  Linspace,   // linspace
  Unary,      // elementwise unary (uminus, sqrt, ...)
  Binary,     // elementwise binary with implicit expansion (plus, max, eq, ...)
  Cast,       // cast to the result dtype
  Reduction,  // sum, prod, mean, reduce_max, reduce_min over `dims`
  MatMul,     // mtimes
  Transpose,  // transpose
  QR,         // qr_econ
  Diag,       // diag
  Reshape,    // reshape
  Resize,     // resize: zero-filled new extents, the old elements in the top-left corner
  Subsref,    // subsref: indexing read
  Subsasgn,   // subsasgn: indexed assignment (functional update)
  Find,       // find: the 1-based positions of nonzeros
  Take,       // take: gather by linear indexes
  Put,        // put: scatter by linear indexes (functional update)
  Library,    // library: a runtime library function (LibraryFunctions.h)
  Concat,     // horzcat, vertcat
  ToScalar,   // to_scalar: a 1x1 tensor read on the host
  Residency,  // gpu, gather: identity with a residency hint
  Check,      // check: run-time assertion
  Print,      // fprintf
  Display,    // display (unsuppressed assignment) and disp
  Rng,        // rng: reseed the counter-based generator
  Call,       // call: a host function of the trace
  For,
  While,
  If,
};

enum class AttrKind { Bool, Int, Double, String, IntList, DoubleList, StringList };
const char *attrKindName(AttrKind k);

struct AttrSpec {
  const char *name;
  AttrKind kind;
  bool required;
};

struct OpSchema {
  const char *name;
  OpKind kind;
  int minOperands;
  int maxOperands; // -1: unbounded
  int minResults;
  int maxResults; // -1: unbounded
  std::vector<AttrSpec> attrs;
  std::vector<const char *> regions;
  bool declaresResultType; // false: the validator infers and compares
  const char *summary;
};

const OpSchema *findOpSchema(const std::string &name);
const std::vector<OpSchema> &allOpSchemas();

} // namespace runmat::trace
