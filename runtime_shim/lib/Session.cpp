// The C API (runmat.h): artifacts, sessions, parameters, inputs, outputs.
#include "Artifact.h"
#include "Exec.h"
#include "gpu/GpuRun.h"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

using namespace runmat::rt;

namespace {

thread_local std::string lastError;

rm_status setError(rm_status s, std::string message) {
  lastError = std::move(message);
  return s;
}

ThreadPool &globalPool() {
  static ThreadPool pool;
  return pool;
}

struct OutputCopy {
  std::string name;
  int dtype = RM_DOUBLE;
  std::vector<int64_t> dims;
  std::vector<char> data;
};

std::string formatBytes(double b) {
  const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (b >= 1024 && u < 6) {
    b /= 1024;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %s", b, units[u]);
  return buf;
}

double physicalMemory() {
  long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && size > 0 ? (double)pages * (double)size : 0;
}

template <typename F> rm_status guarded(F &&f) {
  try {
    return f();
  } catch (const std::bad_alloc &) {
    return setError(RM_ERR_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    return setError(RM_ERR_INTERNAL, std::string("internal error: ") + e.what());
  }
}

} // namespace

struct rm_session {
  const rm_artifact *artifact = nullptr;
  const EntryInfo *entry = nullptr;
  std::map<std::string, double> params;
  std::vector<std::vector<char>> inputData;
  std::vector<std::vector<int64_t>> inputDims;
  std::vector<int> inputDtype;
  std::vector<bool> inputBound;
  std::string device = "auto";
  unsigned threads = 0;
  bool verbose = false;
  std::string telemetry;
  rm_print_fn printFn = nullptr;
  void *printUser = nullptr;
  std::string text;
  std::vector<OutputCopy> outputs;
  uint64_t launches = 0;
  BufferCache cache;
};

namespace {

struct RunOutcome {
  rm_status status = RM_OK;
  std::string message;
  bool deviceLost = false;
  uint64_t prints = 0, launches = 0;
  Telemetry telemetry;
};

// One run of the session's entry under a device policy; prints before
// `skipPrints` are suppressed (a rerun after the device was lost).
RunOutcome runEntry(rm_session *s, const std::vector<double> &params, DevicePolicy policy, uint64_t skipPrints) {
  const EntryInfo &e = *s->entry;
  RunOutcome outcome;
  runmat_exec x;
  x.artifact = s->artifact;
  x.pool = &globalPool();
  x.maxThreads = s->threads;
  x.cache = &s->cache;
  x.policy = policy;
  x.verbose = s->verbose;
  uint64_t prints = 0;
  x.print = [s, &prints, skipPrints](const std::string &t) {
    if (prints++ < skipPrints) return;
    if (s->printFn) s->printFn(t.data(), t.size(), s->printUser);
    else s->text += t;
  };
  s->outputs.clear();
  std::jmp_buf jump;
  x.failJump = &jump;
  auto started = std::chrono::steady_clock::now();
  std::vector<void *> inputs(e.inputs.size()), outputs(e.outputs.size(), nullptr);
  if (setjmp(jump) == 0) {
    for (size_t i = 0; i < e.inputs.size(); ++i) {
      Tensor *t = newTensor(&x, s->inputDtype[i], (int)s->inputDims[i].size(), s->inputDims[i].data());
      std::memcpy(hostWrite(&x, t), s->inputData[i].data(), s->inputData[i].size());
      inputs[i] = t;
    }
    s->artifact->desc->entries[e.index](&x, params.data(), inputs.data(), outputs.data());
    for (void *in : inputs) releaseTensor(&x, static_cast<Tensor *>(in));
    inputs.clear();
    for (size_t i = 0; i < outputs.size(); ++i) {
      Tensor *t = static_cast<Tensor *>(outputs[i]);
      OutputCopy o;
      o.name = e.outputs[i];
      o.dtype = t->dtype;
      o.dims.assign(t->dims, t->dims + t->rank);
      hostRead(&x, t);
      Tensor *c = contiguousCopy(&x, t);
      const char *data = hostRead(&x, c);
      o.data.assign(data, data + c->numel() * (int64_t)dtypeSize(c->dtype));
      releaseTensor(&x, c);
      releaseTensor(&x, t);
      s->outputs.push_back(std::move(o));
    }
  }
  // Whatever the run still holds (after a failure) goes back now; then the
  // GPU finishes, and its timestamps complete the telemetry.
  for (Tensor *t : std::vector<Tensor *>(x.live.begin(), x.live.end())) {
    releaseStorage(t->storage);
    delete t;
  }
  if (x.gpu) {
    GpuStream &stream = x.gpu->stream();
    if (!stream.finish() && x.failStatus == RM_OK) {
      x.failStatus = RM_ERR_RUNTIME;
      x.failMessage = "the GPU failed at the end of the run: " + stream.error();
      x.deviceLost = stream.device().lost();
    }
    for (auto [tag, seconds] : stream.takeTimings()) {
      const GpuRun::Tag &t = x.gpu->tag(tag);
      x.telemetry.addGpuTime(t.kernel, t.library, seconds);
    }
    x.telemetry.gpuDevice = x.gpu->device().info().name + " (" + x.gpu->device().info().type + ")";
    x.gpu->device().savePipelineCache();
    delete x.gpu;
    x.gpu = nullptr;
  } else if (policy == DevicePolicy::Auto && x.gpuTried) {
    x.telemetry.gpuNote = "no GPU: " + x.gpuUnavailable;
  }
  x.telemetry.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  x.telemetry.launches = x.launches;
  outcome.status = x.failStatus;
  outcome.message = x.failMessage;
  outcome.deviceLost = x.deviceLost;
  outcome.prints = prints;
  outcome.launches = x.launches;
  outcome.telemetry = std::move(x.telemetry);
  if (outcome.status != RM_OK) s->outputs.clear();
  return outcome;
}

} // namespace

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

static const EntryInfo *findEntry(const rm_artifact *a, const char *entry) {
  if (!a) return nullptr;
  if (!entry) return a->manifest.entries.empty() ? nullptr : &a->manifest.entries[0];
  return a->manifest.findEntry(entry);
}

static rm_status noEntry(const rm_artifact *a, const char *entry) {
  std::string names;
  if (a)
    for (const EntryInfo &e : a->manifest.entries) names += (names.empty() ? "" : ", ") + e.name;
  return setError(RM_ERR_ARGUMENT, std::string("no entry '") + (entry ? entry : "") + "' (entries: " + names + ")");
}

rm_status rm_entry_param_count(const rm_artifact *a, const char *entry, size_t *count) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e || !count) return noEntry(a, entry);
  *count = e->params.size();
  return RM_OK;
}

rm_status rm_entry_param(const rm_artifact *a, const char *entry, size_t i, const char **name, double *def) {
  const EntryInfo *e = findEntry(a, entry);
  if (!e) return noEntry(a, entry);
  if (i >= e->params.size()) return setError(RM_ERR_ARGUMENT, "parameter index out of range");
  if (name) *name = e->params[i].name.c_str();
  if (def) *def = e->params[i].defaultValue;
  return RM_OK;
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

rm_status rm_session_create(const rm_artifact *a, const char *entry, rm_session **out) {
  if (!a || !out) return setError(RM_ERR_ARGUMENT, "rm_session_create: null argument");
  const EntryInfo *e = findEntry(a, entry);
  if (!e) return noEntry(a, entry);
  return guarded([&] {
    auto *s = new rm_session();
    s->artifact = a;
    s->entry = e;
    size_t n = e->inputs.size();
    s->inputData.resize(n);
    s->inputDims.resize(n);
    s->inputDtype.resize(n);
    s->inputBound.assign(n, false);
    *out = s;
    return RM_OK;
  });
}

void rm_session_free(rm_session *s) { delete s; }

rm_status rm_session_set_param(rm_session *s, const char *name, double value) {
  if (!s || !name) return setError(RM_ERR_ARGUMENT, "rm_session_set_param: null argument");
  for (const ParamInfo &p : s->entry->params)
    if (p.name == name) {
      s->params[name] = value;
      return RM_OK;
    }
  std::string names;
  for (const ParamInfo &p : s->entry->params) names += (names.empty() ? "" : ", ") + p.name;
  return setError(RM_ERR_ARGUMENT, std::string("'") + name + "' is not a parameter of " + s->entry->name +
                                       (names.empty() ? " (it has none)" : " (parameters: " + names + ")"));
}

rm_status rm_session_set_input(rm_session *s, const char *name, rm_dtype dtype, int rank, const int64_t *dims,
                               const void *data) {
  if (!s || !name || (rank > 0 && !dims)) return setError(RM_ERR_ARGUMENT, "rm_session_set_input: null argument");
  for (size_t i = 0; i < s->entry->inputs.size(); ++i) {
    const PortInfo &p = s->entry->inputs[i];
    if (p.name != name) continue;
    if (dtype != p.dtype)
      return setError(RM_ERR_ARGUMENT, "input '" + p.name + "' must be " + dtypeName(p.dtype) + ", got " +
                                           dtypeName(dtype));
    if (rank != p.rank)
      return setError(RM_ERR_ARGUMENT, "input '" + p.name + "' must have " + std::to_string(p.rank) +
                                           " dimensions, got " + std::to_string(rank));
    size_t count = 1;
    for (int k = 0; k < rank; ++k) {
      if (dims[k] < 0) return setError(RM_ERR_ARGUMENT, "input '" + p.name + "' has a negative extent");
      count *= (size_t)dims[k];
    }
    if (count && !data) return setError(RM_ERR_ARGUMENT, "input '" + p.name + "' has no data");
    return guarded([&] {
      size_t bytes = count * dtypeSize(dtype);
      s->inputData[i].assign((const char *)data, (const char *)data + bytes);
      s->inputDims[i].assign(dims, dims + rank);
      s->inputDtype[i] = dtype;
      s->inputBound[i] = true;
      return RM_OK;
    });
  }
  return setError(RM_ERR_ARGUMENT, std::string("'") + name + "' is not an input of " + s->entry->name);
}

rm_status rm_session_set_option(rm_session *s, const char *key, const char *value) {
  if (!s || !key || !value) return setError(RM_ERR_ARGUMENT, "rm_session_set_option: null argument");
  std::string k = key, v = value;
  if (k == "device") {
    if (v != "auto" && v != "cpu" && v != "gpu")
      return setError(RM_ERR_ARGUMENT, "device must be auto, cpu or gpu, got '" + v + "'");
    s->device = v;
  } else if (k == "threads") {
    char *end = nullptr;
    long n = std::strtol(value, &end, 10);
    if (!*value || *end || n < 0 || n > 4096) return setError(RM_ERR_ARGUMENT, "threads must be a count, got '" + v + "'");
    s->threads = (unsigned)n;
  } else if (k == "verbose") {
    s->verbose = v == "1" || v == "true";
  } else if (k == "telemetry") {
    s->telemetry = v;
  } else {
    return setError(RM_ERR_ARGUMENT, "unknown option '" + k + "' (device, threads, verbose, telemetry)");
  }
  return RM_OK;
}

rm_status rm_session_set_print(rm_session *s, rm_print_fn fn, void *user) {
  if (!s) return setError(RM_ERR_ARGUMENT, "rm_session_set_print: null session");
  s->printFn = fn;
  s->printUser = user;
  return RM_OK;
}

rm_status rm_session_run(rm_session *s) {
  if (!s) return setError(RM_ERR_ARGUMENT, "rm_session_run: null session");
  return guarded([&]() -> rm_status {
    const EntryInfo &e = *s->entry;
    // Parameters: defaults, overrides, and the checks that come before any work.
    std::vector<double> params;
    std::map<std::string, double> values;
    for (const ParamInfo &p : e.params) {
      auto it = s->params.find(p.name);
      double v = it != s->params.end() ? it->second : p.defaultValue;
      if (p.isSize && (!std::isfinite(v) || v != std::floor(v) || v < 0 || v > 9.0e15)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", v);
        return setError(RM_ERR_ARGUMENT, "parameter '" + p.name +
                                             "' is used as a size or an index and must be a non-negative integer, got " +
                                             buf);
      }
      params.push_back(v);
      values[p.name] = v;
    }
    double memory = physicalMemory();
    for (const std::string &expr : e.buffers) {
      double bytes = evalExpression(expr, values);
      if (!std::isfinite(bytes) || bytes > 9.0e18)
        return setError(RM_ERR_MEMORY, "the parameters make a buffer of " + expr + " bytes, which overflows");
      if (memory > 0 && bytes > memory)
        return setError(RM_ERR_MEMORY, "the parameters need a buffer of " + formatBytes(bytes) + " (" + expr +
                                           " bytes), more than this machine's " + formatBytes(memory) + " of memory");
    }
    for (size_t i = 0; i < e.inputs.size(); ++i)
      if (!s->inputBound[i]) return setError(RM_ERR_ARGUMENT, "input '" + e.inputs[i].name + "' is not bound");

    s->text.clear();
    s->outputs.clear();
    DevicePolicy policy = s->device == "cpu" ? DevicePolicy::Cpu : s->device == "gpu" ? DevicePolicy::Gpu
                                                                                      : DevicePolicy::Auto;
    RunOutcome first = runEntry(s, params, policy, 0);
    RunOutcome outcome = first;
    if (first.deviceLost && policy == DevicePolicy::Auto) {
      // The device's data is gone: run again on the CPU. The program is
      // deterministic, so what it printed before is not printed twice.
      if (s->verbose) std::fprintf(stderr, "runmat: %s; running again on the CPU\n", first.message.c_str());
      outcome = runEntry(s, params, DevicePolicy::Cpu, first.prints);
      outcome.telemetry.gpuNote = first.message + "; ran again on the CPU";
    }
    s->launches = outcome.launches;
    if (s->verbose) std::fputs(telemetrySummary(outcome.telemetry, s->artifact->manifest).c_str(), stderr);
    if (!s->telemetry.empty()) {
      std::ofstream out(s->telemetry);
      if (out) out << telemetryJson(outcome.telemetry, s->artifact->manifest, e.name, s->device);
    }
    if (outcome.status != RM_OK) {
      s->outputs.clear();
      return setError(outcome.status, outcome.message);
    }
    return RM_OK;
  });
}

rm_status rm_session_output_count(const rm_session *s, size_t *count) {
  if (!s || !count) return setError(RM_ERR_ARGUMENT, "rm_session_output_count: null argument");
  *count = s->outputs.size();
  return RM_OK;
}

rm_status rm_session_output(const rm_session *s, size_t i, rm_tensor_view *out) {
  if (!s || !out) return setError(RM_ERR_ARGUMENT, "rm_session_output: null argument");
  if (i >= s->outputs.size()) return setError(RM_ERR_ARGUMENT, "output index out of range (run the session first)");
  const OutputCopy &o = s->outputs[i];
  out->name = o.name.c_str();
  out->dtype = (rm_dtype)o.dtype;
  out->rank = (int)o.dims.size();
  out->dims = o.dims.data();
  out->data = o.data.data();
  return RM_OK;
}

const char *rm_session_text(const rm_session *s) { return s ? s->text.c_str() : ""; }

rm_status rm_session_launches(const rm_session *s, uint64_t *launches) {
  if (!s || !launches) return setError(RM_ERR_ARGUMENT, "rm_session_launches: null argument");
  *launches = s->launches;
  return RM_OK;
}

} // extern "C"
