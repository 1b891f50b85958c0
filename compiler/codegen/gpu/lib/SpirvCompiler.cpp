// GLSL to SPIR-V in-process: glslang compiles, SPIRV-Tools validates and
// optimizes (and disassembles for --emit=spirv).
#include "runmat/codegen/gpu/GpuKernels.h"

#include "FloatControls.h"

#include "runmat/support/Diagnostic.h"
#include "runmat/support/LargeStack.h"

#include <glslang/Public/ResourceLimits.h>
#include <glslang/Public/ShaderLang.h>
#include <glslang/SPIRV/GlslangToSpv.h>
#include <spirv-tools/libspirv.hpp>
#include <spirv-tools/optimizer.hpp>

#include <mutex>

namespace runmat::codegen {

namespace {

constexpr spv_target_env kTarget = SPV_ENV_VULKAN_1_2;

void initializeGlslang() {
  static std::once_flag once;
  std::call_once(once, [] {
    glslang::InitializeProcess();
    std::atexit([] { glslang::FinalizeProcess(); });
  });
}

[[noreturn]] void fail(const std::string &what, const std::string &log, const std::string &glsl) {
  // A shader that does not compile is a compiler bug: say so with the source.
  throw CompileError(SourceLoc{}, "internal error: " + what + "\n" + log + "\n--- shader ---\n" + glsl);
}

std::vector<uint32_t> glslToSpirv(const std::string &glsl) {
  initializeGlslang();
  glslang::TShader shader(EShLangCompute);
  const char *source = glsl.c_str();
  shader.setStrings(&source, 1);
  shader.setEnvInput(glslang::EShSourceGlsl, EShLangCompute, glslang::EShClientVulkan, 100);
  shader.setEnvClient(glslang::EShClientVulkan, glslang::EShTargetVulkan_1_2);
  shader.setEnvTarget(glslang::EShTargetSpv, glslang::EShTargetSpv_1_5);
  auto messages = (EShMessages)(EShMsgSpvRules | EShMsgVulkanRules);
  if (!shader.parse(GetDefaultResources(), 460, false, messages))
    fail("glslang rejected a generated shader", shader.getInfoLog(), glsl);
  glslang::TProgram program;
  program.addShader(&shader);
  if (!program.link(messages)) fail("glslang could not link a generated shader", program.getInfoLog(), glsl);
  std::vector<uint32_t> words;
  glslang::SpvOptions options;
  options.disableOptimizer = true; // SPIRV-Tools optimizes below
  options.validate = false;
  spv::SpvBuildLogger logger;
  glslang::GlslangToSpv(*program.getIntermediate(EShLangCompute), words, &logger, &options);
  preserveInfNan(words);
  return words;
}

void compileOnThisThread(std::vector<GpuKernel> &kernels, bool optimize) {
  spvtools::SpirvTools tools(kTarget);
  std::string messages;
  tools.SetMessageConsumer([&](spv_message_level_t, const char *, const spv_position_t &p, const char *m) {
    messages += "word " + std::to_string(p.index) + ": " + m + "\n";
  });
  spvtools::ValidatorOptions validation;
  validation.SetScalarBlockLayout(false);
  for (GpuKernel &k : kernels)
    for (GpuShader &s : k.shaders) {
      std::vector<uint32_t> words = glslToSpirv(s.glsl);
      messages.clear();
      if (!tools.Validate(words.data(), words.size(), validation))
        fail("SPIRV-Tools rejected a generated module", messages, s.glsl);
      if (optimize) {
        spvtools::Optimizer opt(kTarget);
        opt.SetMessageConsumer([&](spv_message_level_t, const char *, const spv_position_t &, const char *m) {
          messages += std::string(m) + "\n";
        });
        opt.RegisterPerformancePasses();
        std::vector<uint32_t> optimized;
        if (!opt.Run(words.data(), words.size(), &optimized))
          fail("SPIRV-Tools could not optimize a generated module", messages, s.glsl);
        if (!tools.Validate(optimized.data(), optimized.size(), validation))
          fail("the optimized module does not validate", messages, s.glsl);
        words.swap(optimized);
      }
      s.spirv = std::move(words);
    }
}

} // namespace

void compileGpuKernels(std::vector<GpuKernel> &kernels, bool optimize) {
  // glslang and SPIRV-Tools recurse per basic block: a large stack.
  runWithLargeStack([&] { compileOnThisThread(kernels, optimize); });
}

std::string disassembleSpirv(const std::vector<uint32_t> &words) {
  spvtools::SpirvTools tools(kTarget);
  std::string text;
  if (!tools.Disassemble(words, &text,
                         SPV_BINARY_TO_TEXT_OPTION_FRIENDLY_NAMES | SPV_BINARY_TO_TEXT_OPTION_INDENT |
                             SPV_BINARY_TO_TEXT_OPTION_COMMENT))
    return "; (the module could not be disassembled)\n";
  return text;
}

} // namespace runmat::codegen
