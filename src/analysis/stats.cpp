#include "analysis/stats.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>
#include <vector>

namespace candor {
namespace {

// An index in [0, n) from 64 random bits (Lemire's multiply-shift; the bias is below 2^-40 for
// the n used here, and unlike std::uniform_int_distribution it is the same everywhere).
uint64_t below(std::mt19937_64& rng, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

// Sums are compared with a tolerance so that floating-point noise in equal sums counts as a tie.
constexpr double kTieEps = 1e-9;

}  // namespace

Interval wilson_interval(int64_t k, int64_t n, double z) {
  if (n <= 0) return {0, 1};
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double denom = 1 + z2 / nn;
  const double center = (p + z2 / (2 * nn)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
  // At k == 0 and k == n the bounds are exactly 0 and 1; clamp away rounding.
  return {k == 0 ? 0.0 : std::max(0.0, center - half), k == n ? 1.0 : std::min(1.0, center + half)};
}

double mcnemar_exact_p(int64_t b, int64_t c) {
  const int64_t n = b + c;
  if (n <= 0) return 1;
  const int64_t m = std::min(b, c);
  // sum_{i<=m} C(n,i) / 2^n, in logs so that large n neither overflows nor underflows early.
  double tail = 0;
  for (int64_t i = 0; i <= m; ++i) {
    const double log_term = std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) -
                            static_cast<double>(n) * std::log(2.0);
    tail += std::exp(log_term);
  }
  return std::min(1.0, 2 * tail);
}

double permutation_p(std::span<const double> d, uint64_t seed, int draws) {
  std::vector<double> nz;
  for (double x : d) {
    if (std::fabs(x) > kTieEps) nz.push_back(x);
  }
  if (nz.empty()) return 1;
  double observed = 0;
  for (double x : nz) observed += x;
  observed = std::fabs(observed);
  const size_t m = nz.size();
  if (m <= 20) {
    // Walk all assignments in Gray-code order: each step flips one sign, so the sum updates in
    // O(1); rounding drift over 2^20 steps stays far below kTieEps.
    const uint64_t total = uint64_t{1} << m;
    uint64_t hits = 0;
    double s = 0;
    for (double x : nz) s += x;
    std::vector<bool> flipped(m, false);
    for (uint64_t step = 0; step < total; ++step) {
      if (step > 0) {
        const int i = std::countr_zero(step);
        s += flipped[i] ? 2 * nz[i] : -2 * nz[i];
        flipped[i] = !flipped[i];
      }
      if (std::fabs(s) >= observed - kTieEps) ++hits;
    }
    return static_cast<double>(hits) / static_cast<double>(total);
  }
  std::mt19937_64 rng(seed);
  int64_t hits = 0;
  for (int r = 0; r < draws; ++r) {
    double s = 0;
    uint64_t bits = 0;
    for (size_t i = 0; i < m; ++i) {
      if (i % 64 == 0) bits = rng();
      s += (bits >> (i % 64) & 1) ? -nz[i] : nz[i];
    }
    if (std::fabs(s) >= observed - kTieEps) ++hits;
  }
  return (1.0 + static_cast<double>(hits)) / (1.0 + draws);
}

Interval bootstrap_mean_interval(std::span<const double> d, uint64_t seed, int reps) {
  if (d.empty()) return {0, 0};
  const size_t n = d.size();
  std::mt19937_64 rng(seed);
  std::vector<double> means(static_cast<size_t>(std::max(reps, 1)));
  for (double& mean : means) {
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += d[below(rng, n)];
    mean = s / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  // Percentiles 2.5 and 97.5 by linear interpolation between order statistics.
  auto quantile = [&](double q) {
    const double pos = q * static_cast<double>(means.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, means.size() - 1);
    return means[lo] + (means[hi] - means[lo]) * (pos - static_cast<double>(lo));
  };
  return {quantile(0.025), quantile(0.975)};
}

Interval newcombe_paired_interval(int64_t both, int64_t only1, int64_t only2, int64_t neither) {
  const int64_t n = both + only1 + only2 + neither;
  if (n <= 0) return {-1, 1};
  const double nn = static_cast<double>(n);
  const int64_t k1 = both + only1, k2 = both + only2;
  const double p1 = k1 / nn, p2 = k2 / nn;
  const Interval w1 = wilson_interval(k1, n), w2 = wilson_interval(k2, n);
  const double margins = static_cast<double>(k1) * static_cast<double>(n - k1) *
                         static_cast<double>(k2) * static_cast<double>(n - k2);
  const double phi =
      margins > 0 ? (static_cast<double>(both) * static_cast<double>(neither) -
                     static_cast<double>(only1) * static_cast<double>(only2)) /
                        std::sqrt(margins)
                  : 0.0;
  const double a = p1 - w1.lo, b = w2.hi - p2, c = w1.hi - p1, e = p2 - w2.lo;
  const double delta = std::sqrt(std::max(0.0, a * a - 2 * phi * a * b + b * b));
  const double eps = std::sqrt(std::max(0.0, c * c - 2 * phi * c * e + e * e));
  const double diff = p1 - p2;
  return {std::max(-1.0, diff - delta), std::min(1.0, diff + eps)};
}

Interval newcombe_unpaired_interval(int64_t k1, int64_t n1, int64_t k2, int64_t n2) {
  if (n1 <= 0 || n2 <= 0) return {-1, 1};
  const double p1 = static_cast<double>(k1) / static_cast<double>(n1);
  const double p2 = static_cast<double>(k2) / static_cast<double>(n2);
  const Interval w1 = wilson_interval(k1, n1), w2 = wilson_interval(k2, n2);
  const double diff = p1 - p2;
  const double delta = std::sqrt((p1 - w1.lo) * (p1 - w1.lo) + (w2.hi - p2) * (w2.hi - p2));
  const double eps = std::sqrt((w1.hi - p1) * (w1.hi - p1) + (p2 - w2.lo) * (p2 - w2.lo));
  return {std::max(-1.0, diff - delta), std::min(1.0, diff + eps)};
}

}  // namespace candor
