// The statistics behind candor's analysis, as plain functions of counts and samples. Every
// random procedure takes its seed and uses a generator whose output is fixed by the C++ standard
// (std::mt19937_64, with no std:: distributions), so results are identical on every platform.
#pragma once

#include <cstdint>
#include <span>

namespace candor {

struct Interval {
  double lo = 0, hi = 0;
};

// The two-sided standard normal quantile for 95% intervals.
inline constexpr double kZ95 = 1.959963984540054;

// Wilson score interval for a binomial proportion k/n; [0, 1] when n == 0.
Interval wilson_interval(int64_t k, int64_t n, double z = kZ95);

// Two-sided exact McNemar test: with b and c the discordant counts, the binomial probability of
// a split at least as uneven as min(b, c) : max(b, c) under p = 1/2, doubled and capped at 1.
// 1 when b + c == 0.
double mcnemar_exact_p(int64_t b, int64_t c);

// Two-sided sign-flip permutation test of "the paired differences `d` are symmetric around 0":
// the share of sign assignments whose |sum| is at least the observed |sum|. Exact (all 2^m
// assignments of the m non-zero differences) when m <= 20; otherwise `draws` random assignments
// from `seed`, reported as (1 + hits) / (1 + draws). 1 when every difference is 0.
double permutation_p(std::span<const double> d, uint64_t seed, int draws = 20000);

// Percentile bootstrap interval (95%) of the mean of `d`: `reps` resamples with replacement,
// drawn from `seed`. Both ends are the mean when `d` has one element; {0, 0} when empty.
Interval bootstrap_mean_interval(std::span<const double> d, uint64_t seed, int reps = 4000);

// Newcombe's interval (1998, method 10: square-and-add of Wilson intervals with the phi
// correlation, uncorrected as in Fagerland et al. 2014) for p1 - p2 from a paired 2x2 table:
// both = units positive under both conditions, only1 = positive under 1 only, only2 = under 2
// only, neither = under neither.
Interval newcombe_paired_interval(int64_t both, int64_t only1, int64_t only2, int64_t neither);

// Newcombe's hybrid score interval (1998, method 10) for k1/n1 - k2/n2, independent samples.
Interval newcombe_unpaired_interval(int64_t k1, int64_t n1, int64_t k2, int64_t n2);

}  // namespace candor
