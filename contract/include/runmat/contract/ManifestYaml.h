// The manifest's YAML form: one writer (the compiler) and one reader (the
// shim), over the keys of ManifestKeys.h, each checked by manifestProblem.
#pragma once

#include "runmat/contract/Manifest.h"

#include <string>

namespace runmat {

// Throws std::logic_error naming the problem when the model is inconsistent
// (a compiler bug: no artifact is written with it).
std::string writeManifest(const Manifest &m);

// Throws std::runtime_error ("manifest: ...") naming what is wrong.
Manifest readManifest(const std::string &yaml);

} // namespace runmat
