#include "Compile.h"

#include "FusionReport.h"
#include "ProgramInput.h"
#include "ScheduleReport.h"

#include "runmat/codegen/Artifact.h"
#include "runmat/codegen/gpu/GpuKernels.h"
#include "runmat/codegen/Manifest.h"
#include "runmat/codegen/cpu/Passes.h"
#include "runmat/Dialect/RunMat/KernelInfo.h"
#include "runmat/importer/TraceImporter.h"
#include "runmat/Passes/Passes.h"
#include "runmat/support/Diagnostic.h"
#include "runmat/trace/TraceIO.h"

#include "runmat/contract/CacheFolder.h"
#include "runmat/contract/TuningDb.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <fstream>
#include <functional>
#include <iostream>

namespace runmat::driver {

const char *const kVersion = "runmatc 0.2.0 (LLVM/MLIR 19)";

namespace {

void writeOutput(const std::string &path, const std::string &text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) throw CompileError(SourceLoc{path, 0, 0}, "cannot write the output file");
  out << text;
}

std::string print(mlir::ModuleOp m) {
  std::string text;
  llvm::raw_string_ostream os(text);
  m.print(os);
  os << "\n";
  return os.str();
}

std::string defaultArtifactPath(const std::string &input) {
  size_t slash = input.find_last_of('/');
  std::string base = slash == std::string::npos ? input : input.substr(slash + 1);
  size_t dot = base.rfind('.');
  return (dot == std::string::npos ? base : base.substr(0, dot)) + ".rmx";
}

class Progress {
public:
  explicit Progress(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {}
  void step(const char *what) {
    if (!on_) return;
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::cerr << "runmatc: [" << std::fixed << s << "s] " << what << "\n";
  }

private:
  bool on_;
  std::chrono::steady_clock::time_point start_;
};

void run(mlir::MLIRContext &context, mlir::ModuleOp module, const std::function<void(mlir::OpPassManager &)> &build) {
  mlir::PassManager pm(&context);
  build(pm);
  importer::runWithDiagnostics(context, [&] { return pm.run(module); });
}

// Each kernel's shaders under a header naming it by its kernel_id.
std::string gpuListing(const std::vector<codegen::GpuKernel> &gpu, const char *comment,
                       const std::function<std::string(const codegen::GpuShader &)> &text) {
  std::string out;
  for (const codegen::GpuKernel &k : gpu) {
    const std::string head = std::string(comment) + " ---- kernel " + std::to_string(k.id);
    if (!k.unsupported.empty()) out += head + ": no GPU form: " + k.unsupported + "\n";
    for (const auto &s : k.shaders) out += head + " (" + s.role + ")\n" + text(s) + "\n";
  }
  return out;
}

// The databases given, or those of the cache folder that read as one (a
// stale or foreign one is skipped, with a note under -v).
std::vector<std::string> tuningDatabases(const CompileOptions &options) {
  if (!options.cachedTuning) return options.tuningDbs;
  std::vector<std::string> found;
  const std::string dir = ::runmat::cacheFolder();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return found;
  for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("tuning-", 0) != 0 || entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    try {
      ::runmat::readTuningDb(text.str());
      found.push_back(entry.path().string());
    } catch (const std::runtime_error &e) {
      if (options.verbose) std::cerr << "runmatc: note: " << entry.path().string() << " skipped: " << e.what() << "\n";
    }
  }
  std::sort(found.begin(), found.end());
  if (options.verbose)
    for (const std::string &f : found) std::cerr << "runmatc: tuning database " << f << "\n";
  return found;
}

} // namespace

int compile(const std::string &input, const CompileOptions &options) {
  Progress progress(options.verbose);
  trace::Trace t = loadProgram(input);
  progress.step("traced");
  if (options.emit == "trace") {
    writeOutput(options.output, trace::writeTrace(t));
    return 0;
  }
  mlir::MLIRContext context;
  context.disableMultithreading(); // deterministic output, and 2-core machines gain nothing
  auto module = importer::importTrace(context, t, input);
  progress.step("imported into the runmat dialect");
  if (options.emit == "mlir") {
    writeOutput(options.output, print(*module));
    return 0;
  }
  PipelineOptions pipeline;
  pipeline.fusion = options.fusion;
  for (const std::string &db : tuningDatabases(options)) pipeline.tuningDbs.push_back(db);
  run(context, *module, [&](mlir::OpPassManager &pm) { buildKernelFormPipeline(pm, pipeline); });
  progress.step("formed kernels");
  if (options.report) {
    bool emitToStdout = !options.emit.empty() && (options.output.empty() || options.output == "-");
    (emitToStdout ? std::cerr : std::cout) << fusionReport(*module, input) << scheduleReport(*module);
  }
  if (options.emit == "fused") {
    writeOutput(options.output, print(*module));
    return 0;
  }
  // GPU kernels are written from the kernel form; every stage names a
  // kernel by its kernel_id (runmat-number-kernels).
  std::vector<codegen::GpuKernel> gpu;
  // The math mode travels on the module: code generation and the manifest read it there.
  (*module)->setAttr("runmat.math", mlir::StringAttr::get(&context, options.fastMath ? "fast" : "accurate"));
  if (options.gpu || options.emit == "glsl" || options.emit == "spirv") {
    gpu = codegen::emitGlslKernels(*module);
    progress.step("wrote GLSL kernels");
    if (options.emit == "glsl") {
      writeOutput(options.output, gpuListing(gpu, "//", [](const codegen::GpuShader &s) { return s.glsl; }));
      return 0;
    }
    codegen::compileGpuKernels(gpu, /*optimize=*/true);
    progress.step("compiled SPIR-V");
    if (options.emit == "spirv") {
      writeOutput(options.output,
                  gpuListing(gpu, ";", [](const codegen::GpuShader &s) { return codegen::disassembleSpirv(s.spirv); }));
      return 0;
    }
  }
  // Each kernel described once, from the kernel form; the back ends add
  // their facts by id.
  mlir::runmat::KernelInfoAnalysis kernels(*module);
  if (kernels.failed()) throw CompileError(SourceLoc{input, 0, 0}, "internal error: " + kernels.problem());
  run(context, *module, [](mlir::OpPassManager &pm) { pm.addPass(codegen::cpu::createOutlineCpuKernels()); });
  codegen::ArtifactOptions artifact;
  std::string manifest = codegen::buildManifest(*module, kVersion, kernels.kernels(), gpu, artifact);
  run(context, *module, [](mlir::OpPassManager &pm) {
    pm.addNestedPass<mlir::func::FuncOp>(createInsertOwnership());
    codegen::cpu::buildCpuLoweringPipeline(pm);
  });
  progress.step("lowered to LLVM");
  llvm::LLVMContext llvmContext;
  artifact.cpu = options.cpu;
  for (const codegen::GpuKernel &k : gpu)
    for (const codegen::GpuShader &sh : k.shaders) {
      if ((size_t)sh.module >= artifact.spirv.size()) artifact.spirv.resize((size_t)sh.module + 1);
      artifact.spirv[(size_t)sh.module] = sh.spirv;
    }
  auto llvmModule = codegen::buildLLVMModule(*module, llvmContext, manifest, artifact);
  progress.step("optimized");
  if (options.emit == "llvm") {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    writeOutput(options.output, os.str());
    return 0;
  }
  std::string path = options.output.empty() ? defaultArtifactPath(input) : options.output;
  if (path == "-") throw CompileError(SourceLoc{}, "an artifact cannot be written to standard output; give -o FILE");
  codegen::writeSharedObject(*llvmModule, path, artifact);
  progress.step("linked");
  if (options.verbose) std::cerr << "runmatc: wrote " << path << "\n";
  return 0;
}

} // namespace runmat::driver
