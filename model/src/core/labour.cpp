// docs/model.md §7 — labour: two pools, skilled talent and production workers (E26-E31).
//
// Each cluster needs both at its skill mix: skilled staff (degree holders: engineers, R&D; fed by
// the talent programme and by the market) and production workers (drawn by open positions and
// the region's relative wage). The pools never mix: workers a shrinking cluster lets go return to
// the worker pool, where other clusters can hire them as workers, not as engineers. Employers
// hire for capital in place and for capital about to come on line within the hiring time, not
// for capital still being built, so output cannot rise before its capacity exists.
#include <algorithm>

#include "clustersim/core/model.hpp"
#include "core_detail.hpp"

namespace clustersim {

void Dynamics::labour_sector(const View& v) {
  const int n = n_;
  const double* cap = v.at(Stock::Capital);
  const double* ramp = v.at(Stock::ProjectRamp);
  const double* sl3 = v.at(Stock::Pipeline3);
  const double* g3 = v.at(Stock::PolicyPipeline3);
  const double* skilled = v.at(Stock::Skilled);
  const double* workers = v.at(Stock::Workers);
  const double* prod = v.at(Stock::Productivity);
  const double* earmarked = lever_.col(detail::idx(Lever::Talent)).data();

  double want_skilled = 0.0, want_workers = 0.0, open_skilled = 0.0, open_workers = 0.0;
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    const double a = prod[i];
    // E26: labour plan: the desired capacity, but no more than the capital in place, ramping up
    // or completing within the hiring time can employ.
    const double hire_for = cap[i] + ramp[i] + c.hiring_time * (sl3[i] + g3[i]) * c.stage_rate;
    labour_plan_(i) = std::min(desired_capacity_(i), a * hire_for * c.inv_kappa_eff);
    const double desired = labour_plan_(i) / (a * c.productivity_eff);
    // E27: hiring requests per pool (stock management of labour): replace leavers and close the
    // gap over the hiring time; earmarked talent arrivals fill skilled positions directly.
    att_skilled_(i) = skilled[i] * c.inv_attrition;
    att_workers_(i) = workers[i] * c.inv_attrition;
    req_skilled_(i) = std::max(att_skilled_(i) +
                                   (c.skilled_share * desired - skilled[i]) * c.inv_hiring -
                                   earmarked[i],
                               0.0);
    req_workers_(i) = std::max(
        att_workers_(i) + ((1.0 - c.skilled_share) * desired - workers[i]) * c.inv_hiring, 0.0);
    want_skilled += req_skilled_(i);
    want_workers += req_workers_(i);
    open_skilled += req_skilled_(i) * c.hiring_time;  // open positions
    open_workers += req_workers_(i) * c.hiring_time;
  }

  // E28: each pool fills at most pool / matching time positions a year; when requests exceed
  // that, every cluster gets the same share. (A trial stage of an explicit method can see a
  // slightly negative pool: nobody is hired from it.)
  const double pool_skilled = v.at(RegionStock::SkilledPool);
  const double pool_workers = v.at(RegionStock::WorkerPool);
  const double inv_matching = 1.0 / rp_[detail::idx(RegionParam::TalentMatchingTime)];
  skilled_capacity_ = std::max(pool_skilled, 0.0) * inv_matching;
  worker_capacity_ = std::max(pool_workers, 0.0) * inv_matching;
  const double fill_skilled = want_skilled > skilled_capacity_ ? skilled_capacity_ / want_skilled : 1.0;
  const double fill_workers = want_workers > worker_capacity_ ? worker_capacity_ / want_workers : 1.0;

  double* d_skilled = v.dt(Stock::Skilled);
  double* d_workers = v.dt(Stock::Workers);
  double hired_skilled = 0.0, hired_workers = 0.0, returned_skilled = 0.0, returned_workers = 0.0;
  double exits_skilled = 0.0, exits_workers = 0.0, total_workers = 0.0;
  for (int i = 0; i < n; ++i) {
    const Coefficients& c = coef_[i];
    hires_skilled_(i) = fill_skilled * req_skilled_(i);
    hires_workers_(i) = fill_workers * req_workers_(i);
    // E29: workforce.
    d_skilled[i] = hires_skilled_(i) + earmarked[i] - att_skilled_(i);
    d_workers[i] = hires_workers_(i) - att_workers_(i);
    hired_skilled += hires_skilled_(i);
    hired_workers += hires_workers_(i);
    returned_skilled += c.return_share * att_skilled_(i);
    returned_workers += c.return_share * att_workers_(i);
    exits_skilled += (1.0 - c.return_share) * att_skilled_(i);
    exits_workers += (1.0 - c.return_share) * att_workers_(i);
    total_workers += workers[i];
  }

  // E31: market inflows respond to open positions around their baseline (linear, with the
  // elasticity as slope); production workers also to the relative wage, which follows the wage
  // curve of unplaced workers. Net growth of each labour force is at most a ceiling taken from
  // the region's history.
  const double wage = v.at(RegionStock::WageIndex);
  // The ceilings bound net growth: arrivals at most departures (unplaced leaving + leavers who
  // do not stay) plus the ceiling; the talent programme counts toward the skilled one.
  const double left_skilled = pool_skilled / rp_[detail::idx(RegionParam::TalentLeaveTime)];
  const double left_workers = pool_workers / rp_[detail::idx(RegionParam::WorkerLeaveTime)];
  programme_ = lever_(n, detail::idx(Lever::Talent));
  double earmarked_total = 0.0;
  for (int i = 0; i < n; ++i) earmarked_total += earmarked[i];
  const double skilled_pull = std::max(
      v.at(RegionStock::SkilledInflowRef) +
          v.at(RegionStock::SkilledSlope) * (open_skilled - v.at(RegionStock::SkilledVacancyRef)),
      0.0);
  skilled_inflow_ = std::clamp(left_skilled + exits_skilled +
                                   rp_[detail::idx(RegionParam::SkilledInflowCeiling)] -
                                   programme_ - earmarked_total,
                               0.0, skilled_pull);
  const double worker_pull = std::max(
      v.at(RegionStock::WorkerInflowRef) +
          v.at(RegionStock::WorkerSlope) * (open_workers - v.at(RegionStock::WorkerVacancyRef)),
      0.0);
  const double wage_pull =
      std::max(1.0 + rp_[detail::idx(RegionParam::WorkerWageElasticity)] * (wage - 1.0), 0.0);
  worker_inflow_ = std::min(worker_pull * wage_pull,
                            left_workers + exits_workers +
                                rp_[detail::idx(RegionParam::WorkerInflowCeiling)]);
  const double unplaced_ref = v.at(RegionStock::UnplacedRef);
  const double labour_force = std::max(pool_workers, 0.0) + total_workers;
  const double unplaced = labour_force > detail::kTiny ? std::max(pool_workers, 0.0) / labour_force : 0.0;
  const double wage_target =
      unplaced_ref > detail::kTiny
          ? std::max(1.0 - rp_[detail::idx(RegionParam::WageCurveElasticity)] *
                               (unplaced / unplaced_ref - 1.0),
                     0.0)
          : 1.0;
  v.dt(RegionStock::WageIndex) =
      (wage_target - wage) / rp_[detail::idx(RegionParam::WageAdjustmentTime)];

  // E30: the pools.
  v.dt(RegionStock::SkilledPool) =
      programme_ + skilled_inflow_ + returned_skilled - hired_skilled - left_skilled;
  v.dt(RegionStock::WorkerPool) = worker_inflow_ + returned_workers - hired_workers - left_workers;
  for (const auto s : {RegionStock::SkilledInflowRef, RegionStock::SkilledVacancyRef,
                       RegionStock::SkilledSlope, RegionStock::WorkerInflowRef,
                       RegionStock::WorkerVacancyRef, RegionStock::WorkerSlope,
                       RegionStock::UnplacedRef}) {
    v.dt(s) = 0.0;
  }

  v.dt(RegionStock::CumTalentProgramme) = programme_;
  v.dt(RegionStock::CumSkilledInflow) = skilled_inflow_;
  v.dt(RegionStock::CumWorkerInflow) = worker_inflow_;
  v.dt(RegionStock::CumSkilledReturned) = returned_skilled;
  v.dt(RegionStock::CumWorkersReturned) = returned_workers;
  v.dt(RegionStock::CumSkilledLeft) = left_skilled + exits_skilled;
  v.dt(RegionStock::CumWorkersLeft) = left_workers + exits_workers;
  v.dt(RegionStock::CumSkilledHired) = hired_skilled;
  v.dt(RegionStock::CumWorkersHired) = hired_workers;
}

}  // namespace clustersim
