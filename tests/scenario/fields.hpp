// The number of fields of an aggregate, for tests that must fail when a struct gains a field that
// a serialisation does not carry yet (T{f, f, ...} compiles for up to that many initialisers).
#pragma once

#include <cstddef>
#include <utility>

namespace clustersim::test {

struct AnyField {
  template <class T>
  operator T() const;  // never defined: only used in unevaluated contexts
};

template <class T, std::size_t... I>
constexpr bool brace_initialisable(std::index_sequence<I...>) {
  return requires { T{(static_cast<void>(I), AnyField{})...}; };
}

template <class T, std::size_t N = 0>
constexpr std::size_t field_count() {
  if constexpr (N > 64) {
    return 0;
  } else if constexpr (brace_initialisable<T>(std::make_index_sequence<N + 1>{})) {
    return field_count<T, N + 1>();
  } else {
    return N;
  }
}

}  // namespace clustersim::test
