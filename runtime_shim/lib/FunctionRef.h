// A reference to a callable, for parameters called during the call only:
// unlike std::function it never allocates (each launch passes two lambdas).
#pragma once

#include <type_traits>
#include <utility>

namespace runmat::rt {

template <typename Signature> class FunctionRef;

template <typename R, typename... Args> class FunctionRef<R(Args...)> {
public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef>>>
  FunctionRef(F &&f) // NOLINT: converts from any callable, as std::function does
      : object_((void *)&f), call_([](void *o, Args... a) -> R { return (*(std::remove_reference_t<F> *)o)(std::forward<Args>(a)...); }) {}
  R operator()(Args... a) const { return call_(object_, std::forward<Args>(a)...); }

private:
  void *object_;
  R (*call_)(void *, Args...);
};

} // namespace runmat::rt
