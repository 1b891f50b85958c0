// rm_calibrate: `runmat-run calibrate [--force]`.
#include "cost/Calibrations.h"
#include "gpu/GpuDevice.h"
#include "runmat/runmat.h"

#include <cstdio>
#include <thread>

using namespace runmat;
using namespace runmat::rt;

namespace {

std::string report(const Calibration &c) {
  char line[200];
  std::string out = c.device.kind + " " + c.device.name + ": " + c.source;
  if (!c.file.empty()) out += " (" + c.file + ")";
  if (c.source == "measured") {
    std::snprintf(line, sizeof line, " in %.2f s", c.measureSeconds);
    out += line;
  }
  out += "\n";
  if (!c.note.empty()) out += "  note: " + c.note + "\n";
  for (const std::string &o : c.overrides) out += "  override: " + o + "\n";
  for (const RateField &f : rateFields()) {
    std::snprintf(line, sizeof line, "  %-22s %12.4g %s\n", f.name, c.rates.*f.member, f.unit);
    out += line;
  }
  return out;
}

} // namespace

extern "C" const char *rm_calibrate(int force, rm_progress_fn progress, void *user) {
  thread_local std::string text;
  try {
    Progress say;
    if (progress) say = [&](const std::string &line) { progress(line.c_str(), user); };
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    text = report(recalibrateCpu(threads, force != 0, say));
    std::string error;
    if (GpuDevice *g = GpuDevice::acquire(error)) text += report(recalibrateGpu(*g, force != 0, say));
    else text += "gpu: none (" + error + ")\n";
  } catch (const std::exception &e) {
    text = std::string("calibration failed: ") + e.what() + "\n";
  }
  return text.c_str();
}
