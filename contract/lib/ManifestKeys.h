// Every key of the manifest's YAML (and the tuning database's), defined once: the writer and the
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
// A parameter set by the shim (ParamSource.h): `from` env or given, and what is asked.
constexpr const char *kFrom = "from", *kVar = "var", *kTransforms = "transforms", *kFallback = "fallback",
                     *kQuery = "query", *kLiteral = "literal", *kFromEnv = "env", *kFromGiven = "given";

// A kernel.
constexpr const char *kId = "id", *kTensors = "tensors", *kRole = "role", *kMap = "map", *kReduce = "reduce",
                     *kCombiners = "combiners", *kScalars = "scalars", *kSpace = "space", *kBytes = "bytes",
                     *kFlops = "flops", *kOps = "ops", *kLoop = "loop", *kCost = "cost", *kPoint = "point",
                     *kTrip = "trip", *kTrips = "trips", *kGroup = "group", *kDims = "dims", *kSlots = "slots",
                     *kStrided = "strided", *kCovers = "covers", *kFingerprint = "fingerprint";
constexpr const char *kRoleIn = "in", *kRoleOut = "out";

// A kernel's GPU form.
constexpr const char *kGpu = "gpu", *kModules = "modules", *kFeatures = "features", *kPoints = "points",
                     *kFlat = "flat", *kStreamed = "streamed", *kNone = "none";
constexpr const char *kFloat64 = "float64", *kInt64 = "int64", *kInt8 = "int8";

// A kernel's GPU schedules (KernelSchedule.h); `source` is kSource.
constexpr const char *kSchedules = "schedules", *kWorkgroupSize = "workgroup_size",
                     *kGroupsPerUnit = "groups_per_unit", *kFlatGroupsPerUnit = "flat_groups_per_unit",
                     *kForm = "form", *kBucket = "bucket", *kDevice = "device";

// The fusion report.
constexpr const char *kEnabled = "enabled", *kKernelsBefore = "kernels_before", *kKernelsAfter = "kernels_after",
                     *kFired = "fired", *kRejected = "rejected", *kPattern = "pattern", *kCandidate = "candidate",
                     *kReason = "reason";

// The tuning database (TuningDb.h); its kernels are kKernels, their
// schedule's device kDevice.
constexpr const char *kTuningVersion = "runmat_tuning", *kLabel = "label",
                     *kSchedule = "schedule", *kKey = "key", *kTunedMs = "tuned_ms", *kModelMs = "model_ms";

} // namespace runmat::manifest_keys
