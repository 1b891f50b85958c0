// The fusion log as attributes: what runmat.fusion records and passes hand on.
#include "runmat/Patterns/Fusion.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace runmat::patterns {

DictionaryAttr FusionLog::toAttr(MLIRContext *ctx) const {
  Builder b(ctx);
  auto strings = [&](const std::vector<std::string> &v) {
    SmallVector<Attribute> a;
    for (const std::string &s : v) a.push_back(b.getStringAttr(s));
    return b.getArrayAttr(a);
  };
  SmallVector<Attribute> firedAttrs, rejectedAttrs;
  for (const Fired &f : fired)
    firedAttrs.push_back(b.getDictionaryAttr(
        {b.getNamedAttr("pattern", b.getStringAttr(f.pattern)), b.getNamedAttr("covers", strings(f.covers))}));
  for (const Rejected &r : rejected)
    rejectedAttrs.push_back(b.getDictionaryAttr({b.getNamedAttr("pattern", b.getStringAttr(r.pattern)),
                                                 b.getNamedAttr("candidate", b.getStringAttr(r.candidate)),
                                                 b.getNamedAttr("reason", b.getStringAttr(r.reason))}));
  return b.getDictionaryAttr(
      {b.getNamedAttr("fired", b.getArrayAttr(firedAttrs)), b.getNamedAttr("rejected", b.getArrayAttr(rejectedAttrs))});
}

FusionLog FusionLog::fromAttr(DictionaryAttr attr) {
  FusionLog log;
  if (!attr) return log;
  auto text = [](DictionaryAttr d, StringRef key) {
    auto s = d.getAs<StringAttr>(key);
    return s ? s.str() : std::string();
  };
  if (auto fired = attr.getAs<ArrayAttr>("fired"))
    for (auto d : fired.getAsRange<DictionaryAttr>()) {
      std::vector<std::string> covers;
      if (auto list = d.getAs<ArrayAttr>("covers"))
        for (auto c : list.getAsRange<StringAttr>()) covers.push_back(c.str());
      log.fire(text(d, "pattern"), covers);
    }
  if (auto rejected = attr.getAs<ArrayAttr>("rejected"))
    for (auto d : rejected.getAsRange<DictionaryAttr>())
      log.reject(text(d, "pattern"), text(d, "candidate"), text(d, "reason"));
  return log;
}

} // namespace runmat::patterns
