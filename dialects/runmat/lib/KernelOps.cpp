// The kernel form: runmat.kernel's assembly format and verifier.
#include "runmat/Dialect/RunMat/RunMatOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

using namespace mlir;
using namespace mlir::runmat;

SmallVector<int64_t> KernelOp::getInputMap(unsigned t) {
  auto m = cast<DenseI64ArrayAttr>(getInputMaps()[t]);
  return SmallVector<int64_t>(m.asArrayRef().begin(), m.asArrayRef().end());
}

void KernelOp::print(OpAsmPrinter &p) {
  if (auto l = getLabel()) p << " label " << '"' << *l << '"';
  p << " space(" << getSpace() << ")";
  if (!getInputs().empty()) {
    p << " ins(" << getInputs() << " : " << getInputs().getTypes() << ") maps [";
    llvm::interleaveComma(getInputMaps(), p, [&](Attribute a) {
      p << "[";
      llvm::interleaveComma(cast<DenseI64ArrayAttr>(a).asArrayRef(), p);
      p << "]";
    });
    p << "]";
  }
  if (!getScalars().empty()) p << " scalars(" << getScalars() << " : " << getScalars().getTypes() << ")";
  if (isReduction()) {
    p << " reduce [";
    llvm::interleaveComma(getReduceDims(), p);
    p << "] combiners [";
    llvm::interleaveComma(getCombiners(), p, [&](Attribute a) {
      p << stringifyReduceKind((ReduceKind)cast<IntegerAttr>(a).getInt());
    });
    p << "]";
  }
  p.printOptionalAttrDict((*this)->getAttrs(), {"input_maps", "reduce_dims", "combiners", "label",
                                                "operandSegmentSizes"});
  p << " -> (" << getResultTypes() << ") ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/true, /*printBlockTerminators=*/true);
  if (!getEpilogue().empty()) {
    p << " epilogue ";
    p.printRegion(getEpilogue(), /*printEntryBlockArgs=*/true, /*printBlockTerminators=*/true);
  }
}

ParseResult KernelOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  SmallVector<OpAsmParser::UnresolvedOperand> space, inputs, scalars;
  SmallVector<Type> inputTypes, scalarTypes, resultTypes;
  SmallVector<Attribute> maps, combiners;
  SmallVector<int64_t> reduceDims;
  if (succeeded(parser.parseOptionalKeyword("label"))) {
    std::string label;
    if (parser.parseString(&label)) return failure();
    result.addAttribute("label", b.getStringAttr(label));
  }
  if (parser.parseKeyword("space") || parser.parseOperandList(space, OpAsmParser::Delimiter::Paren))
    return failure();
  if (succeeded(parser.parseOptionalKeyword("ins"))) {
    if (parser.parseLParen() || parser.parseOperandList(inputs) || parser.parseColonTypeList(inputTypes) ||
        parser.parseRParen() || parser.parseKeyword("maps"))
      return failure();
    if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
          SmallVector<int64_t> m;
          if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
                int64_t v;
                if (parser.parseInteger(v)) return failure();
                m.push_back(v);
                return success();
              }))
            return failure();
          maps.push_back(b.getDenseI64ArrayAttr(m));
          return success();
        }))
      return failure();
  }
  if (succeeded(parser.parseOptionalKeyword("scalars"))) {
    if (parser.parseLParen() || parser.parseOperandList(scalars) || parser.parseColonTypeList(scalarTypes) ||
        parser.parseRParen())
      return failure();
  }
  if (succeeded(parser.parseOptionalKeyword("reduce"))) {
    if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
          int64_t v;
          if (parser.parseInteger(v)) return failure();
          reduceDims.push_back(v);
          return success();
        }) ||
        parser.parseKeyword("combiners") ||
        parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
          StringRef kw;
          SMLoc loc = parser.getCurrentLocation();
          if (parser.parseKeyword(&kw)) return failure();
          auto kind = symbolizeReduceKind(kw);
          if (!kind) return parser.emitError(loc, "unknown combiner '") << kw << "'";
          combiners.push_back(b.getI32IntegerAttr((int32_t)*kind));
          return success();
        }))
      return failure();
  }
  if (parser.parseOptionalAttrDict(result.attributes) || parser.parseArrow() || parser.parseLParen() ||
      parser.parseTypeList(resultTypes) || parser.parseRParen())
    return failure();
  Type index = b.getIndexType();
  if (parser.resolveOperands(space, index, result.operands) ||
      parser.resolveOperands(inputs, inputTypes, parser.getCurrentLocation(), result.operands) ||
      parser.resolveOperands(scalars, scalarTypes, parser.getCurrentLocation(), result.operands))
    return failure();
  result.addTypes(resultTypes);
  result.addAttribute("input_maps", b.getArrayAttr(maps));
  result.addAttribute("reduce_dims", b.getDenseI64ArrayAttr(reduceDims));
  result.addAttribute("combiners", b.getArrayAttr(combiners));
  result.addAttribute("operandSegmentSizes",
                      b.getDenseI32ArrayAttr({(int32_t)space.size(), (int32_t)inputs.size(), (int32_t)scalars.size()}));
  Region *body = result.addRegion();
  Region *epilogue = result.addRegion();
  if (parser.parseRegion(*body, /*arguments=*/{}, /*enableNameShadowing=*/false)) return failure();
  if (succeeded(parser.parseOptionalKeyword("epilogue")))
    if (parser.parseRegion(*epilogue, {}, false)) return failure();
  return success();
}

static Type elementOf(Type t) { return cast<RankedTensorType>(t).getElementType(); }

LogicalResult KernelOp::verify() {
  int64_t rank = getRank();
  if (getInputMaps().size() != getInputs().size())
    return emitOpError("needs one map per input, got ") << getInputMaps().size() << " for " << getInputs().size();
  for (unsigned t = 0; t < getInputs().size(); ++t) {
    auto type = cast<RankedTensorType>(getInputs()[t].getType());
    auto map = dyn_cast<DenseI64ArrayAttr>(getInputMaps()[t]);
    if (!map || (int64_t)map.size() != type.getRank())
      return emitOpError("the map of input ") << t << " needs one entry per dimension of " << type;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      int64_t p = map[d];
      if (p < -1 || p >= rank) return emitOpError("the map of input ") << t << " names dimension " << p << " of a rank-" << rank << " space";
      if (p == -1 && type.getDimSize(d) != 1)
        return emitOpError("input ") << t << " dimension " << d << " follows no iteration dimension, so its extent must be 1";
    }
  }
  for (int64_t d : getReduceDims())
    if (d < 0 || d >= rank) return emitOpError("reduces dimension ") << d << " of a rank-" << rank << " space";
  bool reduce = isReduction();
  if (reduce != !getEpilogue().empty())
    return emitOpError(reduce ? "a reduction kernel needs an epilogue" : "a map kernel has no epilogue");
  if (reduce && getCombiners().size() != getNumResults())
    return emitOpError("needs one combiner per result");
  if (!reduce && !getCombiners().empty()) return emitOpError("a map kernel has no combiners");
  if (getNumResults() == 0) return emitOpError("produces at least one result");

  // Body: indices, extents, input elements, scalars; yields one element per result.
  Block &body = getBodyBlock();
  SmallVector<Type> expected(2 * rank, IndexType::get(getContext()));
  for (Value in : getInputs()) expected.push_back(elementOf(in.getType()));
  for (Value s : getScalars()) expected.push_back(s.getType());
  if (body.getArgumentTypes() != ArrayRef<Type>(expected))
    return emitOpError("body arguments must be (indices, extents, input elements, scalars): ") << expected.size()
           << " arguments of types indices and extents (index), then the inputs' element types and the scalars' types";
  auto yield = cast<YieldOp>(body.getTerminator());
  if (yield.getValues().size() != getNumResults())
    return emitOpError("body yields ") << yield.getValues().size() << " values for " << getNumResults() << " results";
  for (unsigned r = 0; r < getNumResults(); ++r) {
    Type e = elementOf(getResult(r).getType());
    if (!reduce && yield.getValues()[r].getType() != e)
      return emitOpError("body yields ") << yield.getValues()[r].getType() << " for result " << r << " of element type " << e;
    auto rt = cast<RankedTensorType>(getResult(r).getType());
    if (rt.getRank() > rank || rt.getRank() < std::min<int64_t>(2, rank))
      return emitOpError("result ") << r << " rank must fit the rank-" << rank << " space";
    for (int64_t d = rt.getRank(); d < rank; ++d) {
      bool isReduced = llvm::is_contained(getReduceDims(), d);
      if (!isReduced) {
        // Dropped trailing dimensions must have extent 1.
        if (auto c = getSpace()[d].getDefiningOp<arith::ConstantIndexOp>(); !c || c.value() != 1)
          return emitOpError("result ") << r << " drops dimension " << d << ", whose extent is not known to be 1";
      }
    }
  }
  if (reduce) {
    // Accumulators have the types the body yields; the epilogue turns them
    // into the results' elements, from the extents and, optionally, the
    // scalars (a fused consumer's).
    Block &epi = getEpilogue().front();
    SmallVector<Type> epiArgs;
    auto byield = dyn_cast<YieldOp>(getBodyBlock().getTerminator());
    if (byield)
      for (Type t : byield.getValues().getTypes()) epiArgs.push_back(t);
    epiArgs.append(rank, IndexType::get(getContext()));
    SmallVector<Type> withScalars(epiArgs);
    for (Value s : getScalars()) withScalars.push_back(s.getType());
    if (epi.getArgumentTypes() != ArrayRef<Type>(epiArgs) && epi.getArgumentTypes() != ArrayRef<Type>(withScalars))
      return emitOpError("epilogue arguments must be the accumulators (the body's yield types), the extents, "
                         "and optionally the scalars");
    auto eyield = dyn_cast<YieldOp>(epi.getTerminator());
    SmallVector<Type> resultElements;
    for (Type t : getResultTypes()) resultElements.push_back(elementOf(t));
    if (!eyield || eyield.getValues().getTypes() != ArrayRef<Type>(resultElements))
      return emitOpError("epilogue must yield one element per result");
  }
  return success();
}

SmallVector<int64_t> KernelOp::getGroupDims() {
  SmallVector<int64_t> dims;
  getBody().walk([&](GroupReduceOp g) {
    dims.assign(g.getDims().begin(), g.getDims().end());
    return WalkResult::interrupt();
  });
  return dims;
}

bool KernelOp::drawsRandom() {
  return getBody().walk([](RandomOp) { return WalkResult::interrupt(); }).wasInterrupted();
}

bool KernelOp::hasLoop() {
  return getBody().walk([](scf::ForOp) { return WalkResult::interrupt(); }).wasInterrupted();
}

scf::ForOp KernelOp::getTimeLoop() {
  scf::ForOp found;
  for (Operation &op : getBodyBlock())
    if (auto loop = dyn_cast<scf::ForOp>(op)) {
      if (found) return {};
      found = loop;
    }
  if (!found) return {};
  for (Value bound : {found.getLowerBound(), found.getUpperBound(), found.getStep()})
    if (!isa<BlockArgument>(bound) && !bound.getDefiningOp<arith::ConstantOp>()) return {};
  return found;
}

int64_t KernelOp::getOpsPerPoint(SmallVectorImpl<int64_t> *loopScalarsOut, int64_t *loopOpsOut) {
  int64_t ops = 0, loopOps = 0;
  SmallVector<int64_t> loopScalars;
  const unsigned firstScalar = 2 * getRank() + getInputs().size();
  for (Operation &op : getBodyBlock()) {
    auto loop = dyn_cast<scf::ForOp>(op);
    if (!loop) {
      ops += !isa<YieldOp, arith::ConstantOp>(op);
      continue;
    }
    loop.getBody()->walk([&](Operation *inner) { loopOps += !isa<scf::YieldOp, arith::ConstantOp>(inner); });
    for (Value bound : {loop.getLowerBound(), loop.getUpperBound(), loop.getStep()}) {
      auto arg = dyn_cast<BlockArgument>(bound);
      if (arg && arg.getOwner() == &getBodyBlock() && arg.getArgNumber() >= firstScalar)
        loopScalars.push_back(arg.getArgNumber() - firstScalar);
    }
    if (loopScalars.size() != 3) loopScalars.clear();
  }
  if (loopScalarsOut) loopScalarsOut->assign(loopScalars.begin(), loopScalars.end());
  if (loopOpsOut) *loopOpsOut = loopOps;
  return ops + (loopScalars.empty() ? loopOps : 0);
}

namespace {

// FNV-1a, 64 bits: stable across processes and builds, unlike llvm::hash_value.
uint64_t fnv1a(StringRef text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

} // namespace

std::string KernelOp::getFingerprint() {
  // A canonical text of the structure: values named by definition order,
  // attributes printed except those that name a place or a decision.
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::DenseMap<Value, unsigned> names;
  auto name = [&](Value v) {
    auto [it, fresh] = names.try_emplace(v, (unsigned)names.size());
    return it->second;
  };
  for (Value v : getInputs()) os << v.getType() << ";";
  for (Value v : getScalars()) os << v.getType() << ";";
  for (Type t : getResultTypes()) os << t << ";";
  os << getInputMaps() << getReduceDimsAttr() << getCombiners() << "|";
  walk([&](Operation *op) {
    if (op == getOperation()) return;
    os << op->getName() << "(";
    for (Value v : op->getOperands()) os << name(v) << ",";
    os << ")";
    for (NamedAttribute a : op->getAttrs())
      if (a.getName() != "label" && a.getName() != "runmat.covers") os << a.getName() << "=" << a.getValue() << ",";
    for (Value r : op->getResults()) os << name(r) << ":" << r.getType() << ",";
    for (Region &region : op->getRegions())
      for (Block &b : region)
        for (BlockArgument arg : b.getArguments()) os << "^" << name(arg) << ":" << arg.getType();
    os << ";";
  });
  for (Region *region : {&getBody(), &getEpilogue()})
    for (Block &b : *region)
      for (BlockArgument arg : b.getArguments()) os << "^" << name(arg) << ":" << arg.getType();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fnv1a(os.str()));
  return hex;
}

LogicalResult GroupReduceOp::verify() {
  if (getKind() == ReduceKind::Mean) return emitOpError("combines with sum, prod, max or min");
  // Every point of a group must reach it: only loops between it and the kernel.
  Operation *parent = (*this)->getParentOp();
  while (parent && isa<scf::ForOp>(parent)) parent = parent->getParentOp();
  auto kernel = dyn_cast_or_null<KernelOp>(parent);
  if (!kernel || (*this)->getParentRegion() == &kernel.getEpilogue())
    return emitOpError("must be in a kernel body, under scf.for loops at most");
  if (kernel.isReduction()) return emitOpError("must be in a map kernel");
  if (getDims().empty()) return emitOpError("combines over at least one dimension");
  int64_t last = -1;
  for (int64_t d : getDims()) {
    if (d <= last || d >= kernel.getRank())
      return emitOpError("dims must be increasing dimensions of the rank-") << kernel.getRank() << " space";
    last = d;
  }
  if (kernel.getGroupDims() != SmallVector<int64_t>(getDims()))
    return emitOpError("combines over other dimensions than the kernel's other group reductions");
  return success();
}

Value KernelOp::buildResultExtent(OpBuilder &b, int64_t d) {
  if (d < getRank() && !llvm::is_contained(getReduceDims(), d)) return getSpace()[d];
  return b.create<arith::ConstantIndexOp>(getLoc(), 1);
}

namespace {

// tensor.dim of a kernel's result is an extent the kernel was given: its
// space operand, or 1 along a reduced dimension. Folding it keeps host code
// from reading results only for their shape (which would keep them stored).
struct DimOfKernelResult : OpRewritePattern<tensor::DimOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::DimOp dim, PatternRewriter &rewriter) const override {
    auto result = dyn_cast<OpResult>(dim.getSource());
    auto kernel = result ? dyn_cast<KernelOp>(result.getOwner()) : KernelOp();
    auto d = dim.getConstantIndex();
    if (!kernel || !d || *d < 0) return failure();
    rewriter.replaceOp(dim, kernel.buildResultExtent(rewriter, *d));
    return success();
  }
};

} // namespace

void KernelOp::getCanonicalizationPatterns(RewritePatternSet &results, MLIRContext *context) {
  results.add<DimOfKernelResult>(context);
}
