#include "runmat/codegen/Artifact.h"
#include "runmat/codegen/cpu/CpuSymbols.h"

#include "SizeFunctions.h"

#include "runmat/runmat_abi.h"
#include "runmat/support/Diagnostic.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>

namespace runmat::codegen {

namespace {

constexpr uint32_t kMagic = RUNMAT_ARTIFACT_MAGIC;
constexpr uint32_t kAbiVersion = RUNMAT_ABI_VERSION;

[[noreturn]] void fail(const std::string &m) { throw CompileError(SourceLoc{}, m); }

std::unique_ptr<llvm::TargetMachine> targetMachine(const ArtifactOptions &options) {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  std::string triple = llvm::sys::getProcessTriple(), error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target) fail("no LLVM target for " + triple + ": " + error);
  std::string cpu = options.cpu, features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    for (const auto &f : llvm::sys::getHostCPUFeatures()) features += (f.second ? ",+" : ",-") + f.first().str();
  }
  llvm::TargetOptions to;
  auto *tm = target->createTargetMachine(triple, cpu, features, to, llvm::Reloc::PIC_, std::nullopt,
                                         llvm::CodeGenOptLevel::Aggressive);
  if (!tm) fail("cannot create an LLVM target machine for CPU '" + cpu + "'");
  return std::unique_ptr<llvm::TargetMachine>(tm);
}

llvm::Constant *cString(llvm::Module &m, llvm::StringRef s, const llvm::Twine &name) {
  auto *data = llvm::ConstantDataArray::getString(m.getContext(), s, /*AddNull=*/true);
  auto *gv = new llvm::GlobalVariable(m, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data, name);
  gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  return gv;
}

llvm::Constant *pointerTable(llvm::Module &m, llvm::ArrayRef<llvm::Constant *> items, const llvm::Twine &name) {
  auto *ptr = llvm::PointerType::getUnqual(m.getContext());
  auto *type = llvm::ArrayType::get(ptr, items.size());
  auto *gv = new llvm::GlobalVariable(m, type, true, llvm::GlobalValue::PrivateLinkage,
                                      llvm::ConstantArray::get(type, items), name);
  return gv;
}

// The runmat_artifact_desc the shim looks up (field order as in runmat_abi.h).
void addDescriptor(llvm::Module &m, mlir::ModuleOp module, const std::string &manifest,
                   const ArtifactOptions &options) {
  const std::vector<std::vector<uint32_t>> &spirv = options.spirv;
  llvm::LLVMContext &c = m.getContext();
  auto *i32 = llvm::Type::getInt32Ty(c);
  auto *ptr = llvm::PointerType::getUnqual(c);
  auto *null = llvm::ConstantPointerNull::get(ptr);

  std::vector<llvm::Constant *> entries;
  if (auto names = module->getAttrOfType<mlir::ArrayAttr>("runmat.entries"))
    for (mlir::Attribute a : names) {
      llvm::Function *f = m.getFunction(mlir::cast<mlir::StringAttr>(a).getValue());
      if (!f) fail("internal error: entry " + mlir::cast<mlir::StringAttr>(a).str() + " was not generated");
      entries.push_back(f);
    }
  // Each entry's buffer sizes, found by the entry's name (its wrapper's
  // name less the CPU code generator's prefix).
  std::vector<llvm::Constant *> sizes;
  for (llvm::Constant *e : entries) {
    auto name = llvm::cast<llvm::Function>(e)->getName();
    name.consume_front(cpu::kEntryWrapperPrefix);
    auto it = std::find_if(options.buffers.begin(), options.buffers.end(),
                           [&](const EntryBuffers &b) { return b.entry == name; });
    if (it == options.buffers.end()) fail("internal error: entry " + name.str() + " has no buffer sizes");
    sizes.push_back(emitSizesFunction(m, *it, "runmat_buffers." + name));
  }
  // The kernel table, by id: the CPU box (and finish) functions of each.
  std::vector<llvm::Constant *> box, finish;
  for (int id = 0; id < options.numKernels; ++id) {
    const std::string name = cpu::kernelBoxSymbol(id);
    llvm::Function *b = m.getFunction(name);
    if (!b) fail("internal error: kernel function " + name + " was not generated");
    box.push_back(b);
    llvm::Function *f = m.getFunction(cpu::kernelFinishSymbol(id));
    finish.push_back(f ? (llvm::Constant *)f : null);
  }
  std::vector<llvm::Constant *> strings;
  if (auto list = module->getAttrOfType<mlir::ArrayAttr>("runmat.strings"))
    for (size_t i = 0; i < list.size(); ++i)
      strings.push_back(cString(m, mlir::cast<mlir::StringAttr>(list[i]).getValue(), "runmat.str." + llvm::Twine(i)));

  // SPIR-V modules as constant word arrays, with their lengths.
  auto *i64 = llvm::Type::getInt64Ty(c);
  std::vector<llvm::Constant *> modules, counts;
  for (size_t i = 0; i < spirv.size(); ++i) {
    auto *data = llvm::ConstantDataArray::get(c, llvm::ArrayRef<uint32_t>(spirv[i]));
    auto *gv = new llvm::GlobalVariable(m, data->getType(), true, llvm::GlobalValue::PrivateLinkage, data,
                                        "runmat.spirv." + llvm::Twine(i));
    gv->setAlignment(llvm::Align(4));
    modules.push_back(gv);
    counts.push_back(llvm::ConstantInt::get(i64, spirv[i].size()));
  }
  auto *countType = llvm::ArrayType::get(i64, counts.size());
  auto *countTable = new llvm::GlobalVariable(m, countType, true, llvm::GlobalValue::PrivateLinkage,
                                              llvm::ConstantArray::get(countType, counts), "runmat.spirv_words");

  auto *descType = llvm::StructType::create(
      c, {i32, i32, ptr, i32, ptr, i32, ptr, ptr, i32, ptr, i32, ptr, ptr, ptr}, "runmat_artifact_desc");
  auto u32 = [&](uint64_t v) { return llvm::ConstantInt::get(i32, v); };
  llvm::Constant *fields[] = {u32(kMagic),
                              u32(kAbiVersion),
                              cString(m, manifest, "runmat.manifest"),
                              u32(entries.size()),
                              pointerTable(m, entries, "runmat.entries"),
                              u32(box.size()),
                              pointerTable(m, box, "runmat.kernel_box"),
                              pointerTable(m, finish, "runmat.kernel_finish"),
                              u32(strings.size()),
                              pointerTable(m, strings, "runmat.strings"),
                              u32(modules.size()),
                              pointerTable(m, modules, "runmat.spirv"),
                              countTable,
                              pointerTable(m, sizes, "runmat.entry_buffers")};
  auto *desc = new llvm::GlobalVariable(m, descType, true, llvm::GlobalValue::ExternalLinkage,
                                        llvm::ConstantStruct::get(descType, fields), "runmat_artifact");
  desc->setVisibility(llvm::GlobalValue::DefaultVisibility);
}

// Kernel loops vectorize at 8 lanes where a vector register holds 8 32-bit
// lanes or more. Left to itself the vectorizer picks 4 on AVX2: the random
// streams' 64-bit products count double, and 4 lanes also halve the vector
// math (libmvec) per call; monte_carlo's kernel ran 2x faster at 8. On an
// AVX-512 EPYC, 16 lanes made it 3.7x slower than 8 (357 vs 96 ms).
void widenKernelLoops(llvm::Module &m, llvm::TargetMachine &tm) {
  llvm::LLVMContext &ctx = m.getContext();
  for (llvm::Function &f : m) {
    if (f.isDeclaration() || !f.getName().starts_with("runmat_kernel_")) continue;
    unsigned bits = tm.getTargetTransformInfo(f)
                        .getRegisterBitWidth(llvm::TargetTransformInfo::RGK_FixedWidthVector)
                        .getFixedValue();
    unsigned width = std::clamp(bits / 32, 4u, 8u);
    llvm::DominatorTree dt(f);
    llvm::LoopInfo li(dt);
    for (llvm::Loop *loop : li.getLoopsInPreorder()) {
      if (!loop->isInnermost()) continue;
      llvm::Metadata *hint[] = {llvm::MDString::get(ctx, "llvm.loop.vectorize.width"),
                                llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(llvm::Type::getInt32Ty(ctx), width))};
      llvm::MDNode *self = llvm::MDNode::getDistinct(ctx, {nullptr, llvm::MDNode::get(ctx, hint)});
      self->replaceOperandWith(0, self);
      loop->setLoopID(self);
    }
  }
}

// The vectorizer reports each loop it leaves scalar as a remark, and the
// width hint on every kernel loop makes such remarks print: they are not
// the user's concern. Warnings and errors print as before.
struct DropRemarks : llvm::DiagnosticHandler {
  bool handleDiagnostics(const llvm::DiagnosticInfo &info) override { return info.getSeverity() == llvm::DS_Remark; }
};

void optimize(llvm::Module &m, llvm::TargetMachine &tm) {
  m.getContext().setDiagnosticHandler(std::make_unique<DropRemarks>());
  widenKernelLoops(m, tm);
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::PassBuilder pb(&tm, tuning);
  // glibc's vector math library lets loops calling exp, log, sin... vectorize.
  llvm::Triple triple(m.getTargetTriple());
  fam.registerPass([&] {
    llvm::TargetLibraryInfoImpl tlii(triple);
    if (triple.getArch() == llvm::Triple::x86_64)
      tlii.addVectorizableFunctionsFromVecLib(llvm::TargetLibraryInfoImpl::LIBMVEC_X86, triple);
    return llvm::TargetLibraryAnalysis(tlii);
  });
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(m, mam);
}

} // namespace

std::unique_ptr<llvm::Module> buildLLVMModule(mlir::ModuleOp module, llvm::LLVMContext &context,
                                              const std::string &manifest, const ArtifactOptions &options) {
  mlir::DialectRegistry registry;
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  module->getContext()->appendDialectRegistry(registry);
  std::unique_ptr<llvm::Module> m = mlir::translateModuleToLLVMIR(module, context, "runmat");
  if (!m) fail("internal error: translation to LLVM IR failed");
  auto tm = targetMachine(options);
  m->setDataLayout(tm->createDataLayout());
  m->setTargetTriple(tm->getTargetTriple().str());
  addDescriptor(*m, module, manifest, options);
  if (options.optimize) optimize(*m, *tm);
  return m;
}

void writeSharedObject(llvm::Module &m, const std::string &path, const ArtifactOptions &options) {
  auto tm = targetMachine(options);
  llvm::SmallString<128> object;
  int fd = -1;
  if (llvm::sys::fs::createTemporaryFile("runmat", "o", fd, object)) fail("cannot create a temporary object file");
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    llvm::legacy::PassManager pm;
    if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CodeGenFileType::ObjectFile))
      fail("the target cannot emit object files");
    pm.run(m);
  }
  std::string linker;
  for (const char *name : {"cc", "gcc", "clang"})
    if (auto p = llvm::sys::findProgramByName(name)) {
      linker = *p;
      break;
    }
  if (linker.empty()) fail("no C compiler driver (cc) found to link the artifact; install build-essential");
  std::string objectPath = object.str().str();
  llvm::SmallVector<llvm::StringRef> args = {linker, "-shared", "-o", path, objectPath, "-lmvec", "-lm"};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(linker, args, std::nullopt, {}, 0, 0, &message);
  llvm::sys::fs::remove(objectPath);
  if (rc != 0) fail("linking the artifact failed (" + linker + " exited with " + std::to_string(rc) + ") " + message);
}

} // namespace runmat::codegen
