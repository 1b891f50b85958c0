#include "runmat/contract/KernelSchedule.h"

#include "runmat/contract/ReductionSchedule.h"

#include <cstdlib>
#include <stdexcept>

namespace runmat {

const char *scheduleSourceName(ScheduleSource s) {
  switch (s) {
  case ScheduleSource::Model: return "model";
  case ScheduleSource::Tuned: return "tuned";
  case ScheduleSource::Fallback: return "fallback";
  }
  return "model";
}

ScheduleSource scheduleSourceFromName(const std::string &name) {
  if (name == "model") return ScheduleSource::Model;
  if (name == "tuned") return ScheduleSource::Tuned;
  if (name == "fallback") return ScheduleSource::Fallback;
  throw std::runtime_error("unknown schedule source '" + name + "' (model, tuned or fallback)");
}

const char *reductionFormName(ReductionForm f) { return f == ReductionForm::Split ? "split" : "auto"; }

ReductionForm reductionFormFromName(const std::string &name) {
  if (name == "auto") return ReductionForm::Auto;
  if (name == "split") return ReductionForm::Split;
  throw std::runtime_error("unknown reduction form '" + name + "' (auto or split)");
}

bool KernelSchedule::operator==(const KernelSchedule &o) const {
  return workgroupSize == o.workgroupSize && groupsPerUnit == o.groupsPerUnit &&
         flatGroupsPerUnit == o.flatGroupsPerUnit && form == o.form && source == o.source && bucket == o.bucket &&
         device == o.device;
}

std::string KernelSchedule::describe() const {
  std::string s = "wg " + std::to_string(workgroupSize) + ", " + std::to_string(groupsPerUnit) + " groups/unit, flat " +
                  std::to_string(flatGroupsPerUnit) + "/unit";
  if (form == ReductionForm::Split) s += ", split only";
  s += std::string(" (") + scheduleSourceName(source);
  if (bucket >= 0) s += ", 2^" + std::to_string(bucket) + " points";
  return s + ")";
}

std::string KernelSchedule::spelling() const {
  return "wg=" + std::to_string(workgroupSize) + ",groups=" + std::to_string(groupsPerUnit) +
         ",flat=" + std::to_string(flatGroupsPerUnit) + ",form=" + reductionFormName(form);
}

KernelSchedule KernelSchedule::parse(const std::string &spelling, const KernelSchedule &base) {
  KernelSchedule s = base;
  size_t at = 0;
  while (at < spelling.size()) {
    size_t comma = spelling.find(',', at);
    const std::string item = spelling.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
    at = comma == std::string::npos ? spelling.size() : comma + 1;
    const size_t eq = item.find('=');
    if (eq == std::string::npos) throw std::runtime_error("'" + item + "' is not key=value");
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "form") {
      s.form = reductionFormFromName(value);
      continue;
    }
    char *end = nullptr;
    const long long n = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end) throw std::runtime_error("'" + value + "' is not a number (" + key + ")");
    if (key == "wg") s.workgroupSize = n;
    else if (key == "groups") s.groupsPerUnit = n;
    else if (key == "flat") s.flatGroupsPerUnit = n;
    else throw std::runtime_error("unknown schedule key '" + key + "' (wg, groups, flat, form)");
  }
  if (std::string why = scheduleProblem(s); !why.empty()) throw std::runtime_error(why);
  return s;
}

std::string scheduleProblem(const KernelSchedule &s) {
  if (s.workgroupSize < 32 || s.workgroupSize > 1024 || (s.workgroupSize & (s.workgroupSize - 1)) != 0)
    return "workgroup size " + std::to_string(s.workgroupSize) + " is not a power of two from 32 to 1024";
  if (s.groupsPerUnit < 1 || s.groupsPerUnit > 64 || s.flatGroupsPerUnit < 1 || s.flatGroupsPerUnit > 64)
    return "workgroups per compute unit must be from 1 to 64";
  if (s.bucket < -1 || s.bucket > 62) return "size bucket " + std::to_string(s.bucket) + " is out of range";
  if (s.source == ScheduleSource::Tuned && (s.device.empty() || s.bucket < 0))
    return "a tuned schedule names its device and size bucket";
  return "";
}

int pointsBucket(int64_t points) {
  int b = 0;
  while (points > 1) {
    points >>= 1;
    ++b;
  }
  return b;
}

const KernelSchedule *pickSchedule(const std::vector<KernelSchedule> &schedules, const std::string &deviceKey,
                                   int64_t points) {
  const int bucket = pointsBucket(points);
  const KernelSchedule *any = nullptr;
  for (const KernelSchedule &s : schedules) {
    if (s.device.empty() && s.bucket < 0) {
      if (!any) any = &s;
    } else if (s.device == deviceKey && s.bucket == bucket) {
      return &s;
    }
  }
  return any;
}

namespace schedule {

KernelSchedule modelSchedule(const KernelFacts &k) {
  KernelSchedule s;
  s.workgroupSize = 256;
  s.groupsPerUnit = k.reduction ? kReductionOccupancy : kMapGroupsPerUnit;
  s.flatGroupsPerUnit = !k.timeLoop && k.opsPerPoint <= 2 ? 4 : 8;
  s.form = ReductionForm::Auto;
  s.source = ScheduleSource::Model;
  return s;
}

} // namespace schedule

} // namespace runmat
