// Deletion x(subs) = []: the result is a gather of the elements that
// remain. Their positions come from a keep mask (true everywhere, false at
// the deleted indexes), so masks, index vectors and ranges known only at
// run time all work, and an index past the end is the read's error.
#include "TracerImpl.h"

namespace runmat::frontend {

namespace {

TValue one() { return TValue::constant(1); }

} // namespace

void Tracer::deleteIndexed(const Target &t, bool show, const SourceLoc &loc) {
  if (!hasVariable(t.name)) throw CompileError(t.loc, "'" + t.name + "' is undefined: there is nothing to delete");
  TValue x = readVariable(t.name, t.loc);
  if (x.isText() || x.isFormat() || x.isHandle())
    throw CompileError(t.loc, "deleting elements of '" + t.name + "' needs a numeric array");
  if (t.index.empty()) throw CompileError(t.loc, "a deletion needs at least one subscript");
  std::vector<Subscript> ss = analyzeSubscripts(x, t.index, false, loc);
  std::vector<Dim> shape = shapeOf(x);
  DType dt = typeOf(x).dtype;
  size_t d = ss.size();
  for (size_t k = 0; k < ss.size(); ++k)
    if (ss[k].kind != Subscript::Kind::Colon) {
      if (d != ss.size())
        throw CompileError(loc, "a deletion can have only one subscript that is not ':' (MATLAB's null assignment rule)");
      d = k;
    }
  if (d == ss.size()) { // x(:) = [], x(:, :) = []
    std::vector<Dim> empty = ss.size() == 1 ? std::vector<Dim>{Dim::constant(0), Dim::constant(0)} : shape;
    if (ss.size() > 1) empty[0] = Dim::constant(0);
    assign(t.name, emit1("zeros", {}, {}, {Type::makeTensor(dt, empty)}, loc), show, loc);
    return;
  }
  if (ss.size() > 1 && (shape.size() != 2 || ss.size() != 2))
    throw CompileError(loc, "deleting along a dimension of an N-D array is not supported by runmatc");
  // Which of the n positions (elements, rows or columns) remain.
  Dim n = ss.size() == 1 ? toDim(numelValue(x, loc), loc, "an extent") : shape[d];
  TValue deleted = linearIndexes({ss[d]}, loc);
  std::string deletedId = materializeTensor(deleted, loc); // put takes a tensor of indexes
  TValue keep = emit1("ones", {}, {}, {Type::makeTensor(DType::Logical, {n, Dim::constant(1)})}, loc);
  std::string keepId = materialize(keep, loc);
  keep = emit1("put", {keepId, deletedId, materialize(TValue::constant(0, DType::Logical), loc)}, {},
               {typeOfId(keepId)}, loc);
  TValue at = positionsOf(keep, loc); // k x 1, 1-based
  Dim k = shapeOf(at)[0];
  TValue linear;
  std::vector<Dim> result;
  if (ss.size() == 1) {
    // A column stays a column; a row or a matrix becomes a row.
    bool column = shape.size() == 2 && shape[1].isOne() && !shape[0].isOne();
    result = column ? std::vector<Dim>{k, Dim::constant(1)} : std::vector<Dim>{Dim::constant(1), k};
    linear = reshapeTo(at, result, loc);
  } else {
    TValue m = dimValue(shape[0]);
    if (d == 0) { // rows: keep + m * (0:cols-1)
      TValue cols = binaryOp("minus", rangeValue(one(), one(), dimValue(shape[1]), loc), one(), loc);
      linear = binaryOp("plus", at, binaryOp("times", cols, m, loc), loc);
      result = {k, shape[1]};
    } else { // columns: (1:m)' + m * (keep' - 1)
      TValue rows = transposeOp(rangeValue(one(), one(), m, loc), loc);
      TValue starts = binaryOp("times", binaryOp("minus", transposeOp(at, loc), one(), loc), m, loc);
      linear = binaryOp("plus", rows, starts, loc);
      result = {shape[0], k};
    }
  }
  std::string base = materializeTensor(x, loc);
  assign(t.name, emit1("take", {base, materialize(linear, loc)}, {}, {Type::makeTensor(dt, result)}, loc), show, loc);
}

} // namespace runmat::frontend
