// The C API (runmat.h) of artifacts: loading, the manifest, entries and
// their parameters, inputs and outputs; errors and status names.
#include "ApiErrors.h"
#include "Artifact.h"

using namespace runmat;
using namespace runmat::rt;

namespace runmat::rt {

namespace {
thread_local std::string lastError;
} // namespace

rm_status setError(rm_status s, std::string message) {
  lastError = std::move(message);
  return s;
}

const EntryInfo *findEntry(const rm_artifact *a, const char *entry) {
  if (!a) return nullptr;
  if (!entry) return a->manifest.entries.empty() ? nullptr : &a->manifest.entries[0];
  return a->manifest.findEntry(entry);
}

rm_status noEntry(const rm_artifact *a, const char *entry) {
  std::string names;
  if (a)
    for (const EntryInfo &e : a->manifest.entries) names += (names.empty() ? "" : ", ") + e.name;
  return setError(RM_ERR_ARGUMENT, std::string("no entry '") + (entry ? entry : "") + "' (entries: " + names + ")");
}

} // namespace runmat::rt

extern "C" {

const char *rm_last_error(void) { return lastError.c_str(); }

const char *rm_status_name(rm_status s) {
  switch (s) {
  case RM_OK: return "ok";
  case RM_ERR_ARGUMENT: return "bad argument";
  case RM_ERR_IO: return "i/o error";
  case RM_ERR_FORMAT: return "bad artifact";
  case RM_ERR_RUNTIME: return "run-time error";
  case RM_ERR_MEMORY: return "out of memory";
  case RM_ERR_UNSUPPORTED: return "unsupported";
  case RM_ERR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

rm_status rm_artifact_load(const char *path, rm_artifact **out) {
  if (!path || !out) return setError(RM_ERR_ARGUMENT, "rm_artifact_load: null argument");
  return guarded([&] {
    std::string error;
    rm_status status = RM_OK;
    *out = loadArtifact(path, error, status);
    return *out ? RM_OK : setError(status, error);
  });
}

void rm_artifact_free(rm_artifact *a) { freeArtifact(a); }

const char *rm_artifact_manifest(const rm_artifact *a) { return a ? a->desc->manifest : ""; }

size_t rm_artifact_spirv_count(const rm_artifact *a) { return a ? a->desc->num_spirv : 0; }

rm_status rm_artifact_spirv(const rm_artifact *a, size_t i, const uint32_t **words, size_t *count) {
  if (!a || !words || !count) return setError(RM_ERR_ARGUMENT, "rm_artifact_spirv: null argument");
  if (i >= a->desc->num_spirv) return setError(RM_ERR_ARGUMENT, "SPIR-V module index out of range");
  *words = a->desc->spirv[i];
  *count = (size_t)a->desc->spirv_word_count[i];
  return RM_OK;
}

size_t rm_artifact_entry_count(const rm_artifact *a) { return a ? a->manifest.entries.size() : 0; }

const char *rm_artifact_entry_name(const rm_artifact *a, size_t i) {
  return a && i < a->manifest.entries.size() ? a->manifest.entries[i].name.c_str() : nullptr;
}

rm_status rm_entry_param_count(const rm_artifact *a, const char *entry, size_t *count) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e || !count) return noEntry(a, entry);
  *count = 0;
  for (const ParamInfo &p : e->params) *count += p.isUser();
  return RM_OK;
}

rm_status rm_entry_param(const rm_artifact *a, const char *entry, size_t i, const char **name, double *def) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e) return noEntry(a, entry);
  // The caller's parameters only: those the shim sets are not theirs to bind.
  for (const ParamInfo &p : e->params) {
    if (!p.isUser()) continue;
    if (i-- == 0) {
      if (name) *name = p.name.c_str();
      if (def) *def = p.defaultValue;
      return RM_OK;
    }
  }
  return setError(RM_ERR_ARGUMENT, "parameter index out of range");
}

rm_status rm_entry_input_count(const rm_artifact *a, const char *entry, size_t *count) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e || !count) return noEntry(a, entry);
  *count = e->inputs.size();
  return RM_OK;
}

rm_status rm_entry_input(const rm_artifact *a, const char *entry, size_t i, const char **name, rm_dtype *dtype,
                         int *rank) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e) return noEntry(a, entry);
  if (i >= e->inputs.size()) return setError(RM_ERR_ARGUMENT, "input index out of range");
  if (name) *name = e->inputs[i].name.c_str();
  if (dtype) *dtype = (rm_dtype)e->inputs[i].dtype;
  if (rank) *rank = e->inputs[i].rank;
  return RM_OK;
}

rm_status rm_entry_output_count(const rm_artifact *a, const char *entry, size_t *count) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e || !count) return noEntry(a, entry);
  *count = e->outputs.size();
  return RM_OK;
}

rm_status rm_entry_output(const rm_artifact *a, const char *entry, size_t i, const char **name) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e) return noEntry(a, entry);
  if (i >= e->outputs.size()) return setError(RM_ERR_ARGUMENT, "output index out of range");
  if (name) *name = e->outputs[i].c_str();
  return RM_OK;
}

} // extern "C"
