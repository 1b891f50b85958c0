#include "runmat/support/LargeStack.h"

#include <exception>
#include <pthread.h>

namespace runmat {

namespace {

struct Job {
  const std::function<void()> *work;
  std::exception_ptr error;
};

void *runJob(void *p) {
  Job *job = static_cast<Job *>(p);
  try {
    (*job->work)();
  } catch (...) {
    job->error = std::current_exception();
  }
  return nullptr;
}

} // namespace

void runWithLargeStack(const std::function<void()> &work, std::size_t stackBytes) {
  Job job{&work, nullptr};
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0;
  if (started) {
    started = pthread_attr_setstacksize(&attr, stackBytes) == 0 &&
              pthread_create(&thread, &attr, runJob, &job) == 0;
    pthread_attr_destroy(&attr);
  }
  if (!started) {
    work();
    return;
  }
  pthread_join(thread, nullptr);
  if (job.error) std::rethrow_exception(job.error);
}

} // namespace runmat
