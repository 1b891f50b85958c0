// The C API (runmat.h) of sessions: parameters, inputs, options, runs,
// outputs, printed text and the figures of the last run.
#include "ApiErrors.h"
#include "DecisionLog.h"
#include "Session.h"

#include <cstddef>
#include <cstring>

using namespace runmat;
using namespace runmat::rt;

extern "C" {

rm_status rm_session_create(const rm_artifact *a, const char *entry, rm_session **out) {
  if (!a || !out) return setError(RM_ERR_ARGUMENT, "rm_session_create: null argument");
  const EntryInfo *e = findEntry(a, entry);
  if (!e) return noEntry(a, entry);
  return guarded([&] {
    auto *s = new rm_session(a);
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

void rm_session_free(rm_session *s) {
  if (s && s->runs) {
    // Where the last run ran and why, for accel-info; never fails the call.
    try {
      keepDecisions(s->last, s->artifact->manifest, s->entry->name);
    } catch (const std::exception &) {
    }
  }
  delete s;
}

rm_status rm_session_set_param(rm_session *s, const char *name, double value) {
  if (!s || !name) return setError(RM_ERR_ARGUMENT, "rm_session_set_param: null argument");
  for (const ParamInfo &p : s->entry->params)
    if (p.name == name) {
      if (!p.isUser())
        return setError(RM_ERR_ARGUMENT, std::string("'") + name + "' is set when the run starts (" +
                                             p.source.describe() + "), not by the caller");
      s->params[name] = value;
      return RM_OK;
    }
  std::string names;
  for (const ParamInfo &p : s->entry->params)
    if (p.isUser()) names += (names.empty() ? "" : ", ") + p.name;
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
  } else if (k == "timing") {
    if (v != "on" && v != "off" && v != "auto")
      return setError(RM_ERR_ARGUMENT, "timing must be auto, on or off, got '" + v + "'");
    s->timing = v;
  } else if (k.rfind("schedule.", 0) == 0) {
    char *end = nullptr;
    const long id = std::strtol(k.c_str() + 9, &end, 10);
    const auto &kernels = s->artifact->manifest.kernels;
    if (k.size() == 9 || *end || id < 0 || id >= (long)kernels.size())
      return setError(RM_ERR_ARGUMENT, "'" + k + "' names no kernel of the artifact (schedule.0 to schedule." +
                                           std::to_string((long)kernels.size() - 1) + ")");
    if (v.empty()) {
      s->schedules.erase((int)id);
      return RM_OK;
    }
    const KernelInfo &kernel = kernels[(size_t)id];
    const KernelSchedule base = kernel.schedules.empty() ? KernelSchedule{} : kernel.schedules[0];
    try {
      KernelSchedule chosen = KernelSchedule::parse(v, base);
      chosen.source = ScheduleSource::Model; // the session's: telemetry says "session"
      chosen.bucket = -1;
      chosen.device.clear();
      s->schedules[(int)id] = chosen;
    } catch (const std::runtime_error &e) {
      return setError(RM_ERR_ARGUMENT, k + ": " + e.what());
    }
  } else {
    return setError(RM_ERR_ARGUMENT,
                    "unknown option '" + k + "' (device, threads, verbose, telemetry, timing, schedule.<kernel>)");
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
    std::string error;
    rm_status status = runSession(s, error);
    return status == RM_OK ? RM_OK : setError(status, error);
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

rm_status rm_session_last_run(const rm_session *s, rm_run_stats *stats) {
  if (!s || !stats) return setError(RM_ERR_ARGUMENT, "rm_session_last_run: null argument");
  if (stats->size < offsetof(rm_run_stats, run) + sizeof(uint64_t))
    return setError(RM_ERR_ARGUMENT, "rm_session_last_run: set stats->size to sizeof(rm_run_stats)");
  if (s->runs == 0) return setError(RM_ERR_ARGUMENT, "rm_session_last_run: the session has not run yet");
  // Copy what both sides know: a caller built against an older header has a smaller struct.
  const size_t size = stats->size < sizeof(rm_run_stats) ? stats->size : sizeof(rm_run_stats);
  std::memcpy((char *)stats + sizeof(size_t), (const char *)&s->lastStats + sizeof(size_t), size - sizeof(size_t));
  return RM_OK;
}

const char *rm_session_telemetry(rm_session *s) {
  static thread_local std::string none;
  if (!s || s->runs == 0) return none.c_str();
  try {
    s->telemetryText = sessionTelemetry(s);
  } catch (const std::exception &e) {
    setError(RM_ERR_INTERNAL, std::string("internal error: ") + e.what());
    return none.c_str();
  }
  return s->telemetryText.c_str();
}

} // extern "C"
