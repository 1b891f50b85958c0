// runmatc: the ahead-of-time compiler of RunMat programs.
//
//   runmatc trace prog.m                 the trace (YAML) of a program
//   runmatc compile prog.m -o prog.rmx   an artifact runmat-run and the C API load
//   runmatc compile prog.m --emit=STAGE  stop after a stage and print it
#include "Compile.h"
#include "ProgramInput.h"

#include "runmat/support/Diagnostic.h"
#include "runmat/trace/TraceIO.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace {

using namespace runmat;

int reportError(const CompileError &e) {
  std::string source;
  const std::string *text = nullptr;
  if (e.loc().known()) {
    std::ifstream in(e.loc().file);
    if (in) {
      source.assign(std::istreambuf_iterator<char>(in), {});
      text = &source;
    }
  }
  std::cerr << formatDiagnostic(e.loc(), e.message(), text);
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"runmatc: ahead-of-time compiler of RunMat (MATLAB-language) programs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", driver::kVersion);

  std::string traceInput, traceOutput;
  CLI::App *traceCmd = app.add_subcommand("trace", "Print the trace (YAML, schema v1) of a program; given a trace "
                                                   "(.yaml), validate it and print it back in canonical form");
  traceCmd->add_option("input", traceInput, "program (.m) or trace (.yaml)")->required();
  traceCmd->add_option("-o,--output", traceOutput, "write here instead of standard output");

  std::string input;
  driver::CompileOptions options;
  std::string fusion = "on";
  CLI::App *compileCmd = app.add_subcommand(
      "compile", "Compile a program (.m) or trace (.yaml) into an artifact (a shared object with CPU code and a "
                 "manifest) that runmat-run and the runtime's C API load");
  compileCmd->add_option("input", input, "program (.m) or trace (.yaml)")->required();
  compileCmd->add_option("-o,--output", options.output,
                         "artifact path (default: the input's name with .rmx); with --emit, a file or - (default)");
  compileCmd
      ->add_option("--emit", options.emit,
                   "stop after a stage and print it: trace (YAML), mlir (runmat dialect), fused (kernel form), "
                   "glsl (GPU kernels as GLSL compute shaders), spirv (their SPIR-V, disassembled), "
                   "llvm (optimized LLVM IR)")
      ->check(CLI::IsMember({"trace", "mlir", "fused", "glsl", "spirv", "llvm"}));
  compileCmd->add_option("--fusion", fusion, "on|off: on (default) runs the fusion planner (patterns/); off "
                                             "compiles every operation as its own kernel")
      ->check(CLI::IsMember({"on", "off"}));
  compileCmd->add_flag("--report", options.report,
                       "print the fusion report: kernels before and after fusion, each pattern that fired with the "
                       "source lines it covers, each candidate rejected and why (standard output, or standard "
                       "error when --emit prints there)");
  compileCmd
      ->add_option("--tuning-db", options.tuningDb,
                   "a tuning database (docs/tuning.md): kernels it has measured take its schedules, for its device "
                   "and size buckets; the others the model's")
      ->check(CLI::ExistingFile);
  compileCmd->add_option("--cpu", options.cpu,
                         "CPU to generate code for: native (this machine, default) or an LLVM name such as "
                         "x86-64-v3 for artifacts that run elsewhere");
  std::string gpu = "on";
  compileCmd->add_option("--gpu", gpu, "on|off: off leaves out the GPU kernels (SPIR-V), so the artifact runs on "
                                       "the CPU only")
      ->check(CLI::IsMember({"on", "off"}));
  std::string math = "accurate";
  compileCmd->add_option("--math", math, "accurate|fast: fast computes the GPU kernels' single-precision exp, log "
                                         "and pow with the device's exp2 and log2 (a few ulps instead of about "
                                         "one; docs/gpu.md); the CPU code is the same either way")
      ->check(CLI::IsMember({"accurate", "fast"}));
  compileCmd->add_flag("-v,--verbose", options.verbose, "report each stage on standard error");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  }
  try {
    if (*traceCmd) {
      trace::Trace t = driver::loadProgram(traceInput);
      std::string text = trace::writeTrace(t);
      if (traceOutput.empty() || traceOutput == "-") {
        std::cout << text;
      } else {
        std::ofstream out(traceOutput, std::ios::binary);
        if (!out) throw CompileError(SourceLoc{traceOutput, 0, 0}, "cannot write the output file");
        out << text;
      }
      return 0;
    }
    options.fusion = fusion == "on";
    options.gpu = gpu == "on";
    options.fastMath = math == "fast";
    if (*compileCmd) return driver::compile(input, options);
  } catch (const CompileError &e) {
    return reportError(e);
  } catch (const std::exception &e) {
    std::cerr << "runmatc: internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
