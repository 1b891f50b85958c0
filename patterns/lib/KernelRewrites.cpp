#include "runmat/Patterns/KernelRewrites.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;
namespace rm = mlir::runmat;

namespace runmat::patterns {

std::string locationOf(Operation *op) {
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc); fused && !fused.getLocations().empty()) loc = fused.getLocations().front();
  if (auto f = dyn_cast<FileLineColLoc>(loc))
    return f.getFilename().str() + ":" + std::to_string(f.getLine()) + ":" + std::to_string(f.getColumn());
  return "?";
}

Value extentOf(OpBuilder &b, Value t, int64_t d) {
  if (auto k = t.getDefiningOp<rm::KernelOp>()) return k.buildResultExtent(b, d);
  auto type = cast<RankedTensorType>(t.getType());
  if (d >= type.getRank()) return b.create<arith::ConstantIndexOp>(t.getLoc(), 1);
  if (!type.isDynamicDim(d)) return b.create<arith::ConstantIndexOp>(t.getLoc(), type.getDimSize(d));
  if (auto empty = t.getDefiningOp<tensor::EmptyOp>()) return empty.getDynamicSize(d);
  // A reshape's extents are its operands (one per dynamic extent, in order).
  if (auto reshape = t.getDefiningOp<rm::ReshapeOp>()) {
    unsigned k = 0;
    for (int64_t i = 0; i < d; ++i) k += type.isDynamicDim(i);
    return reshape.getDynamicSizes()[k];
  }
  return b.create<tensor::DimOp>(t.getLoc(), t, d);
}

bool sameExtent(Value a, Value b) {
  if (a == b) return true;
  auto ca = a.getDefiningOp<arith::ConstantIndexOp>(), cb = b.getDefiningOp<arith::ConstantIndexOp>();
  return ca && cb && ca.value() == cb.value();
}

Block *createBodyBlock(OpBuilder &b, rm::KernelOp k) {
  SmallVector<Type> argTypes(2 * k.getRank(), b.getIndexType());
  for (Value v : k.getInputs()) argTypes.push_back(cast<RankedTensorType>(v.getType()).getElementType());
  for (Value v : k.getScalars()) argTypes.push_back(v.getType());
  return b.createBlock(&k.getBody(), {}, argTypes, SmallVector<Location>(argTypes.size(), k.getLoc()));
}

SmallVector<std::string> coversOf(ArrayRef<rm::KernelOp> ks) {
  SmallVector<std::string> covers;
  for (rm::KernelOp k : ks)
    for (const std::string &c : coversOf(k))
      if (!llvm::is_contained(covers, c)) covers.push_back(c);
  return covers;
}

void logFired(FusionLog &log, const char *pattern, rm::KernelOp fused) {
  SmallVector<std::string> covers = coversOf(fused);
  log.fire(pattern, std::vector<std::string>(covers.begin(), covers.end()));
}

bool repeatUntilStable(function_ref<bool()> fuseOne) {
  bool changed = false;
  while (fuseOne()) changed = true;
  return changed;
}

SmallVector<Value> cloneBodyAt(OpBuilder &b, rm::KernelOp k, Block *body, function_ref<Value(unsigned)> inputOf,
                               function_ref<Value(unsigned)> scalarOf) {
  const int64_t rank = k.getRank();
  const unsigned nIn = k.getInputs().size();
  Block &kb = k.getBodyBlock();
  IRMapping map;
  for (int64_t p = 0; p < 2 * rank; ++p) map.map(kb.getArgument(p), body->getArgument(p));
  for (unsigned t = 0; t < nIn; ++t) map.map(kb.getArgument(2 * rank + t), inputOf(t));
  for (unsigned s = 0; s < k.getScalars().size(); ++s) map.map(kb.getArgument(2 * rank + nIn + s), scalarOf(s));
  for (Operation &op : kb.without_terminator()) b.clone(op, map);
  SmallVector<Value> out;
  for (Value v : kb.getTerminator()->getOperands()) out.push_back(map.lookupOrDefault(v));
  return out;
}

SmallVector<Value> groupReducedAt(OpBuilder &b, rm::KernelOp k, Block *body, ArrayRef<int64_t> dims,
                                  function_ref<Value(unsigned)> inputOf, function_ref<Value(unsigned)> scalarOf) {
  const int64_t rank = k.getRank();
  SmallVector<Value> args;
  for (auto [r, v] : llvm::enumerate(cloneBodyAt(b, k, body, inputOf, scalarOf))) {
    auto kind = (rm::ReduceKind)cast<IntegerAttr>(k.getCombiners()[r]).getInt();
    args.push_back(b.create<rm::GroupReduceOp>(k.getLoc(), kind, v, b.getDenseI64ArrayAttr(dims)));
  }
  Block &epi = k.getEpilogue().front();
  for (int64_t p = 0; p < rank; ++p) args.push_back(body->getArgument(rank + p));
  if (epi.getNumArguments() > args.size())
    for (unsigned s = 0; s < k.getScalars().size(); ++s) args.push_back(scalarOf(s));
  IRMapping map;
  map.map(epi.getArguments(), args);
  for (Operation &op : epi.without_terminator()) b.clone(op, map);
  SmallVector<Value> out;
  for (Value v : epi.getTerminator()->getOperands()) out.push_back(map.lookupOrDefault(v));
  return out;
}

void foldShapeReads(rm::KernelOp k) {
  for (OpResult r : k->getResults())
    for (Operation *user : llvm::make_early_inc_range(r.getUsers())) {
      auto dim = dyn_cast<tensor::DimOp>(user);
      auto d = dim ? dim.getConstantIndex() : std::nullopt;
      if (!d || *d < 0) continue;
      OpBuilder b(dim);
      dim.replaceAllUsesWith(k.buildResultExtent(b, *d));
      dim.erase();
    }
}

SmallVector<rm::KernelOp> kernelsOf(Operation *fn) {
  SmallVector<rm::KernelOp> kernels;
  fn->walk([&](rm::KernelOp k) { kernels.push_back(k); });
  for (rm::KernelOp k : kernels) foldShapeReads(k);
  return kernels;
}

SmallVector<std::string> coversOf(rm::KernelOp k) {
  SmallVector<std::string> out;
  if (auto list = k->getAttrOfType<ArrayAttr>("runmat.covers")) {
    for (Attribute a : list) out.push_back(cast<StringAttr>(a).str());
  } else if (auto l = k.getLabel()) {
    out.push_back(l->str());
  }
  return out;
}

void setCovers(rm::KernelOp k, ArrayRef<std::string> covers) {
  SmallVector<Attribute> attrs;
  for (const std::string &c : covers) attrs.push_back(StringAttr::get(k.getContext(), c));
  k->setAttr("runmat.covers", ArrayAttr::get(k.getContext(), attrs));
}

rm::KernelOp rebuildKernel(rm::KernelOp k, ValueRange inputs, ArrayRef<SmallVector<int64_t>> maps,
                           ValueRange scalars) {
  OpBuilder b(k);
  SmallVector<Attribute> mapAttrs;
  for (const auto &m : maps) mapAttrs.push_back(b.getDenseI64ArrayAttr(m));
  auto n = b.create<rm::KernelOp>(k.getLoc(), k.getResultTypes(), k.getSpace(), inputs, scalars,
                                  b.getArrayAttr(mapAttrs), k.getReduceDimsAttr(), k.getCombiners(),
                                  k.getLabelAttr());
  for (NamedAttribute a : k->getDiscardableAttrs()) n->setAttr(a.getName(), a.getValue());
  n.getBody().takeBody(k.getBody());
  n.getEpilogue().takeBody(k.getEpilogue());
  k.replaceAllUsesWith(n.getResults());
  k.erase();
  return n;
}

FailureOr<rm::KernelOp> inlineProducer(rm::KernelOp consumer, unsigned input, rm::KernelOp producer,
                                       unsigned result, std::string &why) {
  if (!producer.getGroupDims().empty()) {
    why = "the producer reduces within columns of its own space";
    return failure();
  }
  Location loc = consumer.getLoc();
  const int64_t rc = consumer.getRank(), rp = producer.getRank();
  SmallVector<int64_t> m = consumer.getInputMap(input);
  const int64_t outRank = (int64_t)m.size();
  auto constOne = [](Value v) {
    auto c = v.getDefiningOp<arith::ConstantIndexOp>();
    return c && c.value() == 1;
  };
  // Where each producer dimension comes from in the consumer's space.
  // via[j] = consumer dimension, or -1 (the producer's extent is 1 there).
  SmallVector<int64_t> via(rp, -1);
  SmallVector<bool> sameAsConsumer(rp, false);
  for (int64_t j = 0; j < rp; ++j) {
    if (j >= outRank || m[j] < 0 || constOne(producer.getSpace()[j])) continue;
    via[j] = m[j];
    sameAsConsumer[j] = producer.getSpace()[j] == consumer.getSpace()[m[j]];
  }
  // The producer's inputs, read through the composed maps.
  SmallVector<Value> inputs;
  SmallVector<SmallVector<int64_t>> maps;
  for (unsigned t = 0; t < consumer.getInputs().size(); ++t)
    if (t != input) {
      inputs.push_back(consumer.getInputs()[t]);
      maps.push_back(consumer.getInputMap(t));
    }
  const unsigned keptInputs = inputs.size();
  for (unsigned u = 0; u < producer.getInputs().size(); ++u) {
    Value v = producer.getInputs()[u];
    auto type = cast<RankedTensorType>(v.getType());
    SmallVector<int64_t> pm = producer.getInputMap(u), composed;
    for (int64_t k = 0; k < (int64_t)pm.size(); ++k) {
      int64_t p = pm[k];
      int64_t c = p < 0 ? -1 : via[p];
      if (c < 0 && type.getDimSize(k) != 1) {
        why = "an operand of the producer is not known to have extent 1 where the consumer expands it";
        return failure();
      }
      composed.push_back(c);
    }
    inputs.push_back(v);
    maps.push_back(composed);
  }
  // Scalars: the consumer's, the producer's, then producer extents the
  // consumer's space does not already hold.
  SmallVector<Value> scalars(consumer.getScalars().begin(), consumer.getScalars().end());
  const unsigned consumerScalars = scalars.size();
  scalars.append(producer.getScalars().begin(), producer.getScalars().end());
  SmallVector<int> extentScalar(rp, -1);
  for (int64_t j = 0; j < rp; ++j)
    if (via[j] >= 0 && !sameAsConsumer[j]) {
      extentScalar[j] = (int)scalars.size();
      scalars.push_back(producer.getSpace()[j]);
    }

  OpBuilder b(consumer);
  SmallVector<Attribute> mapAttrs;
  for (const auto &mm : maps) mapAttrs.push_back(b.getDenseI64ArrayAttr(mm));
  auto fused = b.create<rm::KernelOp>(loc, consumer.getResultTypes(), consumer.getSpace(), inputs, scalars,
                                      b.getArrayAttr(mapAttrs), consumer.getReduceDimsAttr(),
                                      consumer.getCombiners(), consumer.getLabelAttr());
  for (NamedAttribute a : consumer->getDiscardableAttrs()) fused->setAttr(a.getName(), a.getValue());
  SmallVector<std::string> covers = coversOf(consumer);
  for (const std::string &c : coversOf(producer))
    if (!llvm::is_contained(covers, c)) covers.push_back(c);
  setCovers(fused, covers);

  Block *body = createBodyBlock(b, fused);
  b.setInsertionPointToStart(body);
  auto idx = [&](int64_t p) { return body->getArgument(p); };
  auto ext = [&](int64_t p) { return body->getArgument(rc + p); };
  auto inArg = [&](unsigned t) { return body->getArgument(2 * rc + t); };
  auto scArg = [&](unsigned s) { return body->getArgument(2 * rc + inputs.size() + s); };

  // The producer's body at the consumer's point.
  Block &pb = producer.getBodyBlock();
  IRMapping pmap;
  Value zero = b.create<arith::ConstantIndexOp>(loc, 0), one = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t j = 0; j < rp; ++j) {
    Value index = zero, extent = one;
    if (via[j] >= 0) {
      if (sameAsConsumer[j]) {
        index = idx(via[j]);
        extent = ext(via[j]);
      } else {
        extent = scArg(extentScalar[j]);
        Value isOne = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, extent, one);
        index = b.create<arith::SelectOp>(loc, isOne, zero, idx(via[j]));
      }
    } else if (!constOne(producer.getSpace()[j]) && j < rp) {
      // A dimension the consumer does not index: its extent is 1 at run time
      // (the consumer's map says so), whatever the producer's value says.
      extent = one;
    }
    pmap.map(pb.getArgument(j), index);
    pmap.map(pb.getArgument(rp + j), extent);
  }
  for (unsigned u = 0; u < producer.getInputs().size(); ++u) pmap.map(pb.getArgument(2 * rp + u), inArg(keptInputs + u));
  for (unsigned s = 0; s < producer.getScalars().size(); ++s)
    pmap.map(pb.getArgument(2 * rp + producer.getInputs().size() + s), scArg(consumerScalars + s));
  for (Operation &op : pb.without_terminator()) b.clone(op, pmap);
  Value produced = pmap.lookupOrDefault(pb.getTerminator()->getOperand(result));

  // Then the consumer's body, reading that value for its input.
  Block &cb = consumer.getBodyBlock();
  IRMapping cmap;
  for (int64_t p = 0; p < 2 * rc; ++p) cmap.map(cb.getArgument(p), body->getArgument(p));
  unsigned kept = 0;
  for (unsigned t = 0; t < consumer.getInputs().size(); ++t)
    cmap.map(cb.getArgument(2 * rc + t), t == input ? produced : inArg(kept++));
  for (unsigned s = 0; s < consumerScalars; ++s)
    cmap.map(cb.getArgument(2 * rc + consumer.getInputs().size() + s), scArg(s));
  for (Operation &op : cb) b.clone(op, cmap);
  fused.getEpilogue().takeBody(consumer.getEpilogue());
  consumer.replaceAllUsesWith(fused.getResults());
  consumer.erase();
  return fused;
}

rm::KernelOp dedupeOperands(rm::KernelOp k) {
  const int64_t r = k.getRank();
  Block &body = k.getBodyBlock();
  SmallVector<Value> inputs, scalars;
  SmallVector<SmallVector<int64_t>> maps;
  SmallVector<unsigned> dropArgs; // block argument numbers
  const unsigned nIn = k.getInputs().size();
  for (unsigned t = 0; t < nIn; ++t) {
    Value v = k.getInputs()[t];
    SmallVector<int64_t> m = k.getInputMap(t);
    int found = -1;
    for (unsigned u = 0; u < inputs.size(); ++u)
      if (inputs[u] == v && maps[u] == m) found = (int)u;
    if (found < 0) {
      inputs.push_back(v);
      maps.push_back(m);
      continue;
    }
    // The first occurrence's argument: count kept inputs before it.
    unsigned firstArg = 0;
    for (unsigned u = 0, seen = 0; u < t; ++u) {
      Value w = k.getInputs()[u];
      if (w == v && k.getInputMap(u) == m) {
        firstArg = 2 * r + u;
        break;
      }
      (void)seen;
    }
    body.getArgument(2 * r + t).replaceAllUsesWith(body.getArgument(firstArg));
    dropArgs.push_back(2 * r + t);
  }
  for (unsigned s = 0; s < k.getScalars().size(); ++s) {
    Value v = k.getScalars()[s];
    auto it = llvm::find(scalars, v);
    if (it == scalars.end()) {
      scalars.push_back(v);
      continue;
    }
    unsigned first = 0;
    for (unsigned u = 0; u < s; ++u)
      if (k.getScalars()[u] == v) {
        first = u;
        break;
      }
    body.getArgument(2 * r + nIn + s).replaceAllUsesWith(body.getArgument(2 * r + nIn + first));
    dropArgs.push_back(2 * r + nIn + s);
  }
  if (dropArgs.empty()) return k;
  for (auto it = dropArgs.rbegin(); it != dropArgs.rend(); ++it) body.eraseArgument(*it);
  return rebuildKernel(k, inputs, maps, scalars);
}

rm::KernelOp sinkConstantScalars(rm::KernelOp k) {
  const unsigned first = 2 * k.getRank() + k.getInputs().size();
  Block &body = k.getBodyBlock();
  bool epilogueScalars = k.isReduction() && k.getEpilogue().front().getNumArguments() > k.getNumResults() + k.getRank();
  const unsigned epiFirst = k.getNumResults() + k.getRank();
  SmallVector<Value> kept;
  SmallVector<unsigned> drop;
  OpBuilder b(k.getContext());
  b.setInsertionPointToStart(&body);
  OpBuilder eb(k.getContext());
  if (epilogueScalars) eb.setInsertionPointToStart(&k.getEpilogue().front());
  for (auto [s, v] : llvm::enumerate(k.getScalars())) {
    auto c = v.getDefiningOp<arith::ConstantOp>();
    if (!c) {
      kept.push_back(v);
      continue;
    }
    body.getArgument(first + s).replaceAllUsesWith(b.clone(*c)->getResult(0));
    if (epilogueScalars)
      k.getEpilogue().front().getArgument(epiFirst + s).replaceAllUsesWith(eb.clone(*c)->getResult(0));
    drop.push_back(s);
  }
  body.walk([&](math::PowFOp pow) {
    auto c = pow.getRhs().getDefiningOp<arith::ConstantOp>();
    auto f = c ? dyn_cast<FloatAttr>(c.getValue()) : FloatAttr();
    if (!f || f.getValueAsDouble() != 2.0) return;
    OpBuilder pb(pow);
    pow.replaceAllUsesWith(pb.create<arith::MulFOp>(pow.getLoc(), pow.getLhs(), pow.getLhs()).getResult());
    pow.erase();
  });
  if (drop.empty()) return k;
  for (auto it = drop.rbegin(); it != drop.rend(); ++it) {
    body.eraseArgument(first + *it);
    if (epilogueScalars) k.getEpilogue().front().eraseArgument(epiFirst + *it);
  }
  SmallVector<SmallVector<int64_t>> maps;
  for (unsigned t = 0; t < k.getInputs().size(); ++t) maps.push_back(k.getInputMap(t));
  SmallVector<Value> inputs(k.getInputs().begin(), k.getInputs().end());
  return rebuildKernel(k, inputs, maps, kept);
}

} // namespace runmat::patterns
