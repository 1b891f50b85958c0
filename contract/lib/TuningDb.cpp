#include "runmat/contract/TuningDb.h"
#include "runmat/contract/YamlTree.h"

#include "ManifestKeys.h"
#include "ScheduleYaml.h"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace runmat {

namespace k = manifest_keys;

void TuningDb::add(const TunedKernel &t) {
  for (TunedKernel &old : kernels)
    if (old.fingerprint == t.fingerprint && old.schedule.bucket == t.schedule.bucket) {
      old = t;
      return;
    }
  kernels.push_back(t);
}

std::vector<const TunedKernel *> TuningDb::find(const std::string &fingerprint) const {
  std::vector<const TunedKernel *> out;
  for (const TunedKernel &t : kernels)
    if (t.fingerprint == fingerprint) out.push_back(&t);
  return out;
}

std::string writeTuningDb(const TuningDb &db) {
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << k::kTuningVersion << YAML::Value << db.version;
  y << YAML::Key << k::kDevice << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << k::kKey << YAML::Value
    << db.deviceKey << YAML::Key << k::kName << YAML::Value << db.deviceName << YAML::EndMap;
  y << YAML::Key << k::kKernels << YAML::Value << YAML::BeginSeq;
  for (const TunedKernel &t : db.kernels) {
    y << YAML::BeginMap;
    y << YAML::Key << k::kFingerprint << YAML::Value << t.fingerprint;
    y << YAML::Key << k::kLabel << YAML::Value << t.label;
    y << YAML::Key << k::kSchedule << YAML::Value;
    writeSchedule(y, t.schedule);
    y << YAML::Key << k::kTunedMs << YAML::Value << t.tunedMs;
    y << YAML::Key << k::kModelMs << YAML::Value << t.modelMs;
    y << YAML::EndMap;
  }
  y << YAML::EndSeq << YAML::EndMap;
  return std::string(y.c_str()) + "\n";
}

TuningDb readTuningDb(const std::string &yaml) {
  TuningDb db;
  try {
    YamlNode root = loadYaml(yaml);
    const YamlNode &v = root[k::kTuningVersion];
    db.version = v.IsDefined() ? v.as<int>() : 0;
    if (db.version != kTuningDbVersion)
      throw std::runtime_error("version " + std::to_string(db.version) + " (this build reads " +
                               std::to_string(kTuningDbVersion) + ")");
    db.deviceKey = root[k::kDevice][k::kKey].as<std::string>();
    if (const YamlNode &n = root[k::kDevice][k::kName]; n.IsDefined()) db.deviceName = n.as<std::string>();
    for (const YamlNode &t : root[k::kKernels]) {
      TunedKernel e;
      e.fingerprint = t[k::kFingerprint].as<std::string>();
      if (const YamlNode &l = t[k::kLabel]; l.IsDefined()) e.label = l.as<std::string>();
      e.schedule = readSchedule(t[k::kSchedule]);
      if (e.schedule.source != ScheduleSource::Tuned || e.schedule.device != db.deviceKey)
        throw std::runtime_error("kernel " + e.fingerprint + ": a schedule not tuned on the database's device");
      if (const YamlNode &n = t[k::kTunedMs]; n.IsDefined()) e.tunedMs = n.as<double>();
      if (const YamlNode &n = t[k::kModelMs]; n.IsDefined()) e.modelMs = n.as<double>();
      db.kernels.push_back(std::move(e));
    }
  } catch (const YamlError &e) {
    throw std::runtime_error(std::string("tuning database: ") + e.what());
  } catch (const std::runtime_error &e) {
    throw std::runtime_error(std::string("tuning database: ") + e.what());
  }
  return db;
}

std::string tuningDbFileName(const std::string &deviceKey) { return "tuning-" + deviceKey + ".yaml"; }

} // namespace runmat
