// Every key of the manifest's YAML, defined once: the writer and the
// reader spell them through these names only.
#pragma once

namespace runmat::manifest_keys {

// The document.
constexpr const char *kVersion = "runmat_manifest", *kAbi = "abi", *kSource = "source", *kCompiler = "compiler",
                     *kMath = "math", *kEntries = "entries", *kKernels = "kernels", *kFusion = "fusion";

// An entry, its params, inputs and outputs.
constexpr const char *kName = "name", *kKind = "kind", *kIndex = "index", *kParams = "params", *kInputs = "inputs",
                     *kOutputs = "outputs", *kBuffers = "buffers", *kDefault = "default", *kDtype = "dtype",
                     *kSize = "size", *kRank = "rank";

// A kernel.
constexpr const char *kId = "id", *kTensors = "tensors", *kRole = "role", *kMap = "map", *kReduce = "reduce",
                     *kCombiners = "combiners", *kScalars = "scalars", *kSpace = "space", *kBytes = "bytes",
                     *kFlops = "flops", *kOps = "ops", *kLoop = "loop", *kCost = "cost", *kPoint = "point",
                     *kTrip = "trip", *kTrips = "trips", *kGroup = "group", *kDims = "dims", *kSlots = "slots",
                     *kStrided = "strided", *kCovers = "covers";
constexpr const char *kRoleIn = "in", *kRoleOut = "out";

// A kernel's GPU form.
constexpr const char *kGpu = "gpu", *kModules = "modules", *kFeatures = "features", *kPoints = "points",
                     *kFlat = "flat", *kStreamed = "streamed", *kNone = "none";
constexpr const char *kFloat64 = "float64", *kInt64 = "int64", *kInt8 = "int8";

// The fusion report.
constexpr const char *kEnabled = "enabled", *kKernelsBefore = "kernels_before", *kKernelsAfter = "kernels_after",
                     *kFired = "fired", *kRejected = "rejected", *kPattern = "pattern", *kCandidate = "candidate",
                     *kReason = "reason";

} // namespace runmat::manifest_keys
