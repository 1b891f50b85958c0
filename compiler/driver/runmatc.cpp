// runmatc: the ahead-of-time compiler of RunMat programs.
//
//   runmatc trace prog.m            the trace (YAML) of a program, or a trace re-validated
//   runmatc compile prog.m --emit=mlir   stop after a stage and print it
#include "ProgramInput.h"

#include "runmat/importer/TraceImporter.h"
#include "runmat/support/Diagnostic.h"
#include "runmat/trace/TraceIO.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"

#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace {

using namespace runmat;

// Writes `text` to `path`, or to standard output when path is empty or "-".
void writeOutput(const std::string &path, const std::string &text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    return;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) throw CompileError(SourceLoc{path, 0, 0}, "cannot write the output file");
  out << text;
}

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

int runTrace(const std::string &input, const std::string &output) {
  trace::Trace t = driver::loadProgram(input);
  writeOutput(output, trace::writeTrace(t));
  return 0;
}

int runCompile(const std::string &input, const std::string &output, const std::string &emit) {
  trace::Trace t = driver::loadProgram(input);
  if (emit == "trace") {
    writeOutput(output, trace::writeTrace(t));
    return 0;
  }
  mlir::MLIRContext context;
  auto module = importer::importTrace(context, t, input);
  if (emit == "mlir") {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    os << "\n";
    writeOutput(output, os.str());
    return 0;
  }
  throw CompileError(SourceLoc{input, 0, 0}, "building an artifact is not available in this version of runmatc "
                                            "yet; use --emit=trace or --emit=mlir");
}

} // namespace

int main(int argc, char **argv) {
  CLI::App app{"runmatc: ahead-of-time compiler of RunMat (MATLAB-language) programs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "runmatc 0.1.0 (LLVM/MLIR 19)");

  std::string traceInput, traceOutput;
  CLI::App *traceCmd = app.add_subcommand("trace", "Print the trace (YAML, schema v1) of a program; given a trace "
                                                   "(.yaml), validate it and print it back in canonical form");
  traceCmd->add_option("input", traceInput, "program (.m) or trace (.yaml)")->required();
  traceCmd->add_option("-o,--output", traceOutput, "write here instead of standard output");

  std::string input, output, emit;
  CLI::App *compileCmd = app.add_subcommand("compile", "Compile a program (.m) or trace (.yaml)");
  compileCmd->add_option("input", input, "program (.m) or trace (.yaml)")->required();
  compileCmd->add_option("-o,--output", output, "write here instead of standard output");
  compileCmd->add_option("--emit", emit,
                         "stop after a stage and print it: trace (YAML), mlir (runmat dialect, verified)")
      ->check(CLI::IsMember({"trace", "mlir"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  }
  try {
    if (*traceCmd) return runTrace(traceInput, traceOutput);
    if (*compileCmd) return runCompile(input, output, emit);
  } catch (const CompileError &e) {
    return reportError(e);
  } catch (const std::exception &e) {
    std::cerr << "runmatc: internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
