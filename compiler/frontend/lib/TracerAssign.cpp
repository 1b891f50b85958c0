// Indexed assignment x(s1, s2, ...) = v, with MATLAB's semantics: 1-based
// column-major subscripts, scalar expansion of the right side, growth with
// zero fill when a compile-time subscript passes the end, and the class of
// the result chosen as MATLAB chooses it. The trace gets a functional
// `subsasgn` (a new value); the shim writes in place when the old value is
// dead (runmat.update).
#include "ConstEval.h"
#include "TracerImpl.h"

#include <algorithm>

namespace runmat::frontend {

namespace {

using Kind = Tracer::Subscript::Kind;

// The class of x after x(...) = v: x keeps its class (v converts to it),
// except that a new or [] x takes v's.
DType assignedDType(bool takesValueClass, DType x, DType v) { return takesValueClass ? v : x; }

std::string shapeWords(const std::vector<Dim> &dims) {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) s += (i ? "-by-" : "") + dims[i].str();
  return s;
}

std::vector<Dim> squeezed(const std::vector<Dim> &dims) {
  std::vector<Dim> out;
  for (const Dim &d : dims)
    if (!d.isOne()) out.push_back(d);
  return out;
}

bool allConstant(const std::vector<Dim> &dims) {
  return std::all_of(dims.begin(), dims.end(), [](const Dim &d) { return d.isConstant(); });
}

int64_t product(const std::vector<Dim> &dims, size_t from = 0) {
  int64_t n = 1;
  for (size_t k = from; k < dims.size(); ++k) n *= dims[k].extent;
  return n;
}

} // namespace

void Tracer::assignIndexed(const Target &t, const Expr &rhs, bool show, const SourceLoc &loc) {
  if (rhs.kind == ExprKind::Matrix && rhs.rows.empty()) return deleteIndexed(t, show, loc);
  TValue v = eval(rhs);
  if (v.isText())
    throw CompileError(rhs.loc, "assigning text into an array element is not supported by runmatc");
  if (t.index.empty()) throw CompileError(t.loc, "an indexed assignment needs at least one subscript");
  bool defined = hasVariable(t.name);
  TValue x = defined ? readVariable(t.name, t.loc) : TValue::constArray({0, 0}, {}, DType::Double);
  if (x.isText())
    throw CompileError(t.loc, "indexed assignment into text '" + t.name + "' is not supported by runmatc");

  std::vector<Subscript> ss = analyzeSubscripts(x, t.index, true, t.loc);
  size_t n = ss.size();
  std::vector<Dim> shape = shapeOf(x);
  size_t rank = shape.size();
  std::vector<Dim> vshape = shapeOf(v);
  bool xEmpty = allConstant(shape) && product(shape) == 0;

  // An empty x takes a colon's extent from the right side: x = []; x(1, :) = v.
  if (xEmpty && n >= 2 && !v.isScalarLike() && allConstant(vshape)) {
    std::vector<Dim> vs = squeezed(vshape);
    size_t colons = 0, used = 0;
    for (const Subscript &s : ss) colons += s.kind == Kind::Colon;
    for (size_t k = 0; k < n; ++k) {
      if (ss[k].kind != Kind::Colon) continue;
      Dim d = colons == vs.size() ? vs[used++] : (k < vshape.size() ? vshape[k] : Dim::constant(1));
      ss[k].kind = Kind::Range;
      ss[k].a = ss[k].b = TValue::constant(1);
      ss[k].c = TValue::constant((double)d.extent);
      ss[k].extent = d;
      ss[k].largest = (double)d.extent;
    }
  }

  // Growth: a compile-time subscript past a compile-time extent.
  auto grows = [](const Subscript &s) {
    return s.kind != Kind::Colon && s.largest > 0 && s.of.isConstant() && s.largest > (double)s.of.extent;
  };
  // Growth at run time: a run-time index that may pass a compile-time
  // extent, or an extent that grows at run time already (a carried extent,
  // one grown before). An extent fixed at run time otherwise (a parameter's
  // n, a preallocated zeros(n, 1)) is checked, not grown: its array keeps
  // its type, which the loop fusion needs. In a for loop of known trips
  // the growth asks traceFor to unroll (each trip then grows at constant
  // subscripts).
  auto mayGrowAtRunTime = [&](const Subscript &s) {
    if (s.kind != Kind::Index || s.largest > 0 || s.a.isConst()) return false;
    if (!s.of.isConstant()) return growableExtents_.count(s.of.symbol) != 0;
    auto bounds = boundsOf(s.a);
    return !bounds || bounds->second > (double)s.of.extent;
  };
  std::vector<bool> growsAtRunTime(n, false);
  bool anyRunTimeGrowth = false;
  // One subscript into an array whose every extent grows at run time (grown
  // from [] in a loop): whether it is a row, a column or empty is known
  // only at run time, and so is the dimension that grows.
  bool orientationAtRunTime = false;
  if (n == 1) {
    const Subscript &s = ss[0];
    bool runTimeIndex = s.kind == Kind::Index && s.largest <= 0 && !s.a.isConst();
    if (rank == 2 && runTimeIndex && (shape[0].isOne() || shape[1].isOne() || xEmpty)) {
      Dim length = xEmpty ? Dim::constant(0) : shape[0].isOne() ? shape[1] : shape[0];
      Subscript along = s;
      along.of = length;
      growsAtRunTime[0] = mayGrowAtRunTime(along);
    } else if (rank == 2 && runTimeIndex && mayBeEmptyAtRunTime(x)) {
      growsAtRunTime[0] = orientationAtRunTime = true;
    }
  } else {
    for (size_t k = 0; k < n; ++k)
      growsAtRunTime[k] = !(k == n - 1 && rank > n) && mayGrowAtRunTime(ss[k]);
  }
  for (bool g : growsAtRunTime) anyRunTimeGrowth |= g;
  if (anyRunTimeGrowth) ++runtimeGrowthAssignments_;
  for (const Subscript &s : ss) {
    if (s.kind == Kind::Colon || s.kind == Kind::Vector || s.largest > 0 || !s.of.isConstant()) continue;
    if (s.of.extent == 0 && !anyRunTimeGrowth)
      throw CompileError(s.loc, "'" + t.name + "' is empty here and this subscript is known only at run time; "
                                "runmatc grows an array at run time through single indexes (x(i) = v, "
                                "x(i, j) = v), not through ranges (preallocate it, e.g. with zeros)");
    auto bounds = boundsOf(s.kind == Kind::Index ? s.a : s.c);
    if (!anyRunTimeGrowth && bounds && bounds->second > (double)s.of.extent) ++runtimeGrowthAssignments_;
  }
  std::vector<Dim> newShape = shape;
  bool grown = false;
  if (n == 1) {
    if (grows(ss[0])) {
      bool row = rank == 2 && shape[0].isOne();
      bool column = rank == 2 && shape[1].isOne() && !row;
      bool empty00 = rank == 2 && shape[0] == Dim::constant(0) && shape[1] == Dim::constant(0);
      if (!(row || column || empty00))
        throw CompileError(ss[0].loc, "index " + std::to_string((long long)ss[0].largest) + " is past the end of '" +
                                          t.name + "' (" + shapeWords(shape) +
                                          "), and a matrix cannot grow through one linear subscript "
                                          "(the dimension to grow is ambiguous)");
      Dim len = Dim::constant((int64_t)ss[0].largest);
      newShape = column ? std::vector<Dim>{len, Dim::constant(1)} : std::vector<Dim>{Dim::constant(1), len};
      grown = true;
    }
  } else {
    newShape.resize(std::max(n, rank), Dim::constant(1));
    for (size_t k = 0; k < n; ++k) {
      if (!grows(ss[k])) continue;
      if (k == n - 1 && rank > n)
        throw CompileError(ss[k].loc, "index " + std::to_string((long long)ss[k].largest) + " is past the end of '" +
                                          t.name + "', whose trailing dimensions are folded into this subscript; "
                                          "runmatc cannot tell which dimension to grow (give every subscript)");
      newShape[k] = Dim::constant((int64_t)ss[k].largest);
      grown = true;
    }
    while (newShape.size() > 2 && newShape.back().isOne()) newShape.pop_back();
    if (!grown) newShape = shape;
  }
  // The extents after a run-time growth (max of the old and the index), and
  // whether this assignment grows x at all: needed only where the number of
  // dimensions grows (else a resize to unchanged extents gives x back) and
  // where the orientation is decided at run time.
  TValue growsNow = TValue::constant(0, DType::Logical);
  if (anyRunTimeGrowth) {
    // Grown at compile time too: the copy is made whatever the index.
    if (grown) growsNow = TValue::constant(1, DType::Logical);
    if (orientationAtRunTime) {
      newShape = runTimeOrientationGrowth(t.name, shape, ss[0].a, growsNow, loc);
    } else if (n == 1) {
      bool column = rank == 2 && shape[1].isOne() && !shape[0].isOne();
      size_t k = column ? 0 : 1;
      TValue old = xEmpty ? TValue::constant(0) : dimValue(newShape[k]);
      TValue extent = binaryOp("max", old, ss[0].a, loc);
      newShape = {Dim::constant(1), Dim::constant(1)};
      newShape[k] = toDim(extent, loc, "the grown extent");
    } else {
      newShape.resize(std::max(n, rank), Dim::constant(1));
      std::vector<TValue> past;
      for (size_t k = 0; k < n; ++k) {
        if (!growsAtRunTime[k]) continue;
        TValue old = dimValue(newShape[k]);
        newShape[k] = toDim(binaryOp("max", old, ss[k].a, loc), loc, "the grown extent");
        past.push_back(binaryOp("gt", ss[k].a, old, loc));
      }
      while (newShape.size() > 2 && newShape.back().isOne()) newShape.pop_back();
      if (newShape.size() != rank && !grown)
        for (const TValue &p : past) growsNow = binaryOp("or", growsNow, p, loc);
    }
    for (const Dim &d : newShape)
      if (!d.isConstant()) growableExtents_.insert(d.symbol);
    grown = true;
  }
  if (grown) {
    // The subscripts now index into the grown extents.
    if (n == 1) {
      TValue count = TValue::constant(1);
      for (const Dim &d : newShape) count = binaryOp("times", count, dimValue(d), loc);
      ss[0].of = toDim(count, loc, "the grown extent");
    } else {
      std::vector<Dim> padded = newShape;
      padded.resize(std::max(padded.size(), n), Dim::constant(1));
      for (size_t k = 0; k + 1 < n; ++k) ss[k].of = padded[k];
      // (The last subscript cannot grow while it folds trailing dimensions.)
      if (rank <= n) ss[n - 1].of = padded[n - 1];
    }
    for (Subscript &s : ss)
      if (s.kind == Kind::Colon) s.extent = s.of;
  }

  // The right side: a scalar fills the section, else its non-singleton
  // dimensions must be the section's (one subscript: only the counts).
  std::vector<Dim> section;
  for (const Subscript &s : ss) section.push_back(s.extent);
  if (!v.isScalarLike()) {
    std::vector<Dim> ls = n == 1 ? section : squeezed(section), rs = n == 1 ? vshape : squeezed(vshape);
    auto mismatch = [&]() {
      return CompileError(t.loc, "the assignment to '" + t.name + "(...)' puts " + shapeWords(vshape) +
                                   " elements into a " + shapeWords(section) + " section");
    };
    if (n == 1 || ls.size() != rs.size()) {
      if (allConstant(ls) && allConstant(rs)) {
        if (product(ls) != product(rs) || (n != 1 && product(ls) != 1)) throw mismatch();
      } else {
        TValue lhsCount = TValue::constant(1), rhsCount = numelValue(v, loc);
        for (const Dim &d : section) lhsCount = binaryOp("times", lhsCount, dimValue(d), loc);
        emitCheck(binaryOp("eq", lhsCount, rhsCount, loc),
                  "the assignment to " + t.name + "(...) has a different number of elements on each side", loc);
      }
    } else {
      for (size_t k = 0; k < ls.size(); ++k) {
        if (ls[k] == rs[k]) continue;
        if (ls[k].isConstant() && rs[k].isConstant()) throw mismatch();
        emitCheck(binaryOp("eq", dimValue(ls[k]), dimValue(rs[k]), loc),
                  "the assignment to " + t.name + "(...) has different sizes on each side", loc);
      }
    }
  }

  bool takesValueClass = !defined || (x.isConst() && xEmpty);
  DType dt = assignedDType(takesValueClass, x.dtype, v.dtype);
  // Integer classes too: x keeps its own (v converts to it, saturating),
  // a new x takes v's.
  trace::IntegerClass cls = takesValueClass ? v.integerClass() : x.integerClass();
  if (cls != trace::IntegerClass::None) {
    v = toIntegerClass(v, cls, loc);
  } else {
    x = castTo(x, dt, loc);
    v = castTo(v, dt, loc);
  }
  auto keepClass = [&](TValue r) { return cls == trace::IntegerClass::None ? r : withIntegerClass(r, cls, loc); };

  bool subsConst = std::all_of(ss.begin(), ss.end(), [](const Subscript &s) {
    return s.kind == Kind::Colon || (s.a.isConst() && s.b.isConst() && s.c.isConst());
  });
  if (x.isConst() && v.isConst() && subsConst && allConstant(newShape)) {
    // Fold: grow, then write the section.
    std::vector<int64_t> dims;
    for (const Dim &d : newShape) dims.push_back(d.extent);
    std::vector<double> data((size_t)product(newShape), 0.0);
    std::vector<int64_t> old = x.dims;
    old.resize(dims.size(), 1);
    std::vector<int64_t> idx(old.size(), 0);
    for (int64_t e = 0; e < x.numel(); ++e) {
      int64_t off = 0, stride = 1;
      for (size_t k = 0; k < old.size(); ++k) {
        off += idx[k] * stride;
        stride *= dims[k];
      }
      data[(size_t)off] = x.data[(size_t)e];
      for (size_t k = 0; k < old.size() && ++idx[k] == old[k]; ++k) idx[k] = 0;
    }
    std::vector<std::vector<int64_t>> p;
    std::vector<int64_t> effDims;
    for (const Subscript &s : ss) {
      p.push_back(constPicks(s));
      effDims.push_back(s.of.extent);
    }
    int64_t total = 1;
    for (auto &q : p) total *= (int64_t)q.size();
    std::vector<int64_t> at(p.size(), 0);
    for (int64_t e = 0; e < total; ++e) {
      int64_t off = 0, stride = 1;
      for (size_t k = 0; k < p.size(); ++k) {
        off += p[k][(size_t)at[k]] * stride;
        stride *= effDims[k];
      }
      data[(size_t)off] = v.numel() == 1 ? v.scalar() : v.data[(size_t)e];
      for (size_t k = 0; k < p.size() && ++at[k] == (int64_t)p[k].size(); ++k) at[k] = 0;
    }
    assign(t.name, TValue::constArray(dims, std::move(data), dt), show, loc);
    return;
  }

  bool anyVector = std::any_of(ss.begin(), ss.end(), [](const Subscript &s) { return s.kind == Kind::Vector; });
  // A host scalar written at index 1 stays a host scalar.
  if (!grown && !anyVector && (x.isHostScalar() || x.isConstScalar()) && v.isScalarLike()) {
    for (const Subscript &s : ss)
      if (s.kind != Kind::Colon)
        emitCheck(binaryOp("eq", s.kind == Kind::Index ? s.a : s.c, TValue::constant(1), loc),
                  "index exceeds the extent 1 of '" + t.name + "'",
                  loc);
    assign(t.name, keepClass(toHostScalar(v, loc, "the assigned value")), show, loc);
    return;
  }

  std::string base = materialize(x, loc);
  if (typeOfId(base).scalar)
    base = emit1("horzcat", {base}, {}, {Type::makeTensor(dt, {Dim::constant(1), Dim::constant(1)})}, loc).id;
  if (anyRunTimeGrowth) base = growAtRunTime(base, newShape, growsNow, xEmpty, loc);
  else if (grown) base = grownCopy(base, newShape, xEmpty, loc);

  if (anyVector) {
    // Index vectors and masks: a scatter by linear indexes.
    TValue linear = linearIndexes(ss, loc);
    TValue out = emit1("put", {base, materialize(linear, loc), materialize(v, loc)}, {}, {typeOfId(base)}, loc);
    assign(t.name, keepClass(out), show, loc);
    return;
  }
  Type full = typeOfId(base);
  size_t baseRank = full.shape.size();
  bool folded = n >= 2 && baseRank > n;
  if (folded) {
    std::vector<Dim> eff;
    for (const Subscript &s : ss) eff.push_back(s.of);
    base = materialize(reshapeTo(TValue::runtime(base, full), eff, loc), loc);
  }
  size_t keep = n == 1 ? 1 : std::min(n, std::max<size_t>(folded ? n : baseRank, 2));
  checkTrailingSubscripts(ss, keep, loc);
  std::vector<std::string> operands = {base, materialize(v, loc)}, kinds;
  subscriptOperands(ss, keep, kinds, operands, loc);
  TValue out = emit1("subsasgn", operands, {trace::Attr{"subs", kinds}}, {typeOfId(base)}, loc);
  if (folded) out = reshapeTo(out, full.shape, loc);
  assign(t.name, keepClass(out), show, loc);
}

std::string Tracer::grownCopy(const std::string &base, const std::vector<Dim> &newShape, bool empty,
                              const SourceLoc &loc) {
  // Zeros of the new shape with the old value in its top-left corner: a
  // resize (in place where the shim can, see runmat_rt1_resize), or where
  // the number of dimensions grows, zeros with the old value written in.
  Type old = typeOfId(base);
  Type grown = Type::makeTensor(old.dtype, newShape);
  if (!empty && old.shape.size() == newShape.size()) return emit1("resize", {base}, {}, {grown}, loc).id;
  std::string zeros = emit1("zeros", {}, {}, {grown}, loc).id;
  if (empty) return zeros;
  std::vector<Dim> oldShape = old.shape;
  oldShape.resize(newShape.size(), Dim::constant(1));
  std::vector<std::string> operands = {zeros, base}, kinds;
  for (size_t k = 0; k < newShape.size(); ++k) {
    if (oldShape[k] == newShape[k]) {
      kinds.push_back("colon");
      continue;
    }
    kinds.push_back("range");
    for (const TValue &o : {TValue::constant(1), TValue::constant(1), dimValue(oldShape[k])})
      operands.push_back(materialize(o, loc));
  }
  return emit1("subsasgn", operands, {trace::Attr{"subs", kinds}}, {typeOfId(zeros)}, loc).id;
}

std::string Tracer::growAtRunTime(const std::string &base, const std::vector<Dim> &newShape, const TValue &grows,
                                  bool empty, const SourceLoc &loc) {
  Type grownType = Type::makeTensor(typeOfId(base).dtype, newShape);
  // An empty x has nothing to keep (an index that does not pass its end is
  // invalid anyway); a resize to extents that did not change gives x back
  // (a host call, no copy). Only a change of the number of dimensions needs
  // `grows`.
  if (empty || typeOfId(base).shape.size() == newShape.size()) return grownCopy(base, newShape, empty, loc);
  if (grows.isConst())
    return consteval::truthy(grows) ? grownCopy(base, newShape, empty, loc) : retype(base, grownType, loc);
  // Only a trip that passes the end copies; the others keep x as it is.
  trace::Op op = ifOp(materialize(grows, loc), loc);
  pushRegion(&op.regions[0]);
  op.regions[0].yields.push_back(grownCopy(base, newShape, empty, loc));
  popRegion();
  pushRegion(&op.regions[1]);
  op.regions[1].yields.push_back(retype(base, grownType, loc));
  popRegion();
  op.results.push_back(trace::Value{newId(), grownType});
  define(op.results[0].id, grownType);
  std::string id = op.results[0].id;
  appendOp(std::move(op));
  return id;
}

std::vector<Dim> Tracer::runTimeOrientationGrowth(const std::string &name, const std::vector<Dim> &shape,
                                                  const TValue &index, TValue &grows, const SourceLoc &loc) {
  TValue rows = dimValue(shape[0]), cols = dimValue(shape[1]), one = TValue::constant(1);
  TValue numel = binaryOp("times", rows, cols, loc);
  emitCheck(binaryOp("or", binaryOp("or", binaryOp("le", rows, one, loc), binaryOp("le", cols, one, loc), loc),
                     binaryOp("le", index, numel, loc), loc),
            "index past the end of the matrix '" + name +
                "': a matrix cannot grow through one subscript (the dimension to grow is ambiguous)",
            loc);
  grows = binaryOp("gt", index, numel, loc);
  TValue column = binaryOp("and", binaryOp("eq", cols, one, loc), binaryOp("ne", rows, one, loc), loc);
  // c ? a : b on host scalars (finite extents).
  auto select = [&](const TValue &c, const TValue &a, const TValue &b) {
    TValue w = castTo(c, DType::Double, loc);
    return binaryOp("plus", binaryOp("times", w, a, loc),
                    binaryOp("times", binaryOp("minus", one, w, loc), b, loc), loc);
  };
  // Growing: a column grows its rows; a row, or [] (which becomes a row), its columns.
  TValue newRows = select(grows, select(column, index, binaryOp("max", rows, one, loc)), rows);
  TValue newCols = select(grows, select(column, one, index), cols);
  return {toDim(newRows, loc, "the grown extent"), toDim(newCols, loc, "the grown extent")};
}

} // namespace runmat::frontend
