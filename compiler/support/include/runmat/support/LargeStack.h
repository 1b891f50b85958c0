// Runs work on a thread with a large stack. SPIRV-Tools' optimizer recurses
// once per basic block along a chain of blocks (its SSA rewriter), so a
// kernel with a few hundred branches (sibling reductions of many pows) ran
// out of the main thread's 8 MiB and crashed runmatc.
#pragma once

#include <cstddef>
#include <functional>

namespace runmat {

// Calls `work` on a new thread with `stackBytes` of stack (reserved, touched
// only as used) and waits; an exception it throws is rethrown here. Falls
// back to calling it on this thread when no such thread can be started.
void runWithLargeStack(const std::function<void()> &work, std::size_t stackBytes = std::size_t(1) << 30);

} // namespace runmat
