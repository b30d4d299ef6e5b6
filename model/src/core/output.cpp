// docs/model.md §3 — capacities and output (E6-E9), and the demand they meet (E3-E4).
//
// Output is the smooth minimum of four limits: what the capital can produce, what the skilled
// staff and the production workers can run (each at the cluster's skill mix), and the demand for
// the cluster's product. Space limits output through capital: capital needs sites (E22), so the
// space capacity (E8, computed with the sites in capital.cpp) is reported but is not a term here.
#include <algorithm>
#include <cmath>

#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

double smooth_min(const double* x, int count, int squarings) {
  double m = x[0];
  for (int j = 1; j < count; ++j) m = std::min(m, x[j]);
  if (squarings < 0 || !(m > 0.0)) return std::max(m, 0.0);
  double sum = 0.0;
  for (int j = 0; j < count; ++j) {
    double r = m / x[j];  // in [0, 1]; 0 for an unlimited (infinite) term
    for (int s = 0; s < squarings; ++s) r *= r;
    sum += r;
  }
  // sum in [1, count]; m * sum^(-1/k) with k = 2^squarings.
  double root = sum;
  for (int s = 0; s < squarings; ++s) root = std::sqrt(root);
  return m / root;
}

namespace {

// One row of smooth_min4_rows with the number of squarings known at compile time, so that the
// squaring and square-root chains unroll.
template <int Squarings>
double smooth_min4(double l0, double l1, double l2, double l3) {
  const double m = std::min(std::min(l0, l1), std::min(l2, l3));
  if (!(m > 0.0)) return std::max(m, 0.0);
  double r0 = m / l0, r1 = m / l1, r2 = m / l2, r3 = m / l3;
  for (int s = 0; s < Squarings; ++s) {
    r0 *= r0;
    r1 *= r1;
    r2 *= r2;
    r3 *= r3;
  }
  double root = (r0 + r1) + (r2 + r3);
  for (int s = 0; s < Squarings; ++s) root = std::sqrt(root);
  return m / root;
}

template <int Squarings>
void smooth_min4_rows(const Eigen::ArrayX4d& limits, Eigen::ArrayXd& out) {
  const double* c0 = limits.col(0).data();
  const double* c1 = limits.col(1).data();
  const double* c2 = limits.col(2).data();
  const double* c3 = limits.col(3).data();
  for (Eigen::Index i = 0; i < limits.rows(); ++i) {
    out(i) = smooth_min4<Squarings>(c0[i], c1[i], c2[i], c3[i]);
  }
}

}  // namespace

void smooth_min4_rows(const Eigen::ArrayX4d& limits, int squarings, Eigen::ArrayX4d& /*work*/,
                      Eigen::ArrayXd& out) {
  // smooth_min's operations with the four terms summed pairwise, one row at a time and with the
  // squarings unrolled: with a few rows, whole-column passes cost more in loop set-up than they
  // save (callgrind, Pingshan's 7 clusters: 1,170 → ~300 instructions per evaluation). Rows are
  // independent, so the processor still overlaps their chains of square roots. The operations
  // and their order are those of the column-wise version: the same result bit for bit.
  switch (squarings) {
    case 0: smooth_min4_rows<0>(limits, out); return;
    case 1: smooth_min4_rows<1>(limits, out); return;
    case 2: smooth_min4_rows<2>(limits, out); return;
    case 3: smooth_min4_rows<3>(limits, out); return;
    case 4: smooth_min4_rows<4>(limits, out); return;
    case 5: smooth_min4_rows<5>(limits, out); return;
    case 6: smooth_min4_rows<6>(limits, out); return;
    default: break;
  }
  for (Eigen::Index i = 0; i < limits.rows(); ++i) {
    if (squarings >= 0) {  // beyond 6 squarings (smooth_min_squarings never gives one)
      const double x[4] = {limits(i, 0), limits(i, 1), limits(i, 2), limits(i, 3)};
      out(i) = smooth_min(x, 4, squarings);
    } else {  // the hard minimum, clipped at zero
      out(i) = std::max(std::min(std::min(limits(i, 0), limits(i, 1)),
                                 std::min(limits(i, 2), limits(i, 3))),
                        0.0);
    }
  }
}

int smooth_min_squarings(double k) {
  if (k == 0.0) return -1;
  for (int s = 1; s <= 6; ++s) {
    if (k == static_cast<double>(1 << s)) return s;
  }
  return -2;
}

void Dynamics::output_sector(const View& v) {
  const int n = n_;
  // E3: local intermediate demand from the buyers' smoothed output (buyers order on recent output,
  // which also avoids an algebraic loop).
  inter_.noalias() =
      model_.intermediate() * Eigen::Map<const Eigen::VectorXd>(v.at(Stock::SmoothedOutput), n);

  const double* market = v.at(Stock::Market);
  const double* share = v.at(Stock::Share);
  const double* capital = v.at(Stock::Capital);
  const double* skilled = v.at(Stock::Skilled);
  const double* workers = v.at(Stock::Workers);
  const double* prod = v.at(Stock::Productivity);
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    const double a = prod[i];
    // E6-E7: capital and labour capacities (relief folded into the coefficients).
    const double cap_k = a * capital[i] * c.inv_kappa_eff;
    const double per_worker = a * c.productivity_eff;
    const double cap_skilled =
        c.skilled_share > 0.0 ? per_worker * skilled[i] * c.inv_skilled_share : kInf;
    const double cap_workers =
        c.skilled_share < 1.0 ? per_worker * workers[i] * c.inv_worker_share : kInf;
    // E4: demand = the cluster's share of its market + local intermediate demand.
    final_demand_(i) = share[i] * market[i] * c.market_scale;
    demand_(i) = (final_demand_(i) + inter_(i)) * c.demand_relief;
    limits_(i, 0) = cap_k;
    limits_(i, 1) = cap_skilled;
    limits_(i, 2) = cap_workers;
    limits_(i, 3) = demand_(i);
    cap_labour_(i) = std::min(cap_skilled, cap_workers);
    potential_(i) = std::min(cap_k, cap_labour_(i));
  }
  // E9: output = output_scale × smooth minimum of the four limits, for all clusters at once.
  smooth_min4_rows(limits_, smin_squarings_, smin_work_, smin_);
  for (int i = 0; i < n; ++i) output_(i) = coef_[i].output_scale * smin_(i);
}

}  // namespace clustersim
