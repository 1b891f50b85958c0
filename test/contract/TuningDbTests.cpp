// The tuning database: its round trip, and the documents it refuses.
#include <doctest/doctest.h>

#include "runmat/contract/TuningDb.h"

#include <stdexcept>

using namespace runmat;

namespace {

TuningDb sample() {
  TuningDb db;
  db.deviceKey = "10de-2335-00000000-00000000000000aa";
  db.deviceName = "NVIDIA H200";
  TunedKernel t;
  t.fingerprint = "00112233aabbccdd";
  t.label = "runmat.reduce pca.m:12:5";
  t.schedule = schedule::modelSchedule({true, false, 1});
  t.schedule.workgroupSize = 512;
  t.schedule.source = ScheduleSource::Tuned;
  t.schedule.bucket = 22;
  t.schedule.device = db.deviceKey;
  t.tunedMs = 0.125;
  t.modelMs = 0.25;
  db.kernels.push_back(t);
  return db;
}

std::string refusal(const std::string &yaml) {
  try {
    readTuningDb(yaml);
  } catch (const std::runtime_error &e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("a tuning database reads back as written") {
  const TuningDb db = sample();
  const TuningDb back = readTuningDb(writeTuningDb(db));
  CHECK(back.deviceKey == db.deviceKey);
  CHECK(back.deviceName == "NVIDIA H200");
  REQUIRE(back.kernels.size() == 1);
  CHECK(back.kernels[0].schedule == db.kernels[0].schedule);
  CHECK(back.kernels[0].tunedMs == 0.125);
  CHECK(back.find("00112233aabbccdd").size() == 1);
  CHECK(back.find("ffff").empty());
  CHECK(writeTuningDb(back) == writeTuningDb(db));
}

TEST_CASE("adding an entry of the same kernel and bucket replaces it; another bucket is kept beside it") {
  TuningDb db = sample();
  TunedKernel t = db.kernels[0];
  t.schedule.workgroupSize = 128;
  db.add(t);
  REQUIRE(db.kernels.size() == 1);
  CHECK(db.kernels[0].schedule.workgroupSize == 128);
  t.schedule.bucket = 23;
  db.add(t);
  CHECK(db.kernels.size() == 2);
}

TEST_CASE("another version, a foreign schedule or a bad value is refused with the reason") {
  std::string text = writeTuningDb(sample());
  std::string other = text;
  other.replace(other.find("runmat_tuning: 1"), 16, "runmat_tuning: 9");
  CHECK(refusal(other).find("version 9") != std::string::npos);
  TuningDb foreign = sample();
  foreign.kernels[0].schedule.device = "1002-73bf-00000000-0000000000000001";
  CHECK(refusal(writeTuningDb(foreign)).find("not tuned on the database's device") != std::string::npos);
  TuningDb bad = sample();
  bad.kernels[0].schedule.workgroupSize = 96;
  CHECK(refusal(writeTuningDb(bad)).find("power of two") != std::string::npos);
  CHECK(refusal("not: [a database").find("tuning database:") == 0);
}
