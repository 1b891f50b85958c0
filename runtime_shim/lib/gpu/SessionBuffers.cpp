#include "SessionBuffers.h"

#include <algorithm>

namespace runmat::rt {

SessionBuffers::~SessionBuffers() { clear(); }

GpuBuffer *SessionBuffers::acquire(size_t bytes, bool host, std::string &error) {
  const size_t cls = GpuBufferPool::sizeClass(bytes);
  Class &c = classOf(host, cls);
  GpuBuffer *b = nullptr;
  if (!c.free.empty()) {
    b = c.free.back();
    c.free.pop_back();
  } else {
    b = pool_.acquire(bytes, host, error);
    if (!b) return nullptr;
    b->slot = c.all.size();
    c.all.push_back(b);
    c.usedThisRun.push_back(false);
    (host ? hostHeld_ : held_) += b->bytes;
    peak_ = std::max(peak_, held_);
    fresh_++;
  }
  c.usedThisRun[b->slot] = true;
  return b;
}

void SessionBuffers::release(GpuBuffer *b) {
  if (b) classOf(b->host, b->bytes).free.push_back(b);
}

void SessionBuffers::drop(GpuBuffer *b) {
  (b->host ? hostHeld_ : held_) -= b->bytes;
  pool_.release(b);
}

bool SessionBuffers::giveBackFree() {
  bool any = false;
  for (auto &[key, c] : classes_) {
    if (c.free.empty()) continue;
    any = true;
    std::vector<bool> isFree(c.all.size(), false);
    for (GpuBuffer *b : c.free) isFree[b->slot] = true;
    std::vector<GpuBuffer *> kept;
    std::vector<bool> used;
    for (size_t i = 0; i < c.all.size(); ++i) {
      if (isFree[i]) {
        drop(c.all[i]);
        continue;
      }
      c.all[i]->slot = kept.size();
      kept.push_back(c.all[i]);
      used.push_back(c.usedThisRun[i]);
    }
    c.all = std::move(kept);
    c.usedThisRun = std::move(used);
    c.free.clear();
  }
  return any;
}

void SessionBuffers::endRun() {
  for (auto it = classes_.begin(); it != classes_.end();) {
    Class &c = it->second;
    // Keep the buffers this run took, in their first order; the rest go
    // back. (A buffer still held, which a finished run should not leave,
    // stays held.)
    std::vector<bool> isFree(c.all.size(), false);
    for (GpuBuffer *b : c.free) isFree[b->slot] = true;
    std::vector<GpuBuffer *> kept, free;
    for (size_t i = 0; i < c.all.size(); ++i) {
      if (!c.usedThisRun[i] && isFree[i]) {
        drop(c.all[i]);
        continue;
      }
      c.all[i]->slot = kept.size();
      kept.push_back(c.all[i]);
      if (isFree[i]) free.push_back(c.all[i]);
    }
    if (kept.empty()) {
      it = classes_.erase(it);
      continue;
    }
    c.all = std::move(kept);
    c.usedThisRun.assign(c.all.size(), false);
    c.free.assign(free.rbegin(), free.rend()); // the first taken on top
    ++it;
  }
  fresh_ = 0;
}

void SessionBuffers::clear() {
  for (auto &[key, c] : classes_)
    for (GpuBuffer *b : c.all) drop(b);
  classes_.clear();
}

} // namespace runmat::rt
