// A loaded artifact: the shared object, its descriptor and its manifest.
#pragma once

#include "runmat/contract/Manifest.h"
#include "runmat/runmat.h"
#include "runmat/runmat_abi.h"

#include <string>

struct rm_artifact {
  void *handle = nullptr;
  const runmat_artifact_desc *desc = nullptr;
  runmat::Manifest manifest;
  std::string path;
};

namespace runmat::rt {

// Loads and checks an artifact; on failure returns nullptr and sets `error`
// and `status`.
rm_artifact *loadArtifact(const std::string &path, std::string &error, rm_status &status);
void freeArtifact(rm_artifact *a);

} // namespace runmat::rt
