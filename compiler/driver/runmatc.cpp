// runmatc: the ahead-of-time compiler of RunMat programs.
//
//   runmatc trace prog.m                 the trace (YAML) of a program
//   runmatc compile prog.m -o prog.rmx   an artifact runmat-run and the C API load
//   runmatc compile prog.m --emit=STAGE  stop after a stage and print it
//   runmatc tune prog.m [-p name=value]  measure GPU schedules into a tuning database
#include "Compile.h"
#include "ProgramInput.h"
#include "Tune.h"

#include "runmat/support/Diagnostic.h"
#include "runmat/support/LargeStack.h"
#include "runmat/trace/TraceIO.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace {

using namespace runmat;

void printDiagnostic(const SourceLoc &loc, const std::string &message) {
  std::string source;
  const std::string *text = nullptr;
  if (loc.known()) {
    std::ifstream in(loc.file);
    if (in) {
      source.assign(std::istreambuf_iterator<char>(in), {});
      text = &source;
    }
  }
  std::cerr << formatDiagnostic(loc, message, text);
}

int reportError(const CompileError &e) {
  printDiagnostic(e.loc(), e.message());
  for (const CompileError::Problem &p : e.further()) printDiagnostic(p.loc, p.message);
  if (!e.further().empty()) std::cerr << "runmatc: " << 1 + e.further().size() << " errors\n";
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
  compileCmd->add_option("--tuning-db", options.tuningDbs,
                         "a tuning database (runmatc tune; docs/tuning.md), repeatable: kernels it has measured take "
                         "its schedules for its device and size buckets, the others the model's (default: every "
                         "tuning-*.yaml of the runmat cache folder)")
      ->check(CLI::ExistingFile);
  bool noTuning = false;
  compileCmd->add_flag("--no-tuning", noTuning, "take no tuning database: every kernel gets the model's schedule");
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

  std::string tuneInput;
  driver::TuneCommand tuneOptions;
  CLI::App *tuneCmd = app.add_subcommand(
      "tune", "Compile a program, run its kernels on the GPU with candidate schedules (workgroup size, workgroups "
              "per compute unit, reduction form) at the given sizes, check each candidate's outputs against the "
              "model's, and keep the fastest in a tuning database that later compiles take (docs/tuning.md)");
  tuneCmd->add_option("input", tuneInput, "program (.m) or trace (.yaml)")->required();
  tuneCmd->add_option("-p,--param", tuneOptions.params, "set a parameter: name=value (repeatable); the sizes to tune at");
  tuneCmd->add_option("--device", tuneOptions.device,
                      "gpu (default: the GPU the runtime picks, the first discrete one) or N: Vulkan device N, as "
                      "runmat-run accel-info lists them (RUNMAT_DEVICE=N)")
      ->check(CLI::Validator(
          [](std::string &v) {
            const bool index = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
            return v == "gpu" || index ? std::string() : "gpu or a device index, not '" + v + "'";
          },
          "gpu|N"));
  tuneCmd->add_option("--repeats", tuneOptions.tuner.repeats, "timed runs per candidate (medians; default 9)")
      ->check(CLI::Range(1, 1000));
  tuneCmd->add_option("--budget", tuneOptions.tuner.budgetSeconds, "seconds to spend on candidates at most (default 50)")
      ->check(CLI::Range(0.0, 86400.0));
  tuneCmd->add_option("--tuning-db", tuneOptions.tuner.database,
                      "the database to merge the winners into (default: tuning-<device>.yaml in the runmat cache "
                      "folder, which runmatc compile reads)");
  tuneCmd->add_option("--fusion", tuneOptions.fusion, "on|off, as for compile")->check(CLI::IsMember({"on", "off"}));
  tuneCmd->add_option("--math", tuneOptions.math, "accurate|fast, as for compile")
      ->check(CLI::IsMember({"accurate", "fast"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  }
  // Every stage walks the program recursively: on a thread with a large
  // stack, so that programs nested up to the parser's bound compile.
  int status = 0;
  try {
    runWithLargeStack([&] {
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
        return;
      }
      options.fusion = fusion == "on";
      options.cachedTuning = !noTuning && options.tuningDbs.empty();
      options.gpu = gpu == "on";
      options.fastMath = math == "fast";
      if (*compileCmd) status = driver::compile(input, options);
      else if (*tuneCmd) status = driver::tune(tuneInput, tuneOptions);
    });
  } catch (const CompileError &e) {
    return reportError(e);
  } catch (const std::exception &e) {
    std::cerr << "runmatc: internal error: " << e.what() << "\n";
    return 3;
  }
  return status;
}
