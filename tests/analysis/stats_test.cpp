// The statistics checked against values worked out by hand (z = 1.959964, z^2 = 3.841459).
#include "analysis/stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace candor {
namespace {

TEST(Wilson, ZeroOfTenHasUpperBoundZSquaredOverNPlusZSquared) {
  // k = 0: centre = half-width = (z^2/2n) / (1 + z^2/n), so lo = 0 and
  // hi = (z^2/n) / (1 + z^2/n) = z^2 / (n + z^2) = 3.841459 / 13.841459 = 0.277533.
  const Interval w = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(w.lo, 0.0);
  EXPECT_NEAR(w.hi, 0.277533, 1e-6);
}

TEST(Wilson, FiveOfTenIsSymmetricAroundOneHalf) {
  // p = 0.5, n = 10: denominator 1 + z^2/10 = 1.384146; centre = (0.5 + 0.192073) / 1.384146
  // = 0.5; half-width = z * sqrt(0.25/10 + z^2/400) / 1.384146 = 1.959964 * sqrt(0.025 +
  // 0.009604) / 1.384146 = 1.959964 * 0.186021 / 1.384146 = 0.263407.
  const Interval w = wilson_interval(5, 10);
  EXPECT_NEAR(w.lo, 0.236593, 1e-6);
  EXPECT_NEAR(w.hi, 0.763407, 1e-6);
}

TEST(Wilson, EightOfTenIsPulledTowardOneHalf) {
  // p = 0.8: centre = (0.8 + 0.192073) / 1.384146 = 0.716740; half-width =
  // 1.959964 * sqrt(0.016 + 0.009604) / 1.384146 = 1.959964 * 0.160012 / 1.384146 = 0.226578.
  const Interval w = wilson_interval(8, 10);
  EXPECT_NEAR(w.lo, 0.490162, 1e-6);
  EXPECT_NEAR(w.hi, 0.943318, 1e-6);
}

TEST(Wilson, AllOfTenReachesExactlyOne) {
  // Mirror of 0/10: lo = 1 - 0.277533 = 0.722467, hi = 1.
  const Interval w = wilson_interval(10, 10);
  EXPECT_NEAR(w.lo, 0.722467, 1e-6);
  EXPECT_DOUBLE_EQ(w.hi, 1.0);
}

TEST(Wilson, NoObservationsGivesTheWholeUnitInterval) {
  const Interval w = wilson_interval(0, 0);
  EXPECT_EQ(w.lo, 0.0);
  EXPECT_EQ(w.hi, 1.0);
}

TEST(McNemar, OneAgainstSixIsOneEighth) {
  // n = 7 discordant: P(X <= 1) = (C(7,0) + C(7,1)) / 2^7 = (1 + 7) / 128; doubled = 16/128.
  EXPECT_NEAR(mcnemar_exact_p(1, 6), 0.125, 1e-12);
  EXPECT_NEAR(mcnemar_exact_p(6, 1), 0.125, 1e-12);
}

TEST(McNemar, ZeroAgainstFiveIsOneSixteenth) {
  // 2 * C(5,0) / 2^5 = 2/32.
  EXPECT_NEAR(mcnemar_exact_p(0, 5), 0.0625, 1e-12);
}

TEST(McNemar, ZeroAgainstTenIsBelowOnePercent) {
  // 2 / 2^10 = 0.001953125.
  EXPECT_NEAR(mcnemar_exact_p(0, 10), 0.001953125, 1e-12);
}

TEST(McNemar, BalancedDiscordanceIsCappedAtOne) {
  // 2 * (1 + 6 + 15 + 20) / 64 = 84/64 > 1, capped.
  EXPECT_EQ(mcnemar_exact_p(3, 3), 1.0);
  EXPECT_EQ(mcnemar_exact_p(0, 0), 1.0);
}

TEST(McNemar, TwoAgainstTwelveMatchesTheBinomialTail) {
  // n = 14: (C(14,0) + C(14,1) + C(14,2)) / 2^14 = (1 + 14 + 91) / 16384 = 106/16384;
  // doubled = 212/16384 = 0.0129394531.
  EXPECT_NEAR(mcnemar_exact_p(2, 12), 212.0 / 16384.0, 1e-12);
}

TEST(Permutation, ThreeEqualDifferencesHaveOneQuarter) {
  // d = (1, 1, 1), observed |sum| = 3. Of the 8 sign assignments only +++ and --- reach 3.
  const std::vector<double> d{1, 1, 1};
  EXPECT_DOUBLE_EQ(permutation_p(d, 1), 0.25);
}

TEST(Permutation, ExactCountIncludesTies) {
  // d = (1, 2, 3), observed sum 6. Sums of the 8 assignments: +1+2+3 = 6, -1+2+3 = 4,
  // +1-2+3 = 2, -1-2+3 = 0, +1+2-3 = 0, -1+2-3 = -2, +1-2-3 = -4, -1-2-3 = -6:
  // |sum| >= 6 twice, p = 2/8. With d = (1, 2, 3, -0.5): observed |5.5|; the assignments with
  // |sum| >= 5.5 are +1+2+3 with either sign of 0.5 (6.5, 5.5) and their mirrors: 4 of 16.
  const std::vector<double> a{1, 2, 3};
  EXPECT_DOUBLE_EQ(permutation_p(a, 1), 0.25);
  const std::vector<double> b{1, 2, 3, -0.5};
  EXPECT_DOUBLE_EQ(permutation_p(b, 1), 0.25);
}

TEST(Permutation, ZerosAreIgnoredAndAllZeroGivesOne) {
  // (1, 1, 1, 0, 0): the zeros change no sum, so p is that of (1, 1, 1): 2/8.
  const std::vector<double> d{1, 1, 1, 0, 0};
  EXPECT_DOUBLE_EQ(permutation_p(d, 1), 0.25);
  const std::vector<double> z{0, 0};
  EXPECT_EQ(permutation_p(z, 1), 1.0);
}

TEST(Permutation, TwentyOneEqualDifferencesUseSeededDraws) {
  // m = 21 > 20: Monte Carlo. Exact p = 2 / 2^21 (about 1e-6), so with 20,000 draws the chance
  // of any hit is about 0.02; for this fixed seed there is none and p = (1 + 0) / (1 + 20000).
  const std::vector<double> d(21, 1.0);
  EXPECT_NEAR(permutation_p(d, 7, 20000), 1.0 / 20001.0, 1e-15);
  EXPECT_EQ(permutation_p(d, 7, 20000), permutation_p(d, 7, 20000));
}

TEST(Permutation, MonteCarloAgreesWithTheBinomialValueWithinItsError) {
  // d = fifteen +1 and six -1 (m = 21, so seeded draws): observed |S| = 9. A random assignment
  // has S = 2K - 21 with K ~ Binomial(21, 1/2), so p = P(K >= 15) + P(K <= 6)
  // = 2 * (C(21,0) + ... + C(21,6)) / 2^21 = 2 * (1 + 21 + 210 + 1330 + 5985 + 20349 + 54264)
  // / 2097152 = 2 * 82160 / 2097152 = 0.078354. Standard error with 20,000 draws: 0.0019.
  std::vector<double> d(15, 1.0);
  d.insert(d.end(), 6, -1.0);
  const double exact = 2.0 * 82160 / 2097152;
  const double se = std::sqrt(exact * (1 - exact) / 20000);
  const double p1 = permutation_p(d, 1, 20000), p2 = permutation_p(d, 2, 20000);
  EXPECT_NEAR(p1, exact, 4 * se);
  EXPECT_NEAR(p2, exact, 4 * se);
  EXPECT_NE(p1, p2);                            // different seeds draw differently
  EXPECT_EQ(p1, permutation_p(d, 1, 20000));  // the same seed draws the same
}

TEST(Bootstrap, ConstantDifferencesGiveADegenerateInterval) {
  const std::vector<double> d{0.4, 0.4, 0.4, 0.4};
  const Interval i = bootstrap_mean_interval(d, 3);
  EXPECT_NEAR(i.lo, 0.4, 1e-12);
  EXPECT_NEAR(i.hi, 0.4, 1e-12);
}

TEST(Bootstrap, IntervalIsReproducibleAndBracketsTheMean) {
  // d = (0, 1) repeated 10 times: mean 0.5; each resample mean is Binomial(20, 1/2)/20 with
  // sd sqrt(0.25/20) = 0.1118, so the 95% interval is about 0.5 +- 0.22.
  std::vector<double> d;
  for (int i = 0; i < 10; ++i) {
    d.push_back(0);
    d.push_back(1);
  }
  const Interval a = bootstrap_mean_interval(d, 11), b = bootstrap_mean_interval(d, 11);
  EXPECT_EQ(a.lo, b.lo);
  EXPECT_EQ(a.hi, b.hi);
  EXPECT_NEAR(a.lo, 0.28, 0.06);
  EXPECT_NEAR(a.hi, 0.72, 0.06);
}

TEST(Newcombe, UnpairedMatchesNewcombesPublishedExample) {
  // Newcombe (1998a), example (e): 56/70 - 48/80 = 0.2, method 10: 0.0524 to 0.3339.
  // By hand: Wilson(56/70) = (0.691834, 0.876953), Wilson(48/80) = (0.490455, 0.700382);
  // lo = 0.2 - sqrt((0.8 - 0.691834)^2 + (0.700382 - 0.6)^2) = 0.2 - 0.147569 = 0.052431;
  // hi = 0.2 + sqrt((0.876953 - 0.8)^2 + (0.6 - 0.490455)^2) = 0.2 + 0.133873 = 0.333873.
  const Interval i = newcombe_unpaired_interval(56, 70, 48, 80);
  EXPECT_NEAR(i.lo, 0.052431, 1e-5);
  EXPECT_NEAR(i.hi, 0.333873, 1e-5);
}

TEST(Newcombe, PairedUsesThePhiCorrelation) {
  // Fagerland et al. (2014) example (Bentur et al.): both = 1, only1 = 1, only2 = 7, neither =
  // 12; n = 21. p1 = 2/21 = 0.095238, p2 = 8/21 = 0.380952, difference -0.285714.
  // Wilson(2/21) = (0.026519, 0.289141); Wilson(8/21) = (0.207510, 0.591213).
  // phi = (1*12 - 1*7) / sqrt(2*19*8*13) = 5 / 62.8649 = 0.079536.
  // A = p1 - l1 = 0.068719, B = u2 - p2 = 0.210261, C = u1 - p1 = 0.193903,
  // E = p2 - l2 = 0.173442.
  // lo = -0.285714 - sqrt(A^2 - 2 phi A B + B^2) = -0.285714 - sqrt(0.004722 - 0.002299 +
  //      0.044210) = -0.285714 - 0.215948 = -0.501663;
  // hi = -0.285714 + sqrt(C^2 - 2 phi C E + E^2) = -0.285714 + sqrt(0.037598 - 0.005350 +
  //      0.030082) = -0.285714 + 0.249662 = -0.036053.
  const Interval i = newcombe_paired_interval(1, 1, 7, 12);
  EXPECT_NEAR(i.lo, -0.501663, 1e-5);
  EXPECT_NEAR(i.hi, -0.036053, 1e-5);
}

}  // namespace
}  // namespace candor
