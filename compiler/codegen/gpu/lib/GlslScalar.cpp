#include "GlslScalar.h"

#include "ConstantPow.h"

#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <cstdio>

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::codegen {

std::string glslFloatLiteral(double v, bool f64) {
  const char *suffix = f64 ? "LF" : "";
  if (std::isnan(v)) return f64 ? "RM_NAN_F64" : "RM_NAN_F32";
  if (std::isinf(v)) return std::string(v < 0 ? "-" : "") + (f64 ? "RM_INF_F64" : "RM_INF_F32");
  // %.17g is exact for both widths: glslang reads the digits as a double.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return "(" + s + suffix + ")";
}

namespace {

std::string bin(const std::string &a, const char *op, const std::string &b) { return "(" + a + " " + op + " " + b + ")"; }
std::string call(const char *f, const std::string &a) { return std::string(f) + "(" + a + ")"; }
std::string call(const char *f, const std::string &a, const std::string &b) {
  return std::string(f) + "(" + a + ", " + b + ")";
}

bool isF64(Type t) { return t.isF64(); }

} // namespace

std::string GlslScalarWriter::type(Type t) {
  if (t.isF32()) return "float";
  if (t.isF64()) {
    features_.float64 = true;
    return "double";
  }
  if (t.isInteger(1)) return "bool";
  if (t.isIndex() || t.isInteger(32)) return "int";
  if (t.isInteger(64)) {
    features_.int64 = true;
    return "int64_t";
  }
  return "";
}

std::string GlslScalarWriter::convert(const std::string &e, Type from, Type to) {
  if (from == to) return e;
  if (to.isInteger(1)) return "(" + e + " != " + glslFloatLiteral(0.0, isF64(from)) + ")";
  if (from.isInteger(1)) return "(" + e + " ? " + glslFloatLiteral(1.0, isF64(to)) + " : " + glslFloatLiteral(0.0, isF64(to)) + ")";
  return type(to) + "(" + e + ")";
}

std::string GlslScalarWriter::constant(Attribute value, Type t, Operation &op) {
  if (auto f = dyn_cast<FloatAttr>(value)) {
    (void)type(t);
    return glslFloatLiteral(f.getValueAsDouble(), t.isF64());
  }
  if (auto i = dyn_cast<IntegerAttr>(value)) {
    if (t.isInteger(1)) return i.getValue().isZero() ? "false" : "true";
    int64_t v = t.isIndex() ? i.getInt() : i.getValue().getSExtValue();
    if (t.isInteger(64)) {
      features_.int64 = true;
      return "int64_t(" + std::to_string(v) + "L)";
    }
    if (v < INT32_MIN || v > INT32_MAX) return "";
    return v < 0 ? "(" + std::to_string(v) + ")" : std::to_string(v);
  }
  return "";
}

FailureOr<std::vector<std::string>> GlslScalarWriter::emitBlock(Block &block, const std::vector<std::string> &args,
                                                                const std::string &indent) {
  for (unsigned i = 0; i < block.getNumArguments() && i < args.size(); ++i) names_[block.getArgument(i)] = args[i];
  for (Operation &op : block.without_terminator())
    if (!emittedEarly_.contains(&op) && failed(emitOp(op, indent))) return failure();
  std::vector<std::string> out;
  for (Value v : block.getTerminator()->getOperands()) {
    std::string n = name(v);
    if (n.empty()) return failure();
    out.push_back(n);
  }
  return out;
}

// A loop inside a kernel body (a fused time loop): its carried values are
// variables declared before it and assigned at the end of each iteration.
LogicalResult GlslScalarWriter::emitFor(scf::ForOp loop, const std::string &indent) {
  std::vector<std::string> carried;
  for (auto [init, result] : llvm::zip(loop.getInitArgs(), loop.getResults())) {
    std::string t = type(result.getType());
    if (t.empty()) return loop.emitError("GPU kernels have no type for ") << result.getType();
    std::string n = fresh("c");
    out_ += indent + t + " " + n + " = " + name(init) + ";\n";
    carried.push_back(n);
  }
  std::string iv = fresh("t");
  out_ += indent + "for (int " + iv + " = " + name(loop.getLowerBound()) + "; " + iv + " < " + name(loop.getUpperBound()) +
          "; " + iv + " += " + name(loop.getStep()) + ") {\n";
  std::vector<std::string> args{iv};
  args.insert(args.end(), carried.begin(), carried.end());
  auto next = emitBlock(*loop.getBody(), args, indent + "  ");
  if (failed(next)) return failure();
  // Through temporaries: a yielded value may be another carried variable.
  std::vector<std::string> temps;
  for (size_t i = 0; i < carried.size(); ++i) {
    temps.push_back(fresh("n"));
    out_ += indent + "  " + type(loop.getResult(i).getType()) + " " + temps.back() + " = " + (*next)[i] + ";\n";
  }
  for (size_t i = 0; i < carried.size(); ++i) out_ += indent + "  " + carried[i] + " = " + temps[i] + ";\n";
  out_ += indent + "}\n";
  for (size_t i = 0; i < carried.size(); ++i) names_[loop.getResult(i)] = carried[i];
  return success();
}

void GlslScalarWriter::activate(size_t c) {
  if (c == active_) return;
  copies_[active_] = std::move(names_);
  names_ = std::move(copies_[c]);
  active_ = c;
}

FailureOr<std::vector<std::vector<std::string>>>
GlslScalarWriter::emitBlockJammed(Block &block, const std::vector<std::vector<std::string>> &args,
                                  const std::string &indent) {
  bool outermost = copies_.empty();
  if (outermost) {
    copies_.assign(args.size(), names_);
    active_ = 0;
  }
  for (size_t c = 0; c < args.size(); ++c) {
    activate(c);
    for (unsigned i = 0; i < block.getNumArguments() && i < args[c].size(); ++i)
      names_[block.getArgument(i)] = args[c][i];
  }
  if (failed(emitOpsJammed(block, indent))) return failure();
  std::vector<std::vector<std::string>> out(args.size());
  for (size_t c = 0; c < args.size(); ++c) {
    activate(c);
    for (Value v : block.getTerminator()->getOperands()) {
      std::string n = name(v);
      if (n.empty()) return failure();
      out[c].push_back(n);
    }
  }
  if (outermost) {
    activate(0);
    copies_.clear();
  }
  return out;
}

LogicalResult GlslScalarWriter::emitOpsJammed(Block &block, const std::string &indent) {
  for (Operation &op : block.without_terminator()) {
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      if (failed(emitForJammed(loop, indent))) return failure();
    } else if (isa<rm::RandomOp>(op)) {
      if (failed(emitRandomJammed(op, indent))) return failure();
    } else {
      for (size_t c = 0; c < copies_.size(); ++c) {
        activate(c);
        if (failed(emitOp(op, indent))) return failure();
      }
    }
  }
  return success();
}

// One loop for all copies (its bounds are copy 0's: the same in every copy).
LogicalResult GlslScalarWriter::emitForJammed(scf::ForOp loop, const std::string &indent) {
  size_t n = copies_.size();
  std::vector<std::vector<std::string>> carried(n);
  for (size_t c = 0; c < n; ++c) {
    activate(c);
    for (auto [init, result] : llvm::zip(loop.getInitArgs(), loop.getResults())) {
      std::string t = type(result.getType());
      if (t.empty()) return loop.emitError("GPU kernels have no type for ") << result.getType();
      carried[c].push_back(fresh("c"));
      out_ += indent + t + " " + carried[c].back() + " = " + name(init) + ";\n";
    }
  }
  activate(0);
  std::string iv = fresh("t");
  out_ += indent + "for (int " + iv + " = " + name(loop.getLowerBound()) + "; " + iv + " < " + name(loop.getUpperBound()) +
          "; " + iv + " += " + name(loop.getStep()) + ") {\n";
  std::vector<std::vector<std::string>> args(n);
  for (size_t c = 0; c < n; ++c) {
    args[c].push_back(iv);
    args[c].insert(args[c].end(), carried[c].begin(), carried[c].end());
  }
  auto next = emitBlockJammed(*loop.getBody(), args, indent + "  ");
  if (failed(next)) return failure();
  // Through temporaries: a yielded value may be another carried variable.
  std::vector<std::vector<std::string>> temps(n);
  for (size_t c = 0; c < n; ++c)
    for (size_t i = 0; i < carried[c].size(); ++i) {
      temps[c].push_back(fresh("n"));
      out_ += indent + "  " + type(loop.getResult(i).getType()) + " " + temps[c].back() + " = " + (*next)[c][i] + ";\n";
    }
  for (size_t c = 0; c < n; ++c)
    for (size_t i = 0; i < carried[c].size(); ++i) out_ += indent + "  " + carried[c][i] + " = " + temps[c][i] + ";\n";
  out_ += indent + "}\n";
  for (size_t c = 0; c < n; ++c) {
    activate(c);
    for (size_t i = 0; i < carried[c].size(); ++i) names_[loop.getResult(i)] = carried[c][i];
  }
  return success();
}

// Each copy's draw from its block (slot = index % G); a copy whose block is
// its predecessor's (the usual case: copies are neighbouring elements) reuses
// the values instead of running Philox again.
LogicalResult GlslScalarWriter::emitRandomJammed(Operation &op, const std::string &indent) {
  auto r = cast<rm::RandomOp>(op);
  Type rt = r.getType();
  if (!rt.isF32() && !rt.isF64()) return op.emitError("GPU kernels cannot draw ") << rt;
  features_.int64 = true;
  bool f64 = rt.isF64(), normal = r.getDistribution() == rm::Distribution::Normal;
  std::string vec = f64 ? "dvec2" : "vec4", shift = f64 ? "1" : "2", mask = f64 ? "1UL" : "3UL";
  std::string fn = std::string(normal ? "rm_randn" : "rm_rand") + (f64 ? "2_f64" : "4_f32");
  std::string prevSeed, prevStream, prevBlock, prevVals;
  for (size_t c = 0; c < copies_.size(); ++c) {
    activate(c);
    std::string seed = fresh("rs"), stream = fresh("rt"), ix = fresh("ri"), block = fresh("rb"), vals = fresh("rv"),
                v = fresh();
    out_ += indent + "const uvec2 " + seed + " = unpackUint2x32(uint64_t(" + name(r.getSeed()) + "));\n";
    out_ += indent + "const uvec2 " + stream + " = unpackUint2x32(uint64_t(" + name(r.getStream()) + "));\n";
    out_ += indent + "const uint64_t " + ix + " = uint64_t(" + name(r.getIndex()) + ");\n";
    out_ += indent + "const uint64_t " + block + " = " + ix + " >> " + shift + ";\n";
    std::string draw = fn + "(" + seed + ", " + stream + ", " + block + ")";
    if (c == 0) {
      out_ += indent + vec + " " + vals + " = " + draw + ";\n";
    } else {
      out_ += indent + vec + " " + vals + ";\n";
      out_ += indent + "if (" + block + " == " + prevBlock + " && " + seed + " == " + prevSeed + " && " + stream +
              " == " + prevStream + ") " + vals + " = " + prevVals + ";\n";
      out_ += indent + "else " + vals + " = " + draw + ";\n";
    }
    out_ += indent + type(rt) + " " + v + " = " + (f64 ? "rm_pick2" : "rm_pick4") + "(" + vals + ", uint(" + ix + " & " +
            mask + "));\n";
    names_[r.getResult()] = v;
    prevSeed = seed;
    prevStream = stream;
    prevBlock = block;
    prevVals = vals;
  }
  return success();
}

// The group reductions after `first` in its block that use no result of
// the batch (directly or through the ops between) join it, up to the limit;
// the ops before the last of them that use no result of the batch are
// emitted first. The search stops at an op with regions (a loop).
LogicalResult GlslScalarWriter::emitGroupBatch(Operation &first, const std::string &indent) {
  std::vector<Operation *> batch{&first}, early;
  llvm::DenseSet<Value> waits{first.getResult(0)}; // values that need the batch's results
  size_t earlyBefore = 0;                            // early ops the batch's last member needs emitted
  for (Operation *op = first.getNextNode(); op && !op->hasTrait<OpTrait::IsTerminator>() &&
                                            batch.size() < groupBatchLimit;
       op = op->getNextNode()) {
    if (op->getNumRegions() || emittedEarly_.contains(op)) break;
    bool needs = false;
    for (Value v : op->getOperands()) needs = needs || waits.contains(v);
    if (needs) {
      for (Value r : op->getResults()) waits.insert(r);
      continue;
    }
    if (isa<rm::GroupReduceOp>(op)) {
      batch.push_back(op);
      earlyBefore = early.size();
      for (Value r : op->getResults()) waits.insert(r);
      continue;
    }
    early.push_back(op);
  }
  early.resize(earlyBefore);
  for (Operation *op : early) {
    if (failed(emitOp(*op, indent))) return failure();
    emittedEarly_.insert(op);
  }
  std::vector<std::string> values;
  for (Operation *g : batch) values.push_back(name(g->getOperand(0)));
  std::vector<std::string> results = groupReduceBatch(batch, values, indent);
  for (size_t i = 0; i < batch.size(); ++i) {
    names_[batch[i]->getResult(0)] = results[i];
    if (i) emittedEarly_.insert(batch[i]);
  }
  return success();
}

LogicalResult GlslScalarWriter::emitOp(Operation &op, const std::string &indent) {
  if (auto loop = dyn_cast<scf::ForOp>(op)) return emitFor(loop, indent);
  if (isa<rm::GroupReduceOp>(op) && groupReduceBatch) return emitGroupBatch(op, indent);
  if (isa<rm::GroupReduceOp>(op) && groupReduce) {
    names_[op.getResult(0)] = groupReduce(op, name(op.getOperand(0)), indent);
    return success();
  }
  if (op.getNumResults() != 1) return op.emitError("GPU kernels cannot compute ") << op.getName();
  Value result = op.getResult(0);
  Type rt = result.getType();
  std::string rtype = type(rt);
  if (rtype.empty()) return op.emitError("GPU kernels have no type for ") << rt;
  auto x = [&](unsigned i) { return name(op.getOperand(i)); };
  auto opType = [&](unsigned i) { return op.getOperand(i).getType(); };
  bool f64 = rt.isF64();
  std::string e;

  if (auto c = dyn_cast<arith::ConstantOp>(op)) {
    e = constant(c.getValue(), rt, op);
  } else if (isa<arith::AddFOp, arith::AddIOp>(op)) {
    e = bin(x(0), "+", x(1));
  } else if (isa<arith::SubFOp, arith::SubIOp>(op)) {
    e = bin(x(0), "-", x(1));
  } else if (isa<arith::MulFOp, arith::MulIOp>(op)) {
    e = bin(x(0), "*", x(1));
  } else if (isa<arith::DivFOp, arith::DivSIOp>(op)) {
    e = bin(x(0), "/", x(1));
  } else if (isa<arith::DivUIOp, arith::RemUIOp>(op)) {
    std::string u = rt.isInteger(64) ? "uint64_t" : "uint";
    e = rtype + "(" + bin(u + "(" + x(0) + ")", isa<arith::DivUIOp>(op) ? "/" : "%", u + "(" + x(1) + ")") + ")";
  } else if (isa<arith::RemSIOp>(op)) {
    e = bin(x(0), "%", x(1));
  } else if (isa<arith::RemFOp>(op)) {
    e = "(" + x(0) + " - " + x(1) + " * trunc(" + x(0) + " / " + x(1) + "))";
  } else if (isa<arith::NegFOp>(op)) {
    e = "(-" + x(0) + ")";
  } else if (isa<arith::MaxNumFOp>(op)) {
    e = call("rm_maxnum", x(0), x(1));
  } else if (isa<arith::MinNumFOp>(op)) {
    e = call("rm_minnum", x(0), x(1));
  } else if (isa<arith::MaximumFOp, arith::MinimumFOp>(op)) {
    std::string nan = f64 ? "RM_NAN_F64" : "RM_NAN_F32";
    e = "((isnan(" + x(0) + ") || isnan(" + x(1) + ")) ? " + nan + " : " +
        call(isa<arith::MaximumFOp>(op) ? "max" : "min", x(0), x(1)) + ")";
  } else if (isa<arith::MaxSIOp, arith::MinSIOp>(op)) {
    e = call(isa<arith::MaxSIOp>(op) ? "max" : "min", x(0), x(1));
  } else if (isa<arith::MaxUIOp, arith::MinUIOp>(op)) {
    std::string u = rt.isInteger(64) ? "uint64_t" : "uint";
    e = rtype + "(" + call(isa<arith::MaxUIOp>(op) ? "max" : "min", u + "(" + x(0) + ")", u + "(" + x(1) + ")") + ")";
  } else if (auto cmp = dyn_cast<arith::CmpFOp>(op)) {
    std::string a = x(0), b = x(1);
    std::string uno = "(isnan(" + a + ") || isnan(" + b + "))";
    switch (cmp.getPredicate()) {
    case arith::CmpFPredicate::AlwaysFalse: e = "false"; break;
    case arith::CmpFPredicate::AlwaysTrue: e = "true"; break;
    case arith::CmpFPredicate::OEQ: e = bin(a, "==", b); break;
    case arith::CmpFPredicate::OGT: e = bin(a, ">", b); break;
    case arith::CmpFPredicate::OGE: e = bin(a, ">=", b); break;
    case arith::CmpFPredicate::OLT: e = bin(a, "<", b); break;
    case arith::CmpFPredicate::OLE: e = bin(a, "<=", b); break;
    case arith::CmpFPredicate::ONE: e = "(" + bin(a, "<", b) + " || " + bin(a, ">", b) + ")"; break;
    case arith::CmpFPredicate::ORD: e = "(!" + uno + ")"; break;
    case arith::CmpFPredicate::UNO: e = uno; break;
    // Unordered predicates: the negation of the ordered complement (NaN
    // makes every ordered comparison false).
    case arith::CmpFPredicate::UEQ: e = "(!(" + bin(a, "<", b) + " || " + bin(a, ">", b) + "))"; break;
    case arith::CmpFPredicate::UGT: e = "(!" + bin(a, "<=", b) + ")"; break;
    case arith::CmpFPredicate::UGE: e = "(!" + bin(a, "<", b) + ")"; break;
    case arith::CmpFPredicate::ULT: e = "(!" + bin(a, ">=", b) + ")"; break;
    case arith::CmpFPredicate::ULE: e = "(!" + bin(a, ">", b) + ")"; break;
    case arith::CmpFPredicate::UNE: e = "(!" + bin(a, "==", b) + ")"; break;
    }
  } else if (auto cmp = dyn_cast<arith::CmpIOp>(op)) {
    Type t = opType(0);
    std::string a = x(0), b = x(1);
    bool unsignedPred = cmp.getPredicate() == arith::CmpIPredicate::ult ||
                        cmp.getPredicate() == arith::CmpIPredicate::ule ||
                        cmp.getPredicate() == arith::CmpIPredicate::ugt ||
                        cmp.getPredicate() == arith::CmpIPredicate::uge;
    if (t.isInteger(1) && cmp.getPredicate() != arith::CmpIPredicate::eq &&
        cmp.getPredicate() != arith::CmpIPredicate::ne) {
      a = "int(" + a + ")";
      b = "int(" + b + ")";
    } else if (unsignedPred) {
      std::string u = t.isInteger(64) ? "uint64_t" : "uint";
      a = u + "(" + a + ")";
      b = u + "(" + b + ")";
    }
    const char *ops[] = {"==", "!=", "<", "<=", ">", ">=", "<", "<=", ">", ">="};
    e = bin(a, ops[(int)cmp.getPredicate()], b);
  } else if (isa<arith::SelectOp>(op)) {
    e = "(" + x(0) + " ? " + x(1) + " : " + x(2) + ")";
  } else if (isa<arith::AndIOp, arith::OrIOp, arith::XOrIOp>(op)) {
    bool logical = rt.isInteger(1);
    const char *o = isa<arith::AndIOp>(op) ? (logical ? "&&" : "&")
                    : isa<arith::OrIOp>(op) ? (logical ? "||" : "|")
                                            : (logical ? "!=" : "^");
    e = bin(x(0), o, x(1));
  } else if (isa<arith::ShLIOp>(op)) {
    e = bin(x(0), "<<", x(1));
  } else if (isa<arith::ShRSIOp>(op)) {
    e = bin(x(0), ">>", x(1));
  } else if (isa<arith::ShRUIOp>(op)) {
    std::string u = rt.isInteger(64) ? "uint64_t" : "uint";
    e = rtype + "(" + bin(u + "(" + x(0) + ")", ">>", x(1)) + ")";
  } else if (isa<arith::IndexCastOp, arith::IndexCastUIOp, arith::ExtSIOp, arith::TruncIOp>(op)) {
    e = opType(0).isInteger(1) ? "(" + x(0) + " ? " + rtype + "(1) : " + rtype + "(0))"
        : rt.isInteger(1)      ? "((" + x(0) + " & 1) != 0)"
                               : rtype + "(" + x(0) + ")";
  } else if (isa<arith::ExtUIOp>(op)) {
    if (opType(0).isInteger(1)) e = "(" + x(0) + " ? " + rtype + "(1) : " + rtype + "(0))";
    else e = rtype + "(uint(" + x(0) + "))";
  } else if (isa<arith::UIToFPOp>(op)) {
    Type t = opType(0);
    if (t.isInteger(1)) e = convert(x(0), t, rt);
    else e = rtype + "(" + (t.isInteger(64) ? "uint64_t(" : "uint(") + x(0) + "))";
  } else if (isa<arith::SIToFPOp>(op)) {
    e = opType(0).isInteger(1) ? "(" + x(0) + " ? -1.0 : 0.0)" : rtype + "(" + x(0) + ")";
  } else if (isa<arith::FPToSIOp, arith::FPToUIOp>(op)) {
    e = rtype + "(" + x(0) + ")";
  } else if (isa<arith::ExtFOp, arith::TruncFOp>(op)) {
    e = rtype + "(" + x(0) + ")";
  } else if (isa<arith::BitcastOp>(op)) {
    if (rt.isF32() && opType(0).isInteger(32)) e = "uintBitsToFloat(uint(" + x(0) + "))";
    else if (rt.isInteger(32) && opType(0).isF32()) e = "int(floatBitsToUint(" + x(0) + "))";
  } else if (isa<math::SqrtOp>(op)) {
    e = call(f64 ? "rm_sqrt_f64" : "rm_sqrt_f32", x(0));
  } else if (isa<math::ExpOp>(op)) {
    e = call(f64 ? "rm_exp_f64" : (fastMath ? "rm_exp_fast_f32" : "rm_exp_f32"), x(0));
  } else if (isa<math::LogOp>(op)) {
    e = call(f64 ? "rm_log_f64" : (fastMath ? "rm_log_fast_f32" : "rm_log_f32"), x(0));
  } else if (isa<math::SinOp>(op)) {
    e = call(f64 ? "rm_sin_f64" : "rm_sin_f32", x(0));
  } else if (isa<math::CosOp>(op)) {
    e = call(f64 ? "rm_cos_f64" : "rm_cos_f32", x(0));
  } else if (isa<math::TanOp>(op)) {
    e = call(f64 ? "rm_tan_f64" : "rm_tan_f32", x(0));
  } else if (isa<math::AtanOp>(op)) {
    e = call(f64 ? "rm_atan_f64" : "rm_atan_f32", x(0));
  } else if (isa<math::TanhOp>(op)) {
    e = call(f64 ? "rm_tanh_f64" : "rm_tanh_f32", x(0));
  } else if (isa<math::PowFOp>(op)) {
    std::string general = call(f64 ? "rm_pow_f64" : (fastMath ? "rm_pow_fast_f32" : "rm_pow_f32"), x(0), x(1));
    FloatAttr exponent;
    std::optional<RootPowerPlan> plan;
    if (!f64 && matchPattern(op.getOperand(1), m_Constant(&exponent)))
      plan = planRootPower(exponent.getValueAsDouble());
    if (plan) {
      std::string n = fresh();
      out_ += emitRootPower(*plan, x(0), n, general, indent, slowFlag);
      slowFlagUsed |= !slowFlag.empty();
      names_[result] = n;
      return success();
    }
    e = general;
  } else if (isa<math::AbsFOp>(op)) {
    e = call("abs", x(0));
  } else if (isa<math::FloorOp>(op)) {
    e = call("floor", x(0));
  } else if (isa<math::CeilOp>(op)) {
    e = call("ceil", x(0));
  } else if (isa<math::TruncOp>(op)) {
    e = call("trunc", x(0));
  } else if (isa<math::RoundOp>(op)) {
    e = call("rm_round", x(0));
  } else if (isa<math::FmaOp>(op)) {
    e = "fma(" + x(0) + ", " + x(1) + ", " + x(2) + ")";
  } else if (isa<math::CopySignOp>(op)) {
    e = "((" + x(1) + " < " + glslFloatLiteral(0.0, f64) + ") ? -abs(" + x(0) + ") : abs(" + x(0) + "))";
  } else if (auto r = dyn_cast<rm::RandomOp>(op)) {
    features_.int64 = true;
    auto pair = [&](unsigned i) { return "unpackUint2x32(uint64_t(" + x(i) + "))"; };
    bool normal = r.getDistribution() == rm::Distribution::Normal;
    std::string f = std::string(normal ? "rm_randn_" : "rm_rand_") + (f64 ? "f64" : "f32");
    e = f + "(" + pair(0) + ", " + pair(1) + ", uint64_t(" + x(2) + "))";
  }
  if (e.empty()) return op.emitError("GPU kernels cannot compute ") << op.getName() << " on " << rt;
  std::string n = fresh();
  // The program's own float arithmetic is evaluated as written, as on the
  // CPU: without `precise` (NoContraction) Vulkan lets drivers fuse a
  // product into a following sum and reassociate (on the H200, x + s - s
  // came out as x where s was NaN).
  bool asWritten = isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp, arith::RemFOp>(op);
  out_ += indent + (asWritten ? "precise " : "") + rtype + " " + n + " = " + e + ";\n";
  names_[result] = n;
  return success();
}

} // namespace runmat::codegen
