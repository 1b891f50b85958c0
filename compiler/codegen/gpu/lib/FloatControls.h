// MATLAB arithmetic needs IEEE infinities and NaNs (0/0 is NaN, x*0 is NaN
// for infinite x), which SPIR-V does not promise by default: SPIRV-Tools'
// optimizer folds 0/x and x*0 to 0, and drivers may do the same. Declaring
// the SignedZeroInfNanPreserve execution mode (SPIR-V 1.4 core, Vulkan
// 1.2's float controls) forbids both.
#pragma once

#include <cstdint>
#include <vector>

namespace runmat::codegen {

// Adds the capability and the execution mode for 32-bit floats, and for
// 64-bit floats when the module uses them, to a module with one entry point.
void preserveInfNan(std::vector<uint32_t> &words);

} // namespace runmat::codegen
