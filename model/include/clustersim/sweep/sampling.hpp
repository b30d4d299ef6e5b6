// The designs that sample uncertain inputs: plain Monte Carlo, Latin hypercube and Sobol
// low-discrepancy points in the unit cube (mapped through each input's inverse distribution
// function by the engine), with rank correlations imposed by Iman and Conover's method.
// Every design is generated up front from its seed alone, so results never depend on threads.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clustersim/sweep/distributions.hpp"

namespace clustersim::sweep {

enum class Sampler { MonteCarlo, LatinHypercube, Sobol };
std::string_view sampler_name(Sampler s);                    // "mc", "lhs", "sobol"
std::optional<Sampler> parse_sampler(std::string_view name);  // inverse of sampler_name

// n x d points strictly inside the unit cube, a function of (sampler, n, d, seed) only.
// MonteCarlo: mt19937_64. LatinHypercube: one point in each of the n strata of every column,
// strata in independent random orders, uniform within the stratum. Sobol: Boost.Random's
// sobol engine (which skips the origin) with a random digital shift drawn from the seed (each
// coordinate's 64 bits XOR-ed with one random word per dimension), which keeps the net
// structure and makes seeds give different sequences.
Eigen::MatrixXd unit_sample(Sampler s, Eigen::Index n, int d, std::uint64_t seed);

// Iman–Conover: reorder each column of `sample` so that its Spearman rank correlation approaches
// `rank_correlation` (d x d, symmetric, unit diagonal, positive definite; std::invalid_argument
// otherwise). Columns stay permutations of themselves, so the marginals do not change.
void impose_rank_correlation(Eigen::MatrixXd& sample, const Eigen::MatrixXd& rank_correlation,
                             std::uint64_t seed);

// Spearman rank correlation matrix of the columns (average ranks for ties).
Eigen::MatrixXd spearman(const Eigen::MatrixXd& sample);

}  // namespace clustersim::sweep
