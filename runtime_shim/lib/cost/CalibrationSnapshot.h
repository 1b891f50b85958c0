// What a calibration file says, kept parsed in the cache folder
// (parsed-calibration-<hash of its path>.txt) with the file's size and
// modification time. A process under auto reads the CPU's and the GPU's
// calibration before its first decision; parsing their YAML is most of
// auto's cost in a 5 ms process, reading the snapshot a few microseconds.
// The YAML file stays the truth: a snapshot that does not match the file's
// size and time, or that cannot be read, is ignored and written again.
#pragma once

#include "../CostModel.h"

#include <string>

namespace runmat::rt {

struct CalibrationFileContents {
  int version = 0;
  std::string key, measuredAt;
  double measureSeconds = 0;
  DeviceRates rates;
};

// The file's identity for its snapshot: false when the file cannot be stat'ed.
struct FileStamp {
  long long size = 0, mtimeNs = 0;
};
bool stampOf(const std::string &file, FileStamp &stamp);

bool readSnapshot(const std::string &file, const FileStamp &stamp, CalibrationFileContents &out);
void writeSnapshot(const std::string &file, const FileStamp &stamp, const CalibrationFileContents &contents);

} // namespace runmat::rt
