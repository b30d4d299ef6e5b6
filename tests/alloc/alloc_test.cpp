// The right-hand side is evaluated hundreds of times per run: it must not allocate.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "clustersim/core/model.hpp"
#include "core/support.hpp"

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
// The nothrow forms too (Catch allocates its test invokers with them): a partial replacement pairs
// the library's nothrow new with the free() below, which AddressSanitizer reports as an
// alloc-dealloc mismatch.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return operator new(size, tag);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

using namespace clustersim;

TEST_CASE("the right-hand side allocates nothing, ramps included", "[alloc]") {
  const Model model(test::rich_spec());
  Dynamics dynamics(model);
  Eigen::VectorXd x = model.initial_state(Eigen::VectorXd::LinSpaced(6, 100, 3000));
  Eigen::VectorXd dxdt(x.size());
  // A segment inside the floor-lever ramp (2026 - 2027.5), so ramp updates run too.
  dynamics.begin_segment(2026.0, 2027.0);
  dynamics(x, dxdt, 2026.0);  // warm-up
  const long before = g_allocations.load();
  for (int k = 0; k < 1000; ++k) dynamics(x, dxdt, 2026.0 + k * 1e-3);
  CHECK(g_allocations.load() - before == 0);
  // The counter itself works.
  auto* probe = new double[4];
  delete[] probe;
  CHECK(g_allocations.load() - before == 1);
}
