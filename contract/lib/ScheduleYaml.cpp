#include "ScheduleYaml.h"

#include "ManifestKeys.h"

#include <stdexcept>

namespace runmat {

namespace k = manifest_keys;

void writeSchedule(YAML::Emitter &y, const KernelSchedule &s) {
  y << YAML::Flow << YAML::BeginMap;
  y << YAML::Key << k::kWorkgroupSize << YAML::Value << s.workgroupSize;
  y << YAML::Key << k::kGroupsPerUnit << YAML::Value << s.groupsPerUnit;
  y << YAML::Key << k::kFlatGroupsPerUnit << YAML::Value << s.flatGroupsPerUnit;
  y << YAML::Key << k::kForm << YAML::Value << reductionFormName(s.form);
  y << YAML::Key << k::kSource << YAML::Value << scheduleSourceName(s.source);
  if (s.bucket >= 0) y << YAML::Key << k::kBucket << YAML::Value << s.bucket;
  if (!s.device.empty()) y << YAML::Key << k::kDevice << YAML::Value << s.device;
  y << YAML::EndMap;
}

KernelSchedule readSchedule(const YamlNode &n) {
  KernelSchedule s;
  s.workgroupSize = n[k::kWorkgroupSize].as<int64_t>();
  s.groupsPerUnit = n[k::kGroupsPerUnit].as<int64_t>();
  s.flatGroupsPerUnit = n[k::kFlatGroupsPerUnit].as<int64_t>();
  s.form = reductionFormFromName(n[k::kForm].as<std::string>());
  s.source = scheduleSourceFromName(n[k::kSource].as<std::string>());
  if (const YamlNode &b = n[k::kBucket]; b.IsDefined()) s.bucket = b.as<int>();
  if (const YamlNode &d = n[k::kDevice]; d.IsDefined()) s.device = d.as<std::string>();
  if (std::string why = scheduleProblem(s); !why.empty()) throw std::runtime_error("schedule: " + why);
  return s;
}

} // namespace runmat
