// A device's calibration: its rates (CostModel.h), where they came from
// (measured now, loaded from its file, or defaults), and the file that
// keeps them: versioned YAML in the runmat cache folder, one per GPU
// (vendor, device, driver, pipeline-cache UUID) and per CPU (model,
// threads). A file that is corrupt, of another version or of another
// device is ignored with a note, and the device is measured again.
// Environment variables override single values (recorded as overrides,
// never written to the file); RUNMAT_CALIBRATION=off uses the defaults.
#pragma once

#include "../CostModel.h"

#include <string>
#include <vector>

namespace runmat::rt {

constexpr int kCalibrationVersion = 2; // 2: lanes

// Which device a calibration describes.
struct DeviceIdentity {
  std::string kind;   // "cpu" or "gpu"
  std::string name;   // "AMD EPYC (2 threads)", "NVIDIA H200"
  std::string key;    // identifying fields, joined: the file must match it
  std::string type;   // the GPU's Vulkan type (discrete, ..., cpu); "" for the CPU
};

struct Calibration {
  DeviceIdentity device;
  DeviceRates rates;
  std::string source = "defaults"; // measured, file, defaults
  std::string file;                // where it is kept ("" when there is no cache folder)
  std::string measuredAt;          // when it was measured (UTC, ISO 8601)
  double measureSeconds = 0;       // how long measuring took
  std::string note;                // why a file was not used, or what measuring could not do
  std::vector<std::string> overrides; // "plain_ops=1e+12 (RUNMAT_CALIBRATE_GPU_PLAIN_OPS)"
};

// The file a device's calibration is kept in ("" without a cache folder).
std::string calibrationFile(const DeviceIdentity &id);
// Reads `file` into c when it is this version and this device (any device
// when `anyDevice`); false with c.note saying why not.
bool loadCalibration(const std::string &file, const DeviceIdentity &id, Calibration &c, bool anyDevice = false);
// Writes c's rates (not its overrides) to c.file; false with `error` set.
bool saveCalibration(const Calibration &c, std::string &error);
// Applies RUNMAT_CALIBRATE_<CPU|GPU>_<FIELD>=value to c.
void applyOverrides(Calibration &c);
// Whether calibration is switched off (RUNMAT_CALIBRATION=off).
bool calibrationOff();

// The rates' fields by name, for the file, overrides and accel-info.
struct RateField {
  const char *name;
  const char *unit;
  double DeviceRates::*member;
};
const std::vector<RateField> &rateFields();

} // namespace runmat::rt
