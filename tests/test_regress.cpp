// symkit: sanitize-subset
// Exact GP regression: hand-computed posteriors, the minimum-norm fallback against an
// independent pseudo-inverse, the paper's convention, leave-out and symmetrised errors, and
// every bad input.
#include <gtest/gtest.h>

#include <Eigen/SVD>
#include <cmath>
#include <random>
#include <string>

#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/regress/gp.hpp"

namespace {

using namespace symkit;
using regress::Index;
using regress::Method;

Mat<double> mat(std::initializer_list<std::initializer_list<double>> rows) {
  Mat<double> m(static_cast<Index>(rows.size()), static_cast<Index>(rows.begin()->size()));
  Index i = 0;
  for (auto& r : rows) {
    Index j = 0;
    for (double v : r) m(i, j++) = v;
    ++i;
  }
  return m;
}

Vec<double> vec(std::initializer_list<double> v) {
  Vec<double> x(static_cast<Index>(v.size()));
  Index i = 0;
  for (double a : v) x(i++) = a;
  return x;
}

TEST(Regress, HandTwoByTwoPosterior) {
  // K = [[2,1],[1,2]], K^-1 = (1/3)[[2,-1],[-1,2]], y = (1,-1): K^-1 y = (1,-1).
  // k* = (1, 1/2): mean = 1 - 1/2 = 1/2; K^-1 k* = (1/2, 0): variance = 2 - 1/2 = 3/2.
  const auto post =
      regress::posterior<double>(mat({{2, 1}, {1, 2}}), mat({{1}, {0.5}}), vec({1, -1}), vec({2}));
  EXPECT_EQ(post.method, Method::Cholesky);
  EXPECT_NEAR(post.mean(0), 0.5, 1e-15);
  EXPECT_NEAR(post.variance(0), 1.5, 1e-15);
  // Ridge 1: (K + I)^-1 = (1/8)[[3,-1],[-1,3]], (K + I)^-1 y = (1/2,-1/2): mean = 1/4;
  // (K + I)^-1 k* = (1/8)(2.5, 0.5): variance = 2 - (2.5 + 0.25)/8 = 2 - 11/32.
  regress::Options<double> opt;
  opt.ridge = 1.0;
  const auto pr = regress::posterior<double>(mat({{2, 1}, {1, 2}}), mat({{1}, {0.5}}), vec({1, -1}),
                                             vec({2}), opt);
  EXPECT_NEAR(pr.mean(0), 0.25, 1e-15);
  EXPECT_NEAR(pr.variance(0), 2.0 - 11.0 / 32.0, 1e-15);
  EXPECT_EQ(pr.ridge, 1.0);
}

TEST(Regress, HandTwoByTwoAtFiftyDigits) {
  // K = [[3,1],[1,2]] (det 5), y = (1, 0), k* = (0, 1): K^-1 y = (2/5, -1/5), mean = -1/5;
  // K^-1 k* = (-1/5, 3/5): variance = 1 - 3/5 = 2/5.
  Mat<mp50> K(2, 2), Kc(2, 1);
  K << 3, 1, 1, 2;
  Kc << 0, 1;
  Vec<mp50> y(2), prior(1);
  y << 1, 0;
  prior << 1;
  const auto post = regress::posterior<mp50>(K, Kc, y, prior);
  EXPECT_LT(abs(post.mean(0) + mp50(1) / 5), mp50("1e-48"));
  EXPECT_LT(abs(post.variance(0) - mp50(2) / 5), mp50("1e-48"));
}

TEST(Regress, SingularKernelUsesMinimumNormFallback) {
  // K = [[1,1],[1,1]] is singular; K^+ = K/4, so K^+ (1, 0) = (1/4, 1/4) and k* = (1, 1)
  // predicts 1/2.
  const auto post = regress::posterior<double>(mat({{1, 1}, {1, 1}}), mat({{1}, {1}}), vec({1, 0}));
  EXPECT_EQ(post.method, Method::CompleteOrthogonal);
  EXPECT_NEAR(post.mean(0), 0.5, 1e-14);
}

TEST(Regress, RankDeficientMatchesIndependentPseudoInverse) {
  // K = B B^T with B 9 x 3 of small integers (so K is exactly rank 3 in floating point).
  // Compare with the SVD pseudo-inverse written here, and with a vanishing ridge in long double.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> g;
  std::uniform_int_distribution<int> u(-3, 3);
  Mat<double> B(9, 3);
  for (Index i = 0; i < B.size(); ++i) B(i) = u(rng);
  const Mat<double> Kfull = B * B.transpose();
  const Mat<double> K = Kfull.topLeftCorner(7, 7), Kc = Kfull.block(0, 7, 7, 2);
  Vec<double> y(7);
  for (Index i = 0; i < 7; ++i) y(i) = g(rng);
  Eigen::JacobiSVD<Mat<double>> svd(K, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const auto& s = svd.singularValues();
  Mat<double> Kp = Mat<double>::Zero(7, 7);
  for (Index i = 0; i < 7; ++i)
    if (s(i) > 1e-10 * s(0)) Kp += svd.matrixV().col(i) * svd.matrixU().col(i).transpose() / s(i);
  const Vec<double> expect = Kc.transpose() * Kp * y;
  const auto post = regress::posterior<double>(K, Kc, y);
  EXPECT_EQ(post.method, Method::CompleteOrthogonal);
  for (Index j = 0; j < 2; ++j)
    EXPECT_NEAR(post.mean(j), expect(j), 1e-9 * (1 + std::abs(expect(j))));
  // The ridge -> 0 limit: at sigma^2 = 1e-10 in long double the ridged answer is within ~1e-9.
  regress::Options<long double> opt;
  opt.ridge = 1e-10L;
  const auto pl = regress::posterior<long double>(K.cast<long double>(), Kc.cast<long double>(),
                                                  y.cast<long double>(), Vec<long double>(), opt);
  EXPECT_EQ(pl.method, Method::Cholesky);
  for (Index j = 0; j < 2; ++j)
    EXPECT_NEAR(static_cast<double>(pl.mean(j)), expect(j), 1e-7 * (1 + std::abs(expect(j))));
}

TEST(Regress, PaperConventionAddsTraceRidgeAndUsesLeastSquares) {
  // K = [[2,1],[1,2]]: trace 4, paper ridge 4e-10 (+ explicit 0.5). Closed form of the mean
  // with r = 0.5 + 4e-10: (K + rI)^-1 y for y = (1,-1) is (1,-1)/(1 + r), k* = (1, 0.5).
  regress::Options<double> opt;
  opt.convention = regress::Convention::Paper;
  opt.ridge = 0.5;
  const auto post = regress::posterior<double>(mat({{2, 1}, {1, 2}}), mat({{1}, {0.5}}),
                                               vec({1, -1}), Vec<double>(), opt);
  const double r = 0.5 + 4e-10;
  EXPECT_DOUBLE_EQ(post.ridge, r);
  EXPECT_EQ(post.method, Method::CompleteOrthogonal);
  EXPECT_NEAR(post.mean(0), 0.5 / (1 + r), 1e-14);
  EXPECT_STREQ(regress::to_string(regress::Convention::Paper), "paper");
  EXPECT_STREQ(regress::to_string(Method::CompleteOrthogonal), "complete-orthogonal");
}

TEST(Regress, KernelSolverSolvesSeveralRightHandSides) {
  const Mat<double> K = mat({{4, 1, 0}, {1, 3, 1}, {0, 1, 2}});
  regress::KernelSolver<double> s(K);
  Mat<double> B = mat({{1, 0}, {2, 1}, {3, -1}});
  const Mat<double> X = s.solve(B);
  EXPECT_LT((K * X - B).cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_EQ(s.size(), 3);
  EXPECT_EQ(s.method(), Method::Cholesky);
  regress::KernelSolver<double> moved = std::move(s);
  EXPECT_LT((K * moved.solve(Vec<double>(B.col(0))) - B.col(0)).cwiseAbs().maxCoeff(), 1e-14);
  iotest::expect_error<InputError>([&] { moved.solve(Mat<double>(Mat<double>::Ones(2, 1))); },
                                   {"2 rows"});
}

TEST(Regress, LeaveOutRemovesRowsAndColumns) {
  // 4-point kernel; leaving out {3, 1} must equal the posterior from the hand-built sub-blocks
  // (training points 0, 2; test points in the given order 3, 1).
  const Mat<double> K = mat({{3, 1, 0.5, 0.2}, {1, 3, 1, 0.5}, {0.5, 1, 3, 1}, {0.2, 0.5, 1, 3}});
  const Vec<double> y = vec({1, -1, 1, -1});
  const auto lo = regress::leave_out<double>(K, y, {3, 1});
  // Training [[3, .5], [.5, 3]] (det 8.75), labels (1, 1): alpha = (1, 1)/3.5.
  // Test 3: k = (0.2, 1): mean = 1.2/3.5.  Test 1: k = (1, 1): mean = 2/3.5.
  EXPECT_NEAR(lo.mean(0), 1.2 / 3.5, 1e-15);
  EXPECT_NEAR(lo.mean(1), 2.0 / 3.5, 1e-15);
  EXPECT_EQ(lo.label(0), -1);
  EXPECT_EQ(lo.label(1), -1);
  EXPECT_NEAR(lo.abs_error(0), 1 + 1.2 / 3.5, 1e-15);
  // Variance of test 3: 3 - k^T Kt^-1 k, Kt^-1 = [[3,-.5],[-.5,3]]/8.75.
  const double v3 = 3 - (3 * 0.04 - 2 * 0.5 * 0.2 * 1 + 3 * 1) / 8.75;
  EXPECT_NEAR(lo.variance(0), v3, 1e-14);
  EXPECT_EQ(lo.indices, (std::vector<Index>{3, 1}));
}

TEST(Regress, SymmetrisedErrorAveragesBothOrbits) {
  const Mat<double> K = mat({{3, 1, 0.5}, {1, 3, 1}, {0.5, 1, 2}});
  const Vec<double> y = vec({1, -1, 1});
  // Leave out 0: train {1,2} [[3,1],[1,2]] (det 5), y (-1, 1): alpha = (-3, 4)/5;
  // k = (1, 0.5): mean = (-3 + 2)/5 = -0.2, error 1.2.
  // Leave out 1: train {0,2} [[3,.5],[.5,2]] (det 5.75), y (1,1): alpha = (1.5, 2.5)/5.75;
  // k = (1, 1): mean = 4/5.75, error 1 + 4/5.75.
  const auto s = regress::symmetrised_error<double>(K, y);
  EXPECT_NEAR(s.mean_a, -0.2, 1e-15);
  EXPECT_NEAR(s.error_a, 1.2, 1e-15);
  EXPECT_NEAR(s.error_b, 1 + 4 / 5.75, 1e-15);
  EXPECT_NEAR(s.error, (1.2 + 1 + 4 / 5.75) / 2, 1e-15);
  // Configurable indices: (2, 1).
  const auto s2 = regress::symmetrised_error<double>(K, y, 2, 1);
  EXPECT_NEAR(s2.error_b, 1 + 4 / 5.75, 1e-15);
}

TEST(Regress, InterleavedLabels) {
  const Vec<double> y = regress::interleaved_labels<double>(5);
  EXPECT_EQ(y, vec({1, -1, 1, -1, 1}));
  iotest::expect_error<UsageError>([] { regress::interleaved_labels<double>(-1); }, {"-1"});
}

TEST(Regress, BadInputsAreTypedAndNamed) {
  const Mat<double> K = mat({{2, 1}, {1, 2}});
  const Vec<double> y = vec({1, -1});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(mat({{1, 2, 3}, {4, 5, 6}}), mat({{1}, {1}}), y);
      },
      {"not square (2x3)"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(Mat<double>(0, 0), mat({{1}, {1}}), y);
      },
      {"empty"});
  Mat<double> nan = K;
  nan(1, 0) = std::nan("");
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(nan, mat({{1}, {1}}), y);
      },
      {"entry (1, 0) is nan"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(mat({{2, 1}, {1.1, 2}}), mat({{1}, {1}}), y);
      },
      {"not symmetric"});
  regress::Options<double> neg;
  neg.ridge = -1e-3;
  iotest::expect_error<UsageError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {1}}), y, Vec<double>(), neg);
      },
      {"-0.001"});
  neg.ridge = std::numeric_limits<double>::infinity();
  iotest::expect_error<UsageError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {1}}), y, Vec<double>(), neg);
      },
      {"inf"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {1}, {1}}), y);
      },
      {"cross kernel has 3 rows"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {1}}), vec({1, 2, 3}));
      },
      {"3 entries"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {1}}), vec({1, std::nan("")}));
      },
      {"label 1 is nan"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {std::nan("")}}), y);
      },
      {"cross kernel entry (1, 0)"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {1}}), y, vec({1, 2}));
      },
      {"test prior variances have 2"});
  iotest::expect_error<InputError>(
      [&] {
        regress::posterior<double>(K, mat({{1}, {1}}), y, vec({std::nan("")}));
      },
      {"test prior variance 0 is nan"});
  const Mat<double> K3 = mat({{3, 1, 0.5}, {1, 3, 1}, {0.5, 1, 2}});
  const Vec<double> y3 = vec({1, -1, 1});
  iotest::expect_error<UsageError>([&] { regress::leave_out<double>(K3, y3, {3}); },
                                   {"index 3 out of range [0, 3)"});
  iotest::expect_error<UsageError>([&] { regress::leave_out<double>(K3, y3, {-1}); }, {"index -1"});
  iotest::expect_error<UsageError>(
      [&] {
        regress::leave_out<double>(K3, y3, {1, 1});
      },
      {"index 1 repeated"});
  iotest::expect_error<UsageError>([&] { regress::leave_out<double>(K3, y3, {}); }, {"no point"});
  iotest::expect_error<UsageError>(
      [&] {
        regress::leave_out<double>(K3, y3, {0, 1, 2});
      },
      {"leaves no training point"});
  iotest::expect_error<InputError>([&] { regress::leave_out<double>(K3, y, {0}); }, {"2 entries"});
  iotest::expect_error<UsageError>([&] { regress::symmetrised_error<double>(K3, y3, 1, 1); },
                                   {"two different indices"});
  iotest::expect_error<UsageError>([&] { regress::symmetrised_error<double>(K3, y3, 0, 5); },
                                   {"index 5"});
}

}  // namespace
