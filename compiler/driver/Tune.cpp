#include "Tune.h"

#include "Compile.h"

#include "runmat/runmat.h"
#include "runmat/support/Diagnostic.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <stdexcept>

namespace runmat::driver {

int tune(const std::string &input, const TuneCommand &command) {
  tuner::TuneOptions options = command.tuner;
  try {
    tuner::addParams(command.params, options);
  } catch (const std::runtime_error &e) {
    throw CompileError(SourceLoc{}, e.what());
  }
  const auto started = std::chrono::steady_clock::now();
  options.progress = [&](const std::string &line) { std::cerr << "runmatc: tune: " << line << "\n"; };

  // The candidates start from the model's schedules: no database is read.
  const std::string artifactPath =
      (std::filesystem::temp_directory_path() / ("runmatc-tune-" + std::to_string(getpid()) + ".rmx")).string();
  CompileOptions compileOptions;
  compileOptions.output = artifactPath;
  compileOptions.fusion = command.fusion == "on";
  compileOptions.fastMath = command.math == "fast";
  compileOptions.cachedTuning = false;
  compile(input, compileOptions);
  std::cerr << "runmatc: tune: compiled " << input << " in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() << " s\n";

  // The device the shim opens: RUNMAT_DEVICE names it by its Vulkan index.
  if (command.device != "gpu") setenv("RUNMAT_DEVICE", command.device.c_str(), 1);
  rm_artifact *artifact = nullptr;
  int status = 0;
  if (rm_artifact_load(artifactPath.c_str(), &artifact) != RM_OK) {
    std::cerr << "runmatc: error: tune: cannot load the compiled artifact: " << rm_last_error() << "\n";
    status = 1;
  } else {
    try {
      std::cout << tuner::describe(tuner::tune(artifact, options));
    } catch (const std::exception &e) {
      std::cerr << "runmatc: error: tune: " << e.what() << "\n";
      status = 1;
    }
    rm_artifact_free(artifact);
  }
  std::filesystem::remove(artifactPath);
  return status;
}

} // namespace runmat::driver
