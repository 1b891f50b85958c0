// What every C API function shares: the thread's last error, and the guard
// that keeps C++ exceptions from crossing the API.
#pragma once

#include "runmat/contract/Manifest.h"
#include "runmat/runmat.h"

#include <new>
#include <stdexcept>
#include <string>

struct rm_artifact;

namespace runmat::rt {

// Records the message as rm_last_error()'s and returns `status`.
rm_status setError(rm_status status, std::string message);

template <typename F> rm_status guarded(F &&f) {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    return setError(RM_ERR_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    return setError(RM_ERR_INTERNAL, std::string("internal error: ") + e.what());
  }
}

// An entry by name (null: the first), or null; and the error for a missing one.
const EntryInfo *findEntry(const rm_artifact *a, const char *entry);
rm_status noEntry(const rm_artifact *a, const char *entry);

} // namespace runmat::rt
