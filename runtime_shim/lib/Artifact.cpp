#include "Artifact.h"

#include "runmat/contract/ManifestYaml.h"

#include <dlfcn.h>
#include <elf.h>

#include <cstring>
#include <fstream>

namespace runmat::rt {

namespace {

// Artifacts resolve runmat_rt1_* against the process's global symbols. A host
// may have loaded this shim privately (RTLD_LOCAL); promote it once.
void exposeShimSymbols() {
  static bool done = false;
  if (done) return;
  done = true;
  Dl_info info;
  if (dladdr((void *)&runmat_rt1_alloc, &info) && info.dli_fname)
    dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
}

// dlopen maps segments without checking that the file holds them, so a
// truncated artifact would fault on first access: check the ELF headers and
// every loadable segment against the file's size first.
bool elfIsComplete(std::ifstream &in, size_t size, std::string &why) {
  Elf64_Ehdr eh;
  in.seekg(0);
  if (size < sizeof eh || !in.read(reinterpret_cast<char *>(&eh), sizeof eh)) {
    why = "the ELF header is incomplete";
    return false;
  }
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || (eh.e_machine != EM_X86_64 && eh.e_machine != EM_AARCH64)) {
    why = "it was built for another architecture";
    return false;
  }
  if (eh.e_phoff + (uint64_t)eh.e_phnum * eh.e_phentsize > size ||
      eh.e_shoff + (uint64_t)eh.e_shnum * eh.e_shentsize > size || eh.e_phentsize != sizeof(Elf64_Phdr)) {
    why = "the file is truncated (its headers lie past its end)";
    return false;
  }
  for (int i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    in.seekg((std::streamoff)(eh.e_phoff + (uint64_t)i * eh.e_phentsize));
    if (!in.read(reinterpret_cast<char *>(&ph), sizeof ph) || ph.p_offset + ph.p_filesz > size) {
      why = "the file is truncated (a segment lies past its end)";
      return false;
    }
  }
  return true;
}

} // namespace

rm_artifact *loadArtifact(const std::string &path, std::string &error, rm_status &status) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open artifact '" + path + "'";
    status = RM_ERR_IO;
    return nullptr;
  }
  char magic[4] = {0, 0, 0, 0};
  in.read(magic, 4);
  if (in.gcount() != 4 || std::memcmp(magic, "\x7f" "ELF", 4) != 0) {
    error = "'" + path + "' is not a runmatc artifact (not a shared object)";
    status = RM_ERR_FORMAT;
    return nullptr;
  }
  in.seekg(0, std::ios::end);
  size_t size = (size_t)in.tellg();
  std::string why;
  if (!elfIsComplete(in, size, why)) {
    error = "'" + path + "' is a corrupt artifact: " + why;
    status = RM_ERR_FORMAT;
    return nullptr;
  }
  in.close();
  exposeShimSymbols();
  void *handle = dlopen(path.find('/') == std::string::npos ? ("./" + path).c_str() : path.c_str(),
                        RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *e = dlerror();
    error = "cannot load artifact '" + path + "': " + (e ? e : "unknown error");
    status = RM_ERR_FORMAT;
    return nullptr;
  }
  auto *desc = static_cast<const runmat_artifact_desc *>(dlsym(handle, "runmat_artifact"));
  auto fail = [&](const std::string &m) -> rm_artifact * {
    error = "'" + path + "': " + m;
    status = RM_ERR_FORMAT;
    dlclose(handle);
    return nullptr;
  };
  if (!desc) return fail("not a runmatc artifact (no runmat_artifact descriptor)");
  if (desc->magic != RUNMAT_ARTIFACT_MAGIC) return fail("corrupt artifact (bad magic number)");
  if (desc->abi_version != RUNMAT_ABI_VERSION)
    return fail("artifact ABI version " + std::to_string(desc->abi_version) + ", but this runtime loads version " +
                std::to_string(RUNMAT_ABI_VERSION) + "; recompile it with a matching runmatc");
  if (!desc->manifest) return fail("corrupt artifact (no manifest)");
  auto *a = new rm_artifact();
  a->handle = handle;
  a->desc = desc;
  a->path = path;
  try {
    a->manifest = readManifest(desc->manifest);
  } catch (const std::exception &e) {
    delete a;
    return fail(std::string("corrupt artifact: ") + e.what());
  }
  for (const EntryInfo &e : a->manifest.entries)
    if (e.index < 0 || (uint32_t)e.index >= desc->num_entries || !desc->entries[e.index] || !desc->entry_buffers ||
        !desc->entry_buffers[e.index]) {
      delete a;
      return fail("corrupt artifact: entry '" + e.name + "' has no code");
    }
  for (const KernelInfo &k : a->manifest.kernels)
    if (k.id < 0 || (uint32_t)k.id >= desc->num_kernels || !desc->kernel_box[k.id] ||
        (k.isReduce() && !desc->kernel_finish[k.id]) || k.rank > RUNMAT_MAX_RANK) {
      delete a;
      return fail("corrupt artifact: kernel '" + k.name + "' has no code");
    }
  for (const KernelInfo &k : a->manifest.kernels)
    for (int m : k.gpuModules)
      if (m < 0 || (uint32_t)m >= desc->num_spirv || !desc->spirv[m] || desc->spirv_word_count[m] < 5 ||
          desc->spirv[m][0] != 0x07230203u) {
        delete a;
        return fail("corrupt artifact: the GPU module of kernel '" + k.name + "' is missing or not SPIR-V");
      }
  return a;
}

void freeArtifact(rm_artifact *a) {
  if (!a) return;
  if (a->handle) dlclose(a->handle);
  delete a;
}

} // namespace runmat::rt
