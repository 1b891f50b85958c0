// See FloatControls.h. Edits the binary glslang produced: GLSL has no way
// to ask for the mode at more than one width.
#include "FloatControls.h"

#include <stdexcept>

namespace runmat::codegen {

namespace {
constexpr uint32_t kOpCapability = 17, kOpEntryPoint = 15, kOpExecutionMode = 16;
constexpr uint32_t kCapabilityFloat64 = 10, kCapabilitySignedZeroInfNanPreserve = 4466;
constexpr uint32_t kModeSignedZeroInfNanPreserve = 4461;
constexpr size_t kHeaderWords = 5;

uint32_t instruction(uint32_t words, uint32_t opcode) { return words << 16 | opcode; }
} // namespace

void preserveInfNan(std::vector<uint32_t> &words) {
  size_t lastCapability = 0, lastMode = 0;
  uint32_t entry = 0;
  bool float64 = false, done = false;
  for (size_t i = kHeaderWords; i < words.size();) {
    uint32_t count = words[i] >> 16, opcode = words[i] & 0xffffu;
    if (count == 0 || i + count > words.size()) throw std::runtime_error("malformed SPIR-V module");
    if (opcode == kOpCapability) {
      lastCapability = i + count;
      float64 |= words[i + 1] == kCapabilityFloat64;
      done |= words[i + 1] == kCapabilitySignedZeroInfNanPreserve;
    } else if (opcode == kOpEntryPoint) {
      entry = words[i + 2];
      lastMode = i + count;
    } else if (opcode == kOpExecutionMode) {
      lastMode = i + count;
    }
    i += count;
  }
  if (done) return;
  if (lastCapability == 0 || lastMode == 0) throw std::runtime_error("SPIR-V module without an entry point");
  std::vector<uint32_t> modes;
  for (uint32_t width : float64 ? std::vector<uint32_t>{32, 64} : std::vector<uint32_t>{32})
    modes.insert(modes.end(), {instruction(4, kOpExecutionMode), entry, kModeSignedZeroInfNanPreserve, width});
  // The later position first, so the earlier one stays valid.
  words.insert(words.begin() + (std::ptrdiff_t)lastMode, modes.begin(), modes.end());
  words.insert(words.begin() + (std::ptrdiff_t)lastCapability,
               {instruction(2, kOpCapability), kCapabilitySignedZeroInfNanPreserve});
}

} // namespace runmat::codegen
