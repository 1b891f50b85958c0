#include "Calibration.h"

#include "../CacheFolder.h"
#include "../YamlTree.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace runmat::rt {

namespace {

uint64_t fnv1a(const std::string &s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

} // namespace

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

bool loadCalibration(const std::string &file, const DeviceIdentity &id, Calibration &c, bool anyDevice) {
  std::ifstream in(file);
  if (!in) {
    c.note = "no calibration file yet (" + file + ")";
    return false;
  }
  try {
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const YamlNode doc = loadYaml(text);
    const int version = doc["version"] ? doc["version"].as<int>() : 0;
    if (version != kCalibrationVersion) {
      c.note = file + " is of calibration version " + std::to_string(version) + ", not " +
               std::to_string(kCalibrationVersion) + ": ignored";
      return false;
    }
    const std::string key = doc["device"] && doc["device"]["key"] ? doc["device"]["key"].as<std::string>() : "";
    if (key != id.key && !anyDevice) {
      c.note = file + " describes another device or driver (" + key + "): ignored";
      return false;
    }
    DeviceRates r;
    const YamlNode &rates = doc["rates"];
    if (!rates || !rates.IsMap()) throw std::runtime_error("no rates");
    for (const RateField &f : rateFields()) {
      if (!rates[f.name]) throw std::runtime_error(std::string("no ") + f.name);
      const double v = rates[f.name].as<double>();
      if (!(v >= 0) || v > 1e18) throw std::runtime_error(std::string("a bad ") + f.name);
      r.*f.member = v;
    }
    c.rates = r;
    c.source = "file";
    c.file = file;
    c.measuredAt = doc["measured"] ? doc["measured"].as<std::string>() : "";
    c.measureSeconds = doc["measure_seconds"] ? doc["measure_seconds"].as<double>() : 0;
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
