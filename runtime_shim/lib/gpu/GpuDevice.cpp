#include "GpuDevice.h"

#include "../Fnv1a.h"

#include "GpuMemory.h"

#include "runmat/contract/CacheFolder.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

namespace runmat::rt {

namespace {

const char *typeName(VkPhysicalDeviceType t) {
  switch (t) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete";
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated";
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual";
  case VK_PHYSICAL_DEVICE_TYPE_CPU: return "cpu";
  default: return "other";
  }
}

int preference(VkPhysicalDeviceType t) {
  switch (t) {
  case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 0;
  case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 1;
  case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
  case VK_PHYSICAL_DEVICE_TYPE_CPU: return 3;
  default: return 4;
  }
}

std::string lower(std::string s) {
  for (char &c : s) c = (char)std::tolower((unsigned char)c);
  return s;
}


struct Candidate {
  VkPhysicalDevice device;
  GpuDeviceInfo info;
  VkPhysicalDeviceType type;
  uint32_t queueFamily;
};

// What the shim needs of a device: Vulkan 1.2, buffer device addresses and a
// compute queue.
Candidate describe(const vk::Api &api, VkPhysicalDevice d) {
  Candidate c{d, {}, VK_PHYSICAL_DEVICE_TYPE_OTHER, 0};
  VkPhysicalDeviceProperties p{};
  api.vkGetPhysicalDeviceProperties(d, &p);
  c.type = p.deviceType;
  c.info.name = p.deviceName;
  c.info.type = typeName(p.deviceType);
  c.info.vendorId = p.vendorID;
  c.info.deviceId = p.deviceID;
  c.info.driverVersion = p.driverVersion;
  c.info.apiVersion = p.apiVersion;
  if (VK_API_VERSION_MINOR(p.apiVersion) < 2 && VK_API_VERSION_MAJOR(p.apiVersion) == 1) {
    c.info.unusable = "Vulkan 1.2 is required";
    return c;
  }
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  VkPhysicalDeviceFeatures2 f{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};
  api.vkGetPhysicalDeviceFeatures2(d, &f);
  VkPhysicalDeviceVulkan12Properties p12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_PROPERTIES};
  VkPhysicalDeviceSubgroupProperties sg{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES, &p12};
  VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &sg};
  api.vkGetPhysicalDeviceProperties2(d, &p2);
  // Generated kernels declare that they keep infinities and NaNs
  // (compiler/codegen/lib/FloatControls.h): a device must allow it.
  c.info.float64 = f.features.shaderFloat64 && p12.shaderSignedZeroInfNanPreserveFloat64;
  c.info.int64 = f.features.shaderInt64;
  c.info.int8 = f12.shaderInt8 && f12.storageBuffer8BitAccess;
  const VkSubgroupFeatureFlags needed =
      VK_SUBGROUP_FEATURE_BASIC_BIT | VK_SUBGROUP_FEATURE_VOTE_BIT | VK_SUBGROUP_FEATURE_ARITHMETIC_BIT;
  c.info.subgroupArithmetic =
      (sg.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) && (sg.supportedOperations & needed) == needed;
  if (!f12.bufferDeviceAddress) {
    c.info.unusable = "no buffer device addresses";
    return c;
  }
  if (!p12.shaderSignedZeroInfNanPreserveFloat32) {
    c.info.unusable = "shaders cannot be made to keep infinities and NaNs (shaderSignedZeroInfNanPreserveFloat32)";
    return c;
  }
  uint32_t n = 0;
  api.vkGetPhysicalDeviceQueueFamilyProperties(d, &n, nullptr);
  std::vector<VkQueueFamilyProperties> families(n);
  api.vkGetPhysicalDeviceQueueFamilyProperties(d, &n, families.data());
  // A compute queue, preferring one without graphics (often a dedicated engine).
  int best = -1;
  for (uint32_t i = 0; i < n; ++i) {
    if (!(families[i].queueFlags & VK_QUEUE_COMPUTE_BIT)) continue;
    if (best < 0 || (!(families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) &&
                     (families[best].queueFlags & VK_QUEUE_GRAPHICS_BIT)))
      best = (int)i;
  }
  if (best < 0) {
    c.info.unusable = "no compute queue";
    return c;
  }
  c.queueFamily = (uint32_t)best;
  c.info.usable = true;
  return c;
}

std::string createInstance(vk::Api &api, VkInstance &instance) {
  if (std::string e = api.loadLoader(); !e.empty()) return e;
  uint32_t version = VK_API_VERSION_1_0;
  if (api.vkEnumerateInstanceVersion) api.vkEnumerateInstanceVersion(&version);
  if (VK_API_VERSION_MINOR(version) < 2 && VK_API_VERSION_MAJOR(version) == 1)
    return "the Vulkan loader supports only Vulkan 1." + std::to_string(VK_API_VERSION_MINOR(version)) +
           "; 1.2 is required";
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "runmat";
  app.pEngineName = "runmatc";
  app.apiVersion = VK_API_VERSION_1_2;
  VkInstanceCreateInfo ci{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  ci.pApplicationInfo = &app;
  VkResult r = api.vkCreateInstance(&ci, nullptr, &instance);
  if (r != VK_SUCCESS) return std::string("vkCreateInstance failed: ") + vk::resultName(r);
  return api.loadInstance(instance);
}

std::vector<Candidate> candidates(const vk::Api &api, VkInstance instance) {
  uint32_t n = 0;
  api.vkEnumeratePhysicalDevices(instance, &n, nullptr);
  std::vector<VkPhysicalDevice> devices(n);
  api.vkEnumeratePhysicalDevices(instance, &n, devices.data());
  std::vector<Candidate> out;
  for (VkPhysicalDevice d : devices) out.push_back(describe(api, d));
  return out;
}

} // namespace

GpuFaults GpuFaults::fromEnvironment() {
  GpuFaults f;
  const char *env = std::getenv("RUNMAT_GPU_FAULT");
  if (!env) return f;
  std::string s = env;
  f.noLoader = s == "no-loader";
  f.noDevice = s == "no-device";
  f.pipeline = s == "pipeline";
  f.noFloat64 = s == "no-float64";
  if (s.rfind("oom@", 0) == 0) f.oomAt = std::atol(s.c_str() + 4);
  if (s.rfind("lost@", 0) == 0) f.lostAt = std::atol(s.c_str() + 5);
  return f;
}

std::vector<GpuDeviceInfo> GpuDevice::enumerate(std::string &error) {
  vk::Api api;
  VkInstance instance = VK_NULL_HANDLE;
  std::vector<GpuDeviceInfo> out;
  error = createInstance(api, instance);
  if (!error.empty()) return out;
  for (const Candidate &c : candidates(api, instance)) out.push_back(c.info);
  api.vkDestroyInstance(instance, nullptr);
  return out;
}

GpuDevice *GpuDevice::acquire(std::string &error) {
  // Never destroyed: at process exit drivers tear themselves down in their
  // own exit handlers, and destroying the device after that crashes (seen
  // with NVIDIA's driver). Runs save the pipeline cache as they end.
  static std::mutex mutex;
  static GpuDevice *device = nullptr;
  static std::string failure;
  static bool tried = false;
  std::lock_guard<std::mutex> lock(mutex);
  if (!tried) {
    tried = true;
    auto *d = new GpuDevice();
    const auto started = std::chrono::steady_clock::now();
    failure = d->create();
    d->startSeconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (failure.empty()) device = d;
    else delete d;
  }
  error = failure;
  return device;
}

std::string GpuDevice::create() {
  faults_ = GpuFaults::fromEnvironment();
  if (faults_.noLoader) return "no Vulkan loader (RUNMAT_GPU_FAULT=no-loader)";
  if (std::string e = createInstance(api_, instance_); !e.empty()) return e;
  std::vector<Candidate> all = candidates(api_, instance_);
  if (faults_.noDevice) all.clear();
  std::vector<const Candidate *> usable;
  for (const Candidate &c : all)
    if (c.info.usable) usable.push_back(&c);
  if (usable.empty()) {
    std::string why = all.empty() ? "the Vulkan loader reports no device" : "no usable Vulkan device:";
    for (const Candidate &c : all) why += " " + c.info.name + " (" + c.info.unusable + ")";
    return why;
  }
  const Candidate *chosen = nullptr;
  if (const char *want = std::getenv("RUNMAT_DEVICE"); want && *want) {
    char *end = nullptr;
    long index = std::strtol(want, &end, 10);
    if (*end == 0 && index >= 0 && (size_t)index < all.size()) {
      chosen = &all[(size_t)index];
      if (!chosen->info.usable) return "RUNMAT_DEVICE=" + std::string(want) + " names " + chosen->info.name +
                                        ", which cannot run kernels: " + chosen->info.unusable;
    } else {
      for (const Candidate *c : usable)
        if (lower(c->info.name).find(lower(want)) != std::string::npos) {
          chosen = c;
          break;
        }
    }
    if (!chosen) {
      std::string names;
      for (size_t i = 0; i < all.size(); ++i) names += (i ? ", " : "") + std::to_string(i) + ": " + all[i].info.name;
      return "RUNMAT_DEVICE=" + std::string(want) + " matches no Vulkan device (" + names + ")";
    }
  } else {
    chosen = *std::min_element(usable.begin(), usable.end(), [](const Candidate *a, const Candidate *b) {
      return preference(a->type) < preference(b->type);
    });
  }
  physical_ = chosen->device;
  info_ = chosen->info;
  if (faults_.noFloat64) info_.float64 = false;
  queueFamily_ = chosen->queueFamily;

  VkPhysicalDeviceProperties props{};
  api_.vkGetPhysicalDeviceProperties(physical_, &props);
  limits_ = props.limits;
  VkPhysicalDeviceSubgroupProperties sg{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
  VkPhysicalDeviceProperties2 p2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &sg};
  api_.vkGetPhysicalDeviceProperties2(physical_, &p2);
  subgroupSize_ = std::max<uint32_t>(1, sg.subgroupSize);
  workgroupSize_ = std::min<uint32_t>(256, limits_.maxComputeWorkGroupInvocations);
  if (const char *wg = std::getenv("RUNMAT_GPU_WORKGROUP")) {
    long v = std::atol(wg);
    if (v >= 32 && v <= (long)limits_.maxComputeWorkGroupInvocations && (v & (v - 1)) == 0) {
      workgroupSize_ = (uint32_t)v;
      workgroupForced_ = true;
    }
  }
  if (info_.type == "cpu") {
    computeUnits_ = {std::max(1u, std::thread::hardware_concurrency()), "this machine's threads"};
  } else {
    computeUnits_ = probeComputeUnits(api_, physical_, 128);
  }

  uint32_t n = 0;
  api_.vkGetPhysicalDeviceQueueFamilyProperties(physical_, &n, nullptr);
  std::vector<VkQueueFamilyProperties> families(n);
  api_.vkGetPhysicalDeviceQueueFamilyProperties(physical_, &n, families.data());
  timestampBits_ = limits_.timestampComputeAndGraphics || (families[queueFamily_].queueFlags & VK_QUEUE_COMPUTE_BIT)
                       ? families[queueFamily_].timestampValidBits
                       : 0;

  VkPhysicalDeviceMemoryProperties mem{};
  api_.vkGetPhysicalDeviceMemoryProperties(physical_, &mem);
  for (uint32_t i = 0; i < mem.memoryTypeCount; ++i) {
    VkMemoryPropertyFlags f = mem.memoryTypes[i].propertyFlags;
    if (deviceType_ < 0 && (f & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT)) deviceType_ = (int)i;
    bool hv = (f & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (f & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    bool cached = f & VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
    if (hv && (hostType_ < 0 || (cached && !hostCached_))) {
      hostType_ = (int)i;
      hostCached_ = cached;
    }
  }
  if (deviceType_ < 0) deviceType_ = hostType_;
  if (deviceType_ < 0 || hostType_ < 0) return info_.name + " has no host-visible memory";
  deviceMemoryBytes_ = mem.memoryHeaps[mem.memoryTypes[deviceType_].heapIndex].size;

  // Enable what the device has of what kernels may use.
  VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  VkPhysicalDeviceFeatures2 supported{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};
  api_.vkGetPhysicalDeviceFeatures2(physical_, &supported);
  VkPhysicalDeviceVulkan12Features e12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
  e12.bufferDeviceAddress = VK_TRUE;
  e12.shaderInt8 = f12.shaderInt8;
  e12.storageBuffer8BitAccess = f12.storageBuffer8BitAccess;
  VkPhysicalDeviceFeatures2 enabled{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &e12};
  enabled.features.shaderFloat64 = supported.features.shaderFloat64;
  enabled.features.shaderInt64 = supported.features.shaderInt64;
  // Tensor cores for gram_split16.comp: the extension, its feature and half
  // arithmetic.
  tensorCores_ = probeTensorCores(api_, physical_, subgroupSize_);
  VkPhysicalDeviceCooperativeMatrixFeaturesNV coop{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_COOPERATIVE_MATRIX_FEATURES_NV};
  const char *extensions[] = {VK_NV_COOPERATIVE_MATRIX_EXTENSION_NAME};
  if (tensorCores_.usable()) {
    coop.cooperativeMatrix = VK_TRUE;
    e12.shaderFloat16 = VK_TRUE;
    e12.pNext = &coop;
  }
  float priority = 1.0f;
  VkDeviceQueueCreateInfo q{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  q.queueFamilyIndex = queueFamily_;
  q.queueCount = 1;
  q.pQueuePriorities = &priority;
  VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &enabled};
  dci.queueCreateInfoCount = 1;
  dci.pQueueCreateInfos = &q;
  if (tensorCores_.usable()) dci.enabledExtensionCount = 1, dci.ppEnabledExtensionNames = extensions;
  VkResult r = api_.vkCreateDevice(physical_, &dci, nullptr, &device_);
  if (r != VK_SUCCESS) return "vkCreateDevice failed on " + info_.name + ": " + vk::resultName(r);
  if (std::string e = api_.loadDevice(device_); !e.empty()) return e;
  api_.vkGetDeviceQueue(device_, queueFamily_, 0, &queue_);

  VkPushConstantRange range{VK_SHADER_STAGE_COMPUTE_BIT, 0, 8};
  VkPipelineLayoutCreateInfo lci{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
  lci.pushConstantRangeCount = 1;
  lci.pPushConstantRanges = &range;
  r = api_.vkCreatePipelineLayout(device_, &lci, nullptr, &layout_);
  if (r != VK_SUCCESS) return std::string("vkCreatePipelineLayout failed: ") + vk::resultName(r);

  // The pipeline cache persisted per device and driver.
  {
    char key[96];
    std::snprintf(key, sizeof key, "%04x-%04x-%08x-%016llx", info_.vendorId, info_.deviceId, info_.driverVersion,
                  (unsigned long long)fnv1a(props.pipelineCacheUUID, VK_UUID_SIZE));
    identityKey_ = key;
  }
  std::string dir = cacheFolder();
  std::vector<char> initial;
  if (!dir.empty()) {
    char name[160];
    std::snprintf(name, sizeof name, "/pipelines-%04x-%04x-%08x-%016llx.bin", info_.vendorId, info_.deviceId,
                  info_.driverVersion, (unsigned long long)fnv1a(props.pipelineCacheUUID, VK_UUID_SIZE));
    cachePath_ = dir + name;
    std::ifstream in(cachePath_, std::ios::binary);
    if (in) initial.assign(std::istreambuf_iterator<char>(in), {});
  }
  VkPipelineCacheCreateInfo pci{VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO};
  pci.initialDataSize = initial.size();
  pci.pInitialData = initial.empty() ? nullptr : initial.data();
  if (api_.vkCreatePipelineCache(device_, &pci, nullptr, &cache_) != VK_SUCCESS) {
    pci.initialDataSize = 0; // a corrupt file: start afresh
    pci.pInitialData = nullptr;
    api_.vkCreatePipelineCache(device_, &pci, nullptr, &cache_);
  }
  cacheSizeLoaded_ = initial.size();
  pool_ = new GpuBufferPool(*this);
  return "";
}

GpuDevice::~GpuDevice() {
  if (device_) {
    api_.vkDeviceWaitIdle(device_);
    savePipelineCache();
    delete pool_;
    for (auto &[key, p] : pipelines_) api_.vkDestroyPipeline(device_, p, nullptr);
    if (cache_) api_.vkDestroyPipelineCache(device_, cache_, nullptr);
    if (layout_) api_.vkDestroyPipelineLayout(device_, layout_, nullptr);
    api_.vkDestroyDevice(device_, nullptr);
  }
  if (instance_) api_.vkDestroyInstance(instance_, nullptr);
}

VkResult GpuDevice::submit(VkCommandBuffer cmd, VkFence fence) {
  std::lock_guard<std::mutex> lock(queueMutex_);
  if (lost_) return VK_ERROR_DEVICE_LOST;
  if (faults_.lostAt && ++submissions_ >= faults_.lostAt) {
    lost_ = true;
    return VK_ERROR_DEVICE_LOST;
  }
  VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  si.commandBufferCount = 1;
  si.pCommandBuffers = &cmd;
  VkResult r = api_.vkQueueSubmit(queue_, 1, &si, fence);
  if (r == VK_ERROR_DEVICE_LOST) lost_ = true;
  return r;
}

VkPipeline GpuDevice::pipeline(const uint32_t *words, size_t count, const std::vector<uint32_t> &spec,
                               std::string &error) {
  uint64_t key = fnv1a(words, count * 4);
  key = fnv1a(spec.data(), spec.size() * 4, key);
  {
    std::unique_lock<std::mutex> lock(pipelineMutex_);
    for (;;) {
      if (auto it = pipelines_.find(key); it != pipelines_.end()) return it->second;
      if (!building_.count(key)) break;
      pipelineBuilt_.wait(lock);
    }
    building_.insert(key);
  }
  VkPipeline p = build(words, count, spec, error);
  std::lock_guard<std::mutex> lock(pipelineMutex_);
  building_.erase(key);
  if (p) {
    cacheDirty_ = true;
    pipelines_[key] = p;
  }
  pipelineBuilt_.notify_all();
  return p;
}

VkPipeline GpuDevice::build(const uint32_t *words, size_t count, const std::vector<uint32_t> &spec,
                            std::string &error) {
  if (faults_.pipeline) {
    error = "the driver refused the shader (RUNMAT_GPU_FAULT=pipeline)";
    return VK_NULL_HANDLE;
  }
  VkShaderModuleCreateInfo smci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
  smci.codeSize = count * 4;
  smci.pCode = words;
  VkShaderModule module = VK_NULL_HANDLE;
  VkResult r = api_.vkCreateShaderModule(device_, &smci, nullptr, &module);
  if (r != VK_SUCCESS) {
    error = std::string("vkCreateShaderModule failed: ") + vk::resultName(r);
    return VK_NULL_HANDLE;
  }
  std::vector<VkSpecializationMapEntry> entries;
  for (uint32_t i = 0; i < spec.size(); ++i) entries.push_back({i, i * 4, 4});
  VkSpecializationInfo si{(uint32_t)entries.size(), entries.data(), spec.size() * 4, spec.data()};
  VkComputePipelineCreateInfo ci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
  ci.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
  ci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
  ci.stage.module = module;
  ci.stage.pName = "main";
  ci.stage.pSpecializationInfo = spec.empty() ? nullptr : &si;
  ci.layout = layout_;
  VkPipeline p = VK_NULL_HANDLE;
  r = api_.vkCreateComputePipelines(device_, cache_, 1, &ci, nullptr, &p);
  api_.vkDestroyShaderModule(device_, module, nullptr);
  if (r != VK_SUCCESS) {
    error = std::string("the driver refused the shader: vkCreateComputePipelines returned ") + vk::resultName(r);
    return VK_NULL_HANDLE;
  }
  return p;
}

void GpuDevice::savePipelineCache() {
  std::lock_guard<std::mutex> lock(pipelineMutex_);
  if (!cacheDirty_ || cachePath_.empty() || !cache_) return;
  size_t size = 0;
  if (api_.vkGetPipelineCacheData(device_, cache_, &size, nullptr) != VK_SUCCESS || size == 0) return;
  std::vector<char> data(size);
  if (api_.vkGetPipelineCacheData(device_, cache_, &size, data.data()) != VK_SUCCESS) return;
  std::string error;
  if (!writeCacheFile(cachePath_, std::string(data.data(), size), error)) return;
  cacheDirty_ = false;
}

} // namespace runmat::rt
