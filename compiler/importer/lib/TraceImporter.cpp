#include "runmat/importer/TraceImporter.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"
#include "runmat/support/Diagnostic.h"
#include "runmat/trace/OpSchema.h"
#include "runmat/trace/TypeRules.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/StringMap.h"

#include <map>
#include <set>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::importer {

void loadDialects(MLIRContext &context) {
  context.loadDialect<rm::RunMatDialect, func::FuncDialect, arith::ArithDialect, math::MathDialect,
                      scf::SCFDialect, tensor::TensorDialect>();
}

static SourceLoc toSourceLoc(Location loc) {
  if (auto fl = dyn_cast<FileLineColLoc>(loc))
    return SourceLoc{fl.getFilename().str(), (int)fl.getLine(), (int)fl.getColumn()};
  if (auto nl = dyn_cast<NameLoc>(loc))
    return toSourceLoc(nl.getChildLoc());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (isa<FileLineColLoc>(l))
        return toSourceLoc(l);
  return SourceLoc{};
}

void runWithDiagnostics(MLIRContext &context, const std::function<LogicalResult()> &fn) {
  std::optional<std::pair<SourceLoc, std::string>> first;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    if (d.getSeverity() == DiagnosticSeverity::Error && !first)
      first = std::make_pair(toSourceLoc(d.getLocation()), d.str());
    return success();
  });
  LogicalResult r = fn();
  if (first)
    throw CompileError(first->first, first->second);
  if (failed(r))
    throw CompileError(SourceLoc{}, "internal error: a compiler step failed without a diagnostic");
}

namespace {

using trace::Dim;
using trace::DType;

class Importer {
public:
  Importer(MLIRContext &ctx, const trace::Trace &t, std::string file)
      : ctx_(ctx), b_(&ctx), trace_(t), file_(std::move(file)) {}

  OwningOpRef<ModuleOp> run() {
    Location moduleLoc = FileLineColLoc::get(&ctx_, trace_.source, 1, 1);
    module_ = ModuleOp::create(moduleLoc);
    (*module_)->setAttr("runmat.source", b_.getStringAttr(trace_.source));
    (*module_)->setAttr("runmat.trace_version", b_.getI64IntegerAttr(trace_.version));
    for (const trace::Entry &e : trace_.entries) importEntry(e);
    return std::move(module_);
  }

private:
  // ---- types and locations ---------------------------------------------------
  Type elemType(DType t) {
    switch (t) {
    case DType::Double: return b_.getF64Type();
    case DType::Single: return b_.getF32Type();
    case DType::Logical: return b_.getI1Type();
    }
    return b_.getF64Type();
  }

  Type mlirType(const trace::Type &t) {
    if (t.scalar) return elemType(t.dtype);
    SmallVector<int64_t> shape;
    for (const Dim &d : t.shape) shape.push_back(d.isConstant() ? d.extent : ShapedType::kDynamic);
    return RankedTensorType::get(shape, elemType(t.dtype));
  }

  Location loc(const trace::Op &op) {
    if (op.loc.known()) return FileLineColLoc::get(&ctx_, op.loc.file, op.loc.line, op.loc.column);
    return FileLineColLoc::get(&ctx_, file_, op.traceLine, 0);
  }

  [[noreturn]] void fail(const trace::Op &op, const std::string &msg) {
    throw CompileError(op.loc.known() ? op.loc : SourceLoc{file_, op.traceLine, 0}, msg);
  }

  // ---- values ----------------------------------------------------------------
  void bind(const std::string &id, Value v) { scopes_.back().values[id] = v; }

  Value lookup(const std::string &id) {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto f = it->values.find(id);
      if (f != it->values.end()) return f->second;
    }
    throw std::logic_error("importer: value " + id + " is not bound");
  }

  const trace::Type &traceType(const std::string &id) { return types_.at(id); }

  Value indexConst(int64_t v, Location l) { return b_.create<arith::ConstantIndexOp>(l, v); }

  // The index value of an extent: a constant, or the checked conversion of
  // the double scalar that holds it (made once, next to its definition).
  Value extent(const Dim &d, Location l) {
    if (d.isConstant()) return indexConst(d.extent, l);
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      auto f = it->extents.find(d.symbol);
      if (f != it->extents.end()) return f->second;
    }
    return makeExtent(d.symbol, "the size " + d.symbol, l);
  }

  Value makeExtent(const std::string &id, const std::string &what, Location l) {
    Value v = lookup(id);
    auto op = b_.create<rm::ToIndexOp>(l, b_.getIndexType(), v, b_.getStringAttr(what), nullptr);
    scopes_.back().extents[id] = op;
    return op;
  }

  SmallVector<Value> dynamicSizes(const trace::Type &t, Location l) {
    SmallVector<Value> out;
    for (const Dim &d : t.shape)
      if (!d.isConstant()) out.push_back(extent(d, l));
    return out;
  }

  static Type elementOf(Type t) {
    if (auto rt = dyn_cast<RankedTensorType>(t)) return rt.getElementType();
    return t;
  }

  // MATLAB's conversion of `v` to element type `e` (same shape).
  Value convertTo(Value v, Type e, Location l) {
    if (elementOf(v.getType()) == e) return v;
    Type target = e;
    if (auto rt = dyn_cast<RankedTensorType>(v.getType())) target = RankedTensorType::get(rt.getShape(), e);
    return b_.create<rm::ConvertOp>(l, target, v);
  }

  Value asTensor(Value v, Location l) {
    if (isa<RankedTensorType>(v.getType())) return v;
    auto t = RankedTensorType::get({1, 1}, v.getType());
    return b_.create<tensor::FromElementsOp>(l, t, ValueRange{v});
  }

  Value floatConst(double v, Type t, Location l) {
    if (t.isInteger(1)) return b_.create<arith::ConstantIntOp>(l, v != 0, 1);
    return b_.create<arith::ConstantOp>(l, b_.getFloatAttr(t, v));
  }

  // Two different symbolic extents met where MATLAB needs them equal: the
  // tracer assumed they are; check it at run time.
  void checkSameExtents(const trace::Op &op, const std::vector<std::pair<Dim, Dim>> &pairs, Location l) {
    for (const auto &[x, y] : pairs) {
      Value a = extent(x, l), c = extent(y, l);
      Value eq = b_.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, a, c);
      b_.create<rm::CheckOp>(l, eq,
                             b_.getStringAttr("sizes " + extentName(x) + " and " + extentName(y) +
                                              " differ at run time, where '" + op.name + "' needs them equal (" +
                                              (op.loc.known() ? op.loc.str() : file_) + ")"));
    }
  }

  std::string extentName(const Dim &d) const {
    if (d.isConstant()) return d.str();
    auto n = names_.find(d.symbol);
    return n != names_.end() ? n->second : "(a computed size)";
  }

  // ---- random state --------------------------------------------------------------
  bool usesRng(const std::vector<trace::Op> &ops) {
    for (const trace::Op &op : ops) {
      if (op.name == "rand" || op.name == "randn" || op.name == "rng") return true;
      for (const trace::Region &r : op.regions)
        if (usesRng(r.ops)) return true;
    }
    return false;
  }
  bool usesRng(const trace::Op &op) {
    for (const trace::Region &r : op.regions)
      if (usesRng(r.ops)) return true;
    return false;
  }

  // ---- entries ---------------------------------------------------------------------
  void collectSymbols(const std::vector<trace::Op> &ops) {
    for (const trace::Op &op : ops) {
      for (const trace::Value &v : op.results) {
        types_[v.id] = v.type;
        for (const Dim &d : v.type.shape)
          if (!d.isConstant()) symbols_.insert(d.symbol);
      }
      for (const trace::Region &r : op.regions) {
        for (const trace::Value &a : r.args) {
          types_[a.id] = a.type;
          for (const Dim &d : a.type.shape)
            if (!d.isConstant()) symbols_.insert(d.symbol);
        }
        collectSymbols(r.ops);
      }
    }
  }

  void importEntry(const trace::Entry &e) {
    types_.clear();
    symbols_.clear();
    names_.clear();
    for (const trace::Param &p : e.params) {
      types_[p.value.id] = p.value.type;
      names_[p.value.id] = p.name;
    }
    for (const trace::Input &in : e.inputs) {
      types_[in.value.id] = in.value.type;
      for (size_t d = 0; d < in.dims.size(); ++d) {
        types_[in.dims[d]] = trace::Type::makeScalar(DType::Double);
        names_[in.dims[d]] = "size(" + in.name + "," + std::to_string(d + 1) + ")";
      }
    }
    collectSymbols(e.body.ops);

    const bool host = e.kind == trace::EntryKind::HostFunction;
    SmallVector<Type> argTypes, resultTypes;
    for (const trace::Input &in : e.inputs) argTypes.push_back(mlirType(in.value.type));
    for (const trace::Param &p : e.params) argTypes.push_back(mlirType(p.value.type));
    std::map<std::string, trace::Type> outTypes;
    // Output types are known once their values are; collect them from the body.
    for (const trace::Output &o : e.outputs) {
      auto it = types_.find(o.value);
      if (it == types_.end()) throw CompileError(e.loc, "output '" + o.name + "' has no value");
      trace::Type t = it->second;
      // An entry returns tensors to its caller (a 1x1 for a scalar); a host
      // function returns host scalars to the code that calls it.
      if (t.scalar && !host) t = trace::Type::makeTensor(t.dtype, {Dim::constant(1), Dim::constant(1)});
      resultTypes.push_back(mlirType(t));
    }
    Location l = e.loc.known() ? (Location)FileLineColLoc::get(&ctx_, e.loc.file, e.loc.line, e.loc.column)
                               : (Location)FileLineColLoc::get(&ctx_, file_, e.traceLine, 0);
    b_.setInsertionPointToEnd(module_->getBody());
    auto fn = b_.create<func::FuncOp>(l, e.name, b_.getFunctionType(argTypes, resultTypes));
    if (host) {
      // Not an entry of the artifact: code on the host that entries call.
      fn->setAttr("runmat.host_function", b_.getUnitAttr());
      fn.setPrivate();
    } else {
      fn->setAttr("runmat.kind", b_.getStringAttr(e.kind == trace::EntryKind::Script ? "script" : "function"));
    }
    size_t a = 0;
    for (const trace::Input &in : e.inputs)
      if (!host) fn.setArgAttr(a++, "runmat.input", b_.getStringAttr(in.name));
    for (const trace::Param &p : e.params) {
      fn.setArgAttr(a, "runmat.param", b_.getStringAttr(p.name));
      fn.setArgAttr(a, "runmat.default", b_.getFloatAttr(b_.getF64Type(), p.defaultValue));
      if (p.source.kind != ::runmat::ParamSourceKind::User)
        fn.setArgAttr(a, "runmat.source", rm::ParamSourceAttr::fromContract(&ctx_, p.source));
      ++a;
    }
    for (size_t r = 0; r < e.outputs.size() && !host; ++r)
      fn.setResultAttr(r, "runmat.output", b_.getStringAttr(e.outputs[r].name));

    Block *body = fn.addEntryBlock();
    b_.setInsertionPointToStart(body);
    scopes_.clear();
    scopes_.emplace_back();
    a = 0;
    for (const trace::Input &in : e.inputs) {
      Value x = body->getArgument(a++);
      bind(in.value.id, x);
      for (size_t d = 0; d < in.dims.size(); ++d) {
        Value idx = b_.create<tensor::DimOp>(l, x, (int64_t)d);
        scopes_.back().extents[in.dims[d]] = idx;
        Value i64 = b_.create<arith::IndexCastOp>(l, b_.getI64Type(), idx);
        bind(in.dims[d], b_.create<arith::SIToFPOp>(l, b_.getF64Type(), i64));
      }
    }
    for (const trace::Param &p : e.params) {
      Value v = body->getArgument(a++);
      bind(p.value.id, v);
      if (symbols_.count(p.value.id) && p.value.type.scalar && p.value.type.dtype != DType::Logical)
        makeExtent(p.value.id, "parameter '" + p.name + "'", l);
    }
    seed_ = b_.create<arith::ConstantIntOp>(l, 0, 64);
    stream_ = b_.create<arith::ConstantIntOp>(l, 0, 64);
    importOps(e.body.ops);
    SmallVector<Value> results;
    for (size_t r = 0; r < e.outputs.size(); ++r) {
      Value v = lookup(e.outputs[r].value);
      results.push_back(host ? v : asTensor(v, l));
    }
    b_.create<func::ReturnOp>(l, results);
  }

  void importOps(const std::vector<trace::Op> &ops) {
    for (const trace::Op &op : ops) importOp(op);
  }

  void bindResult(const trace::Op &op, size_t i, Value v) {
    const trace::Value &r = op.results.at(i);
    bind(r.id, v);
    if (symbols_.count(r.id) && r.type.scalar && r.type.dtype != DType::Logical)
      makeExtent(r.id, "the size computed at " + (op.loc.known() ? op.loc.str() : file_), loc(op));
  }

  // ---- ops -------------------------------------------------------------------------
  void importOp(const trace::Op &op) {
    const trace::OpSchema *schema = trace::findOpSchema(op.name);
    Location l = loc(op);
    std::vector<Value> in;
    for (const std::string &id : op.operands) in.push_back(lookup(id));
    auto resultType = [&](size_t i = 0) { return mlirType(op.results.at(i).type); };

    switch (schema->kind) {
    case trace::OpKind::Constant: {
      const trace::Type &t = op.results[0].type;
      Type e = elemType(t.dtype);
      if (const trace::Attr *v = op.findAttr("value")) {
        Value c = floatConst(std::get<double>(v->value), e, l);
        if (t.scalar) return bindResult(op, 0, c);
        return bindResult(op, 0, b_.create<rm::FillOp>(l, resultType(), c, dynamicSizes(t, l)));
      }
      const auto &vals = std::get<std::vector<double>>(op.findAttr("values")->value);
      auto rt = cast<RankedTensorType>(resultType());
      // The trace lists elements column-major; MLIR's dense attributes are row-major.
      std::vector<int64_t> shape(rt.getShape().begin(), rt.getShape().end());
      std::vector<Attribute> attrs(vals.size());
      for (size_t k = 0; k < vals.size(); ++k) {
        size_t rem = k, rowMajor = 0, stride = 1;
        std::vector<int64_t> idx(shape.size());
        for (size_t d = 0; d < shape.size(); ++d) {
          idx[d] = (int64_t)(rem % (size_t)shape[d]);
          rem /= (size_t)shape[d];
        }
        for (size_t d = shape.size(); d-- > 0;) {
          rowMajor += (size_t)idx[d] * stride;
          stride *= (size_t)shape[d];
        }
        attrs[rowMajor] = e.isInteger(1) ? (Attribute)b_.getBoolAttr(vals[k] != 0) : b_.getFloatAttr(e, vals[k]);
      }
      auto dense = DenseElementsAttr::get(rt, attrs);
      return bindResult(op, 0, b_.create<arith::ConstantOp>(l, dense));
    }
    case trace::OpKind::Fill: {
      const trace::Type &t = op.results[0].type;
      Value c = floatConst(op.name == "ones" ? 1.0 : 0.0, elemType(t.dtype), l);
      return bindResult(op, 0, b_.create<rm::FillOp>(l, resultType(), c, dynamicSizes(t, l)));
    }
    case trace::OpKind::Random: {
      const trace::Type &t = op.results[0].type;
      auto dist = op.name == "randn" ? rm::Distribution::Normal : rm::Distribution::Uniform;
      Value r = t.scalar ? (Value)b_.create<rm::RandomOp>(l, resultType(), dist, seed_, stream_,
                                                          b_.create<arith::ConstantIntOp>(l, 0, 64))
                         : (Value)b_.create<rm::RandOp>(l, resultType(), dist, seed_, stream_, dynamicSizes(t, l));
      stream_ = b_.create<arith::AddIOp>(l, stream_, b_.create<arith::ConstantIntOp>(l, 1, 64));
      return bindResult(op, 0, r);
    }
    case trace::OpKind::Rng: {
      Value s = convertTo(in[0], b_.getF64Type(), l);
      Value idx = b_.create<rm::ToIndexOp>(l, b_.getIndexType(), s, b_.getStringAttr("the rng seed"), nullptr);
      seed_ = b_.create<arith::IndexCastOp>(l, b_.getI64Type(), idx);
      stream_ = b_.create<arith::ConstantIntOp>(l, 0, 64);
      return;
    }
    case trace::OpKind::Call: {
      // A host function of the trace (a recursion on run-time scalars).
      SmallVector<Type> types;
      for (size_t i = 0; i < op.results.size(); ++i) types.push_back(resultType(i));
      const std::string &callee = std::get<std::string>(op.findAttr("callee")->value);
      auto call = b_.create<func::CallOp>(l, callee, types, ValueRange(in));
      for (size_t i = 0; i < op.results.size(); ++i) bindResult(op, i, call.getResult(i));
      return;
    }
    case trace::OpKind::Undefined: {
      const trace::Type &t = op.results[0].type;
      if (t.scalar) return bindResult(op, 0, floatConst(0, elemType(t.dtype), l));
      return bindResult(op, 0, b_.create<tensor::EmptyOp>(l, cast<RankedTensorType>(resultType()).getShape(),
                                                          elemType(t.dtype), dynamicSizes(t, l)));
    }
    case trace::OpKind::Colon: {
      const trace::Type &t = op.results[0].type;
      Type e = elemType(t.dtype);
      Value start = convertTo(in[0], e, l);
      Value step = in.size() == 3 ? convertTo(in[1], e, l) : floatConst(1, e, l);
      Value count = extent(t.shape[1], l);
      return bindResult(op, 0, b_.create<rm::ColonOp>(l, resultType(), start, step, count));
    }
    case trace::OpKind::Linspace: {
      const trace::Type &t = op.results[0].type;
      Type e = elemType(t.dtype);
      return bindResult(op, 0,
                        b_.create<rm::LinspaceOp>(l, resultType(), convertTo(in[0], e, l), convertTo(in[1], e, l),
                                                      extent(t.shape[1], l)));
    }
    case trace::OpKind::Unary:
      return bindResult(op, 0, unary(op, in[0], l));
    case trace::OpKind::Binary:
      return bindResult(op, 0, binary(op, in[0], in[1], l));
    case trace::OpKind::Cast:
      return bindResult(op, 0, convertTo(in[0], elemType(op.results[0].type.dtype), l));
    case trace::OpKind::Reduction:
      return bindResult(op, 0, reduction(op, in[0], l));
    case trace::OpKind::MatMul: {
      const trace::Type &ta = traceType(op.operands[0]), &tb = traceType(op.operands[1]);
      if (ta.shape[1] != tb.shape[0] && !ta.shape[1].isConstant() && !tb.shape[0].isConstant())
        checkSameExtents(op, {{ta.shape[1], tb.shape[0]}}, l);
      Type e = elemType(op.results[0].type.dtype);
      return bindResult(op, 0,
                        b_.create<rm::MatmulOp>(l, resultType(), convertTo(in[0], e, l), convertTo(in[1], e, l),
                                                    nullptr, nullptr));
    }
    case trace::OpKind::Transpose:
      if (!isa<RankedTensorType>(in[0].getType())) return bindResult(op, 0, in[0]);
      return bindResult(op, 0, b_.create<rm::TransposeOp>(l, resultType(), in[0]));
    case trace::OpKind::QR: {
      auto qr = b_.create<rm::QrEconOp>(l, resultType(0), resultType(1), in[0]);
      bindResult(op, 0, qr.getQ());
      return bindResult(op, 1, qr.getR());
    }
    case trace::OpKind::Diag: {
      const trace::Type &t = traceType(op.operands[0]);
      if (t.scalar) return bindResult(op, 0, asTensor(in[0], l));
      bool vector = t.shape[0].isOne() || t.shape[1].isOne();
      if (vector) return bindResult(op, 0, b_.create<rm::DiagMatrixOp>(l, resultType(), in[0]));
      return bindResult(op, 0, b_.create<rm::DiagExtractOp>(l, resultType(), in[0]));
    }
    case trace::OpKind::Reshape: {
      const trace::Type &t = op.results[0].type;
      return bindResult(op, 0, b_.create<rm::ReshapeOp>(l, resultType(), asTensor(in[0], l), dynamicSizes(t, l)));
    }
    case trace::OpKind::Resize: {
      const trace::Type &t = op.results[0].type;
      return bindResult(op, 0, b_.create<rm::ResizeOp>(l, resultType(), in[0], dynamicSizes(t, l)));
    }
    case trace::OpKind::Subsref:
      return bindResult(op, 0, subsref(op, in, l));
    case trace::OpKind::Subsasgn:
      return bindResult(op, 0, subsasgn(op, in, l));
    case trace::OpKind::Find: {
      Value count = b_.create<rm::ToIndexOp>(l, b_.getIndexType(), convertTo(in[1], b_.getF64Type(), l),
                                             b_.getStringAttr("a count of nonzeros"), nullptr);
      return bindResult(op, 0, b_.create<rm::FindOp>(l, resultType(), in[0], count));
    }
    case trace::OpKind::Take:
      return bindResult(op, 0, b_.create<rm::TakeOp>(l, resultType(), in[0], in[1]));
    case trace::OpKind::Put:
      return bindResult(op, 0, b_.create<rm::PutOp>(l, resultType(), in[0], in[1], in[2]));
    case trace::OpKind::Concat: {
      Type e = elemType(op.results[0].type.dtype);
      SmallVector<Value> parts;
      for (Value v : in) parts.push_back(convertTo(asTensor(v, l), e, l));
      if (parts.size() == 1 && parts[0].getType() == resultType()) return bindResult(op, 0, parts[0]);
      int64_t dim = op.name == "horzcat" ? 2 : 1;
      return bindResult(op, 0, b_.create<rm::ConcatOp>(l, resultType(), parts, dim));
    }
    case trace::OpKind::Library: {
      SmallVector<Type> types;
      for (size_t i = 0; i < op.results.size(); ++i) types.push_back(mlirType(op.results[i].type));
      SmallVector<Value> tensors;
      for (Value v : in) tensors.push_back(asTensor(v, l));
      std::vector<int64_t> options;
      if (const trace::Attr *o = op.findAttr("options")) options = std::get<std::vector<int64_t>>(o->value);
      auto call = b_.create<rm::LibraryCallOp>(l, types, std::get<std::string>(op.findAttr("fn")->value), tensors,
                                               options);
      for (size_t i = 0; i < op.results.size(); ++i) bindResult(op, i, call.getResult(i));
      return;
    }
    case trace::OpKind::ToScalar:
      return bindResult(op, 0, b_.create<rm::ToScalarOp>(l, resultType(), in[0]));
    case trace::OpKind::Residency:
      if (op.name == "gpu") return bindResult(op, 0, b_.create<rm::ToDeviceOp>(l, in[0]));
      return bindResult(op, 0, b_.create<rm::ToHostOp>(l, in[0]));
    case trace::OpKind::Check:
      b_.create<rm::CheckOp>(l, in[0], b_.getStringAttr(std::get<std::string>(op.findAttr("message")->value)));
      return;
    case trace::OpKind::Print: {
      const trace::Attr *stop = op.findAttr("stop");
      auto print = b_.create<rm::PrintOp>(l, b_.getStringAttr(std::get<std::string>(op.findAttr("format")->value)),
                                          ValueRange(in));
      if (stop && std::get<bool>(stop->value)) print.setStop(true);
      if (const trace::Attr *warn = op.findAttr("warning"); warn && std::get<bool>(warn->value)) print.setWarning(true);
      return;
    }
    case trace::OpKind::Display: {
      const trace::Attr *name = op.findAttr("name");
      const trace::Attr *cls = op.findAttr("class");
      b_.create<rm::DisplayOp>(l, in[0], name ? b_.getStringAttr(std::get<std::string>(name->value)) : nullptr,
                               cls ? b_.getStringAttr(std::get<std::string>(cls->value)) : nullptr);
      return;
    }
    case trace::OpKind::For:
      return forLoop(op, in, l);
    case trace::OpKind::While:
      return whileLoop(op, in, l);
    case trace::OpKind::If:
      return ifElse(op, in, l);
    }
    fail(op, "internal error: op '" + op.name + "' has no import");
  }

  Value unary(const trace::Op &op, Value x, Location l) {
    Type rt = mlirType(op.results[0].type);
    Type e = elementOf(rt);
    if (op.name == "not") return b_.create<rm::NotOp>(l, rt, convertTo(x, b_.getI1Type(), l));
    x = convertTo(x, e, l);
    const std::string &n = op.name;
    if (n == "uminus") return b_.create<rm::NegOp>(l, rt, x);
    if (n == "sqrt") return b_.create<rm::SqrtOp>(l, rt, x);
    if (n == "exp") return b_.create<rm::ExpOp>(l, rt, x);
    if (n == "log") return b_.create<rm::LogOp>(l, rt, x);
    if (n == "abs") return b_.create<rm::AbsOp>(l, rt, x);
    if (n == "sin") return b_.create<rm::SinOp>(l, rt, x);
    if (n == "cos") return b_.create<rm::CosOp>(l, rt, x);
    if (n == "tan") return b_.create<rm::TanOp>(l, rt, x);
    if (n == "tanh") return b_.create<rm::TanhOp>(l, rt, x);
    if (n == "floor") return b_.create<rm::FloorOp>(l, rt, x);
    if (n == "ceil") return b_.create<rm::CeilOp>(l, rt, x);
    if (n == "round") return b_.create<rm::RoundOp>(l, rt, x);
    if (n == "sign") return b_.create<rm::SignOp>(l, rt, x);
    if (n == "log1p") return b_.create<rm::Log1pOp>(l, rt, x);
    if (n == "expm1") return b_.create<rm::Expm1Op>(l, rt, x);
    if (n == "atan") return b_.create<rm::AtanOp>(l, rt, x);
    if (n == "asin") return b_.create<rm::AsinOp>(l, rt, x);
    if (n == "acos") return b_.create<rm::AcosOp>(l, rt, x);
    if (n == "sinh") return b_.create<rm::SinhOp>(l, rt, x);
    if (n == "cosh") return b_.create<rm::CoshOp>(l, rt, x);
    fail(op, "internal error: unary op '" + n + "' has no import");
  }

  Value binary(const trace::Op &op, Value x, Value y, Location l) {
    const trace::Type &tx = traceType(op.operands[0]), &ty = traceType(op.operands[1]);
    trace::Broadcast bc = trace::broadcast(tx, ty);
    if (!bc.mustBeEqual.empty()) checkSameExtents(op, bc.mustBeEqual, l);
    Type rt = mlirType(op.results[0].type);
    const std::string &n = op.name;
    if (n == "and" || n == "or") {
      x = convertTo(x, b_.getI1Type(), l);
      y = convertTo(y, b_.getI1Type(), l);
      if (n == "and") return b_.create<rm::AndOp>(l, rt, x, y);
      return b_.create<rm::OrOp>(l, rt, x, y);
    }
    static const std::map<std::string, rm::CmpPredicate> preds = {
        {"eq", rm::CmpPredicate::EQ}, {"ne", rm::CmpPredicate::NE}, {"lt", rm::CmpPredicate::LT},
        {"le", rm::CmpPredicate::LE}, {"gt", rm::CmpPredicate::GT}, {"ge", rm::CmpPredicate::GE}};
    if (auto p = preds.find(n); p != preds.end()) {
      // Comparisons happen in the arithmetic type of the operands (logical as double).
      Type e = tx.dtype == DType::Logical && ty.dtype == DType::Logical
                   ? b_.getI1Type()
                   : elemType(trace::elementwiseDType("plus", {tx.dtype, ty.dtype}));
      return b_.create<rm::CmpOp>(l, rt, p->second, convertTo(x, e, l), convertTo(y, e, l));
    }
    Type e = elementOf(rt);
    x = convertTo(x, e, l);
    y = convertTo(y, e, l);
    if (n == "plus") return b_.create<rm::AddOp>(l, rt, x, y);
    if (n == "minus") return b_.create<rm::SubOp>(l, rt, x, y);
    if (n == "times") return b_.create<rm::MulOp>(l, rt, x, y);
    if (n == "rdivide") return b_.create<rm::DivOp>(l, rt, x, y);
    if (n == "power") return b_.create<rm::PowOp>(l, rt, x, y);
    if (n == "max") return b_.create<rm::MaxOp>(l, rt, x, y);
    if (n == "min") return b_.create<rm::MinOp>(l, rt, x, y);
    if (n == "mod") return b_.create<rm::ModOp>(l, rt, x, y);
    if (n == "rem") return b_.create<rm::RemOp>(l, rt, x, y);
    if (n == "atan2") return b_.create<rm::Atan2Op>(l, rt, x, y);
    if (n == "hypot") return b_.create<rm::HypotOp>(l, rt, x, y);
    fail(op, "internal error: binary op '" + n + "' has no import");
  }

  Value reduction(const trace::Op &op, Value x, Location l) {
    Type rt = mlirType(op.results[0].type);
    x = convertTo(x, elementOf(rt), l);
    auto xt = dyn_cast<RankedTensorType>(x.getType());
    if (!xt) return x;
    SmallVector<int64_t> dims;
    for (int64_t d : std::get<std::vector<int64_t>>(op.findAttr("dims")->value))
      if (d <= xt.getRank()) dims.push_back(d);
    if (dims.empty()) return x; // reducing extents of 1 beyond the rank
    static const std::map<std::string, rm::ReduceKind> kinds = {{"sum", rm::ReduceKind::Sum},
                                                                    {"prod", rm::ReduceKind::Prod},
                                                                    {"mean", rm::ReduceKind::Mean},
                                                                    {"reduce_max", rm::ReduceKind::Max},
                                                                    {"reduce_min", rm::ReduceKind::Min}};
    return b_.create<rm::ReduceOp>(l, rt, kinds.at(op.name), x, b_.getDenseI64ArrayAttr(dims));
  }

  // The section x(subs...) selects, with the subscripts' operands from
  // in[first]: 1-based MATLAB subscripts become 0-based offsets, sizes and
  // strides; a single subscript indexes linearly, over x viewed as one
  // column (`x` is replaced by that view).
  struct Section {
    Value x;
    SmallVector<Value> offsets, sizes, strides;
  };
  Section section(const trace::Op &op, const std::vector<Value> &in, size_t first, Location l) {
    const auto &kinds = std::get<std::vector<std::string>>(op.findAttr("subs")->value);
    Section sec;
    sec.x = in[0];
    const trace::Type &xt = traceType(op.operands[0]);
    std::vector<Dim> shape = xt.shape;
    if (kinds.size() == 1) {
      // Linear indexing: view the elements as one column.
      bool column = shape.size() == 2 && shape[1].isOne();
      if (!column) {
        Value n = indexConst(1, l);
        for (const Dim &d : shape) n = b_.create<arith::MulIOp>(l, n, extent(d, l));
        auto colType = RankedTensorType::get({ShapedType::kDynamic, 1}, elementOf(sec.x.getType()));
        sec.x = b_.create<rm::ReshapeOp>(l, colType, sec.x, ValueRange{n});
      }
      shape = {Dim::constant(0), Dim::constant(1)};
    }
    size_t k = first;
    auto sourceExtent = [&](size_t d) -> Value {
      if (kinds.size() == 1 && d == 0) return b_.create<tensor::DimOp>(l, sec.x, 0);
      return extent(shape[d], l);
    };
    Value one = indexConst(1, l);
    for (size_t d = 0; d < kinds.size(); ++d) {
      const std::string &kind = kinds[d];
      if (kind == "colon") {
        sec.offsets.push_back(indexConst(0, l));
        sec.sizes.push_back(sourceExtent(d));
        sec.strides.push_back(one);
      } else if (kind == "index") {
        Value i = b_.create<rm::ToIndexOp>(l, b_.getIndexType(), convertTo(in[k++], b_.getF64Type(), l),
                                               b_.getStringAttr("a subscript"), nullptr);
        sec.offsets.push_back(b_.create<arith::SubIOp>(l, i, one));
        sec.sizes.push_back(one);
        sec.strides.push_back(one);
      } else {
        Value start = convertTo(in[k], b_.getF64Type(), l), step = convertTo(in[k + 1], b_.getF64Type(), l),
              stop = convertTo(in[k + 2], b_.getF64Type(), l);
        k += 3;
        Value count = b_.create<rm::RangeCountOp>(l, start, step, stop);
        Value s = b_.create<rm::ToIndexOp>(l, b_.getIndexType(), start, b_.getStringAttr("a subscript"), nullptr);
        Value st = b_.create<rm::ToIndexOp>(l, b_.getIndexType(), step, b_.getStringAttr("a subscript step"),
                                                b_.getUnitAttr());
        sec.offsets.push_back(b_.create<arith::SubIOp>(l, s, one));
        sec.sizes.push_back(count);
        sec.strides.push_back(st);
      }
    }
    if (kinds.size() == 1) {
      sec.offsets.push_back(indexConst(0, l));
      sec.sizes.push_back(one);
      sec.strides.push_back(one);
    }
    if (sec.offsets.size() != (size_t)cast<RankedTensorType>(sec.x.getType()).getRank())
      fail(op, "internal error: " + op.name + " subscripts do not match the rank of the source");
    return sec;
  }

  // x(subs...) as a runmat.slice.
  Value subsref(const trace::Op &op, const std::vector<Value> &in, Location l) {
    const auto &kinds = std::get<std::vector<std::string>>(op.findAttr("subs")->value);
    Section sec = section(op, in, 1, l);
    auto rtt = cast<RankedTensorType>(mlirType(op.results[0].type));
    if (kinds.size() == 1 && !(rtt.getRank() == 2 && rtt.getDimSize(1) == 1)) {
      // The slice of the column is a column; MATLAB wants a row here.
      auto colType = RankedTensorType::get({ShapedType::kDynamic, 1}, rtt.getElementType());
      Value col = b_.create<rm::SliceOp>(l, colType, sec.x, sec.offsets, sec.sizes, sec.strides);
      return b_.create<rm::ReshapeOp>(l, rtt, col, dynamicSizes(op.results[0].type, l));
    }
    return b_.create<rm::SliceOp>(l, rtt, sec.x, sec.offsets, sec.sizes, sec.strides);
  }

  // x(subs...) = v as a runmat.update (of the column view for one subscript).
  Value subsasgn(const trace::Op &op, const std::vector<Value> &in, Location l) {
    Section sec = section(op, in, 2, l);
    Value updated = b_.create<rm::UpdateOp>(l, sec.x, in[1], sec.offsets, sec.sizes, sec.strides);
    if (sec.x == in[0]) return updated;
    Type rt = mlirType(op.results[0].type);
    return b_.create<rm::ReshapeOp>(l, rt, updated, dynamicSizes(op.results[0].type, l));
  }

  // ---- control flow -------------------------------------------------------------------
  void pushScope() { scopes_.emplace_back(); }

  // The scf.yield ending a region: its yields, then the random stream's
  // seed and counter when the region draws.
  void yieldRegion(const trace::Region &region, bool rng, Location l) {
    SmallVector<Value> yields;
    for (const std::string &y : region.yields) yields.push_back(lookup(y));
    if (rng) {
      yields.push_back(seed_);
      yields.push_back(stream_);
    }
    b_.create<scf::YieldOp>(l, yields);
  }
  void popScope() { scopes_.pop_back(); }

  void forLoop(const trace::Op &op, const std::vector<Value> &in, Location l) {
    const trace::Region &body = op.regions[0];
    Type ivType = mlirType(body.args[0].type);
    Value start = convertTo(in[0], ivType, l), step = convertTo(in[1], ivType, l), stop = convertTo(in[2], ivType, l);
    Value count = b_.create<rm::RangeCountOp>(l, start, step, stop);
    bool rng = usesRng(op);
    SmallVector<Value> inits(in.begin() + 3, in.end());
    if (rng) {
      inits.push_back(seed_);
      inits.push_back(stream_);
    }
    auto loop = b_.create<scf::ForOp>(l, indexConst(0, l), count, indexConst(1, l), inits);
    // Without carried values the builder ends the body with an empty
    // scf.yield; yieldRegion adds the one that belongs there (a loop that
    // only prints used to fail verification with two).
    if (!loop.getBody()->empty() && isa<scf::YieldOp>(loop.getBody()->back())) loop.getBody()->back().erase();
    OpBuilder::InsertionGuard guard(b_);
    b_.setInsertionPointToStart(loop.getBody());
    pushScope();
    // The loop variable takes MATLAB's colon values start + i*step.
    Value i64 = b_.create<arith::IndexCastOp>(l, b_.getI64Type(), loop.getInductionVar());
    Value fi = b_.create<arith::SIToFPOp>(l, ivType, i64);
    Value t = b_.create<arith::AddFOp>(l, start, b_.create<arith::MulFOp>(l, fi, step));
    bind(body.args[0].id, t);
    size_t carried = body.args.size() - 1;
    for (size_t a = 0; a < carried; ++a) bind(body.args[a + 1].id, loop.getRegionIterArgs()[a]);
    Value outerSeed = seed_, outerStream = stream_;
    if (rng) {
      seed_ = loop.getRegionIterArgs()[carried];
      stream_ = loop.getRegionIterArgs()[carried + 1];
    }
    importOps(body.ops);
    yieldRegion(body, rng, l);
    popScope();
    b_.setInsertionPointAfter(loop);
    seed_ = outerSeed;
    stream_ = outerStream;
    for (size_t r = 0; r < op.results.size(); ++r) bindResult(op, r, loop.getResult(r));
    if (rng) {
      seed_ = loop.getResult(carried);
      stream_ = loop.getResult(carried + 1);
    }
  }

  void whileLoop(const trace::Op &op, const std::vector<Value> &in, Location l) {
    const trace::Region &cond = op.regions[0], &body = op.regions[1];
    bool rng = usesRng(op);
    SmallVector<Value> inits(in.begin(), in.end());
    if (rng) {
      inits.push_back(seed_);
      inits.push_back(stream_);
    }
    SmallVector<Type> types;
    for (Value v : inits) types.push_back(v.getType());
    auto loop = b_.create<scf::WhileOp>(l, types, inits);
    size_t carried = op.results.size();
    Value outerSeed = seed_, outerStream = stream_;
    {
      OpBuilder::InsertionGuard guard(b_);
      SmallVector<Location> locs(types.size(), l);
      Block *before = b_.createBlock(&loop.getBefore(), {}, types, locs);
      pushScope();
      for (size_t a = 0; a < carried; ++a) bind(cond.args[a].id, before->getArgument(a));
      if (rng) {
        seed_ = before->getArgument(carried);
        stream_ = before->getArgument(carried + 1);
      }
      importOps(cond.ops);
      SmallVector<Value> forward(before->getArguments().begin(), before->getArguments().begin() + carried);
      if (rng) {
        forward.push_back(seed_);
        forward.push_back(stream_);
      }
      b_.create<scf::ConditionOp>(l, lookup(cond.yields[0]), forward);
      popScope();

      Block *after = b_.createBlock(&loop.getAfter(), {}, types, locs);
      pushScope();
      for (size_t a = 0; a < carried; ++a) bind(body.args[a].id, after->getArgument(a));
      if (rng) {
        seed_ = after->getArgument(carried);
        stream_ = after->getArgument(carried + 1);
      }
      importOps(body.ops);
      yieldRegion(body, rng, l);
      popScope();
    }
    seed_ = outerSeed;
    stream_ = outerStream;
    for (size_t r = 0; r < carried; ++r) bindResult(op, r, loop.getResult(r));
    if (rng) {
      seed_ = loop.getResult(carried);
      stream_ = loop.getResult(carried + 1);
    }
  }

  void ifElse(const trace::Op &op, const std::vector<Value> &in, Location l) {
    bool rng = usesRng(op);
    SmallVector<Type> types;
    for (const trace::Value &r : op.results) types.push_back(mlirType(r.type));
    if (rng) {
      types.push_back(b_.getI64Type());
      types.push_back(b_.getI64Type());
    }
    auto ifOp = b_.create<scf::IfOp>(l, types, in[0], /*withElseRegion=*/true);
    Value outerSeed = seed_, outerStream = stream_;
    for (int r = 0; r < 2; ++r) {
      const trace::Region &region = op.regions[r];
      OpBuilder::InsertionGuard guard(b_);
      Block *block = r == 0 ? ifOp.thenBlock() : ifOp.elseBlock();
      // Without results the builder adds an scf.yield; the region's own comes last.
      if (!block->empty() && block->back().hasTrait<OpTrait::IsTerminator>()) block->back().erase();
      b_.setInsertionPointToEnd(block);
      pushScope();
      seed_ = outerSeed;
      stream_ = outerStream;
      importOps(region.ops);
      yieldRegion(region, rng, l);
      popScope();
    }
    seed_ = outerSeed;
    stream_ = outerStream;
    for (size_t r = 0; r < op.results.size(); ++r) bindResult(op, r, ifOp.getResult(r));
    if (rng) {
      seed_ = ifOp.getResult(op.results.size());
      stream_ = ifOp.getResult(op.results.size() + 1);
    }
  }

  struct Scope {
    llvm::StringMap<Value> values;
    llvm::StringMap<Value> extents;
  };

  MLIRContext &ctx_;
  OpBuilder b_;
  const trace::Trace &trace_;
  std::string file_;
  OwningOpRef<ModuleOp> module_;
  std::vector<Scope> scopes_;
  std::map<std::string, trace::Type> types_;
  std::set<std::string> symbols_;
  std::map<std::string, std::string> names_; // parameters and input extents, for messages
  Value seed_, stream_;
};

} // namespace

OwningOpRef<ModuleOp> importTrace(MLIRContext &context, const trace::Trace &trace, const std::string &traceFile) {
  loadDialects(context);
  OwningOpRef<ModuleOp> module;
  runWithDiagnostics(context, [&]() -> LogicalResult {
    module = Importer(context, trace, traceFile).run();
    return verify(*module);
  });
  return module;
}

} // namespace runmat::importer
