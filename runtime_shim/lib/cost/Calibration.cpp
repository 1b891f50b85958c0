#include "Calibration.h"

#include "runmat/contract/CacheFolder.h"
#include "../Fnv1a.h"
#include "runmat/contract/YamlTree.h"
#include "CalibrationSnapshot.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <unistd.h> // environ

namespace runmat::rt {

const std::vector<RateField> &rateFields() {
  static const std::vector<RateField> fields = {
      {"read_bandwidth", "B/s", &DeviceRates::readBandwidth},
      {"write_bandwidth", "B/s", &DeviceRates::writeBandwidth},
      {"plain_ops", "op/s", &DeviceRates::plainOps},
      {"transcendentals", "op/s", &DeviceRates::transcendentals},
      {"transcendentals_fast", "op/s", &DeviceRates::transcendentalsFast},
      {"draws", "/s", &DeviceRates::draws},
      {"matmul_flops", "flop/s", &DeviceRates::matmulFlops},
      {"narrow_flops", "flop/s", &DeviceRates::narrowFlops},
      {"gram_flops", "flop/s", &DeviceRates::gramFlops},
      {"qr_flops", "flop/s", &DeviceRates::qrFlops},
      {"dispatch_seconds", "s", &DeviceRates::dispatchSeconds},
      {"submit_seconds", "s", &DeviceRates::submitSeconds},
      {"upload_bandwidth", "B/s", &DeviceRates::uploadBandwidth},
      {"download_bandwidth", "B/s", &DeviceRates::downloadBandwidth},
      {"transfer_seconds", "s", &DeviceRates::transferSeconds},
      {"start_seconds", "s", &DeviceRates::startSeconds},
      {"lanes", "", &DeviceRates::lanes},
  };
  return fields;
}

bool calibrationOff() {
  const char *v = std::getenv("RUNMAT_CALIBRATION");
  return v && std::strcmp(v, "off") == 0;
}

std::string calibrationFile(const DeviceIdentity &id) {
  const std::string dir = cacheFolder();
  if (dir.empty()) return "";
  char name[96];
  std::snprintf(name, sizeof name, "/calibration-%s-%016llx.yaml", id.kind.c_str(),
                (unsigned long long)fnv1a(id.key));
  return dir + name;
}

namespace {

// The YAML file's contents (its rates only when it is of this version);
// throws when it is corrupt.
CalibrationFileContents parseCalibrationFile(const std::string &text) {
  CalibrationFileContents f;
  const YamlNode doc = loadYaml(text);
  f.version = doc["version"] ? doc["version"].as<int>() : 0;
  f.key = doc["device"] && doc["device"]["key"] ? doc["device"]["key"].as<std::string>() : "";
  f.measuredAt = doc["measured"] ? doc["measured"].as<std::string>() : "";
  f.measureSeconds = doc["measure_seconds"] ? doc["measure_seconds"].as<double>() : 0;
  if (f.version != kCalibrationVersion) return f;
  const YamlNode &rates = doc["rates"];
  if (!rates || !rates.IsMap()) throw std::runtime_error("no rates");
  for (const RateField &field : rateFields()) {
    if (!rates[field.name]) throw std::runtime_error(std::string("no ") + field.name);
    f.rates.*field.member = rates[field.name].as<double>();
  }
  return f;
}

} // namespace

bool loadCalibration(const std::string &file, const DeviceIdentity &id, Calibration &c, bool anyDevice) {
  FileStamp stamp;
  const bool exists = stampOf(file, stamp);
  CalibrationFileContents f;
  const bool snapshot = exists && readSnapshot(file, stamp, f);
  std::ifstream in;
  if (exists && !snapshot) in.open(file);
  if (!exists || (!snapshot && !in.is_open())) {
    c.note = "no calibration file yet (" + file + ")";
    return false;
  }
  try {
    if (!snapshot) {
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      f = parseCalibrationFile(text);
      writeSnapshot(file, stamp, f);
    }
    if (f.version != kCalibrationVersion) {
      c.note = file + " is of calibration version " + std::to_string(f.version) + ", not " +
               std::to_string(kCalibrationVersion) + ": ignored";
      return false;
    }
    if (f.key != id.key && !anyDevice) {
      c.note = file + " describes another device or driver (" + f.key + "): ignored";
      return false;
    }
    for (const RateField &field : rateFields()) {
      const double v = f.rates.*field.member;
      if (!(v >= 0) || v > 1e18) throw std::runtime_error(std::string("a bad ") + field.name);
    }
    c.rates = f.rates;
    c.source = "file";
    c.file = file;
    c.measuredAt = f.measuredAt;
    c.measureSeconds = f.measureSeconds;
    c.note.clear();
    return true;
  } catch (const std::exception &e) {
    c.note = file + " is corrupt (" + e.what() + "): ignored";
    return false;
  }
}

bool saveCalibration(const Calibration &c, std::string &error) {
  if (c.file.empty()) return error = "no cache folder (RUNMAT_CACHE_DIR, XDG_CACHE_HOME or HOME)", false;
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << "version" << YAML::Value << kCalibrationVersion;
  y << YAML::Key << "device" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "kind" << YAML::Value << c.device.kind;
  y << YAML::Key << "name" << YAML::Value << c.device.name;
  y << YAML::Key << "key" << YAML::Value << c.device.key;
  y << YAML::EndMap;
  y << YAML::Key << "measured" << YAML::Value << c.measuredAt;
  y << YAML::Key << "measure_seconds" << YAML::Value << c.measureSeconds;
  y << YAML::Key << "rates" << YAML::Value << YAML::BeginMap;
  for (const RateField &f : rateFields()) y << YAML::Key << f.name << YAML::Value << c.rates.*f.member;
  y << YAML::EndMap << YAML::EndMap;
  return writeCacheFile(c.file,
                        std::string("# runmat calibration: what this device does per second (runmat-run calibrate "
                                    "--force measures again)\n") + y.c_str() + "\n",
                        error);
}

void applyOverrides(Calibration &c) {
  // Most processes set none: one pass over the environment says so.
  static const bool any = [] {
    for (char **e = environ; e && *e; ++e)
      if (std::strncmp(*e, "RUNMAT_CALIBRATE_", 17) == 0) return true;
    return false;
  }();
  if (!any) return;
  const std::string prefix = std::string("RUNMAT_CALIBRATE_") + (c.device.kind == "gpu" ? "GPU_" : "CPU_");
  for (const RateField &f : rateFields()) {
    std::string var = prefix;
    for (const char *p = f.name; *p; ++p) var += (char)std::toupper((unsigned char)*p);
    const char *v = std::getenv(var.c_str());
    if (!v || !*v) continue;
    char *end = nullptr;
    const double value = std::strtod(v, &end);
    if (*end || !(value >= 0)) {
      c.overrides.push_back(var + "=" + v + " is not a non-negative number: not used");
      continue;
    }
    c.rates.*f.member = value;
    std::ostringstream s;
    s << f.name << "=" << value << " (" << var << ")";
    c.overrides.push_back(s.str());
  }
}

} // namespace runmat::rt
