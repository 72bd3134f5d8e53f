// symkit: sanitize-subset
// Sec. 3.4: pair-averaged spectral error, exact multi-seed regression and one-versus-all spectral
// accuracy, on cases whose answers are known in closed form or computed here independently.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <random>

#include "spectral_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/regress/gp.hpp"
#include "symkit/spectral/block_circulant.hpp"
#include "symkit/spectral/multi_orbit.hpp"

namespace {

using Eigen::Index;
using symkit::Mat;
using symkit::Vec;
using namespace symkit::spectral;
using spectest::dense_leave_out;
using symkit::regress::interleaved_labels;

// Circle dataset (eqs. 4-5) in pose-major two-class order = interleaved A0, B0, A1, B1, ...
template <class T>
Mat<T> circle_kernel(int N, T delta, T L) {
  using std::cos;
  using std::exp;
  using std::sin;
  const T th = T(2) * symkit::pi<T>() / T(N);
  Mat<T> X(2 * N, 3);
  for (int k = 0; k < N; ++k) {
    X.row(2 * k) << delta / T(2), cos(th * T(k)), sin(th * T(k));
    X.row(2 * k + 1) << -delta / T(2), cos(th * (T(k) + T(1) / T(2))),
        sin(th * (T(k) + T(1) / T(2)));
  }
  Mat<T> K(2 * N, 2 * N);
  for (int i = 0; i < 2 * N; ++i)
    for (int j = 0; j < 2 * N; ++j) K(i, j) = exp(-L * L * (X.row(i) - X.row(j)).squaredNorm());
  return K;
}

// eps for the pair kernel I + beta * (constant cross-kernel), u = N beta:
// lambda_0 = 1 + u, lambda_N = 1 - u, all others 1, so
// eps = (1/(1-u)) / ((1/2N)(1/(1+u) + 1/(1-u) + 2N - 2)) = N(1+u) / (1 + (N-1)(1-u^2)).
double eps_closed(int N, double u) { return N * (1 + u) / (1 + (N - 1) * (1 - u * u)); }

// K = I + sum over orbit pairs of different classes of beta_{s s'} on every angle pair.
MultiClassKernel<double> constant_cross_kernel(int C, int M, int N, const Mat<double>& U) {
  MultiClassKernel<double> mk;
  mk.classes = C;
  mk.seeds = M;
  mk.angles = N;
  const int S = C * M;
  mk.K = Mat<double>::Identity(N * S, N * S);
  for (int k = 0; k < N; ++k)
    for (int kp = 0; kp < N; ++kp)
      for (int s = 0; s < S; ++s)
        for (int sp = 0; sp < S; ++sp)
          if (s / M != sp / M) mk.K(k * S + s, kp * S + sp) += U(s, sp) / N;
  return mk;
}

TEST(MultiOrbit, OneSeedPerClassIsTheSinglePair) {
  for (int N : {3, 8, 16})
    for (double delta : {0.2, 1.0}) {
      SCOPED_TRACE(testing::Message() << "N=" << N << " delta=" << delta);
      MultiClassKernel<double> mk;
      mk.classes = 2;
      mk.seeds = 1;
      mk.angles = N;
      mk.K = circle_kernel<double>(N, delta, 1.3);
      const Mat<double> P = pair_kernel(mk, 0, 0, 1, 0);
      EXPECT_EQ((P - mk.K).cwiseAbs().maxCoeff(), 0.0);
      const double ridge = 1e-9;
      const PairSpectral<double> ps = pair_spectral(P, ridge);
      EXPECT_LE(ps.defect, 1e-14);
      // Independent: leave out point 0 (an A point) of the 2N dataset.
      const Vec<double> y = interleaved_labels<double>(2 * N);
      const double mu0 = dense_leave_out<double>(mk.K, y, {0}, ridge)(0);
      EXPECT_NEAR(ps.error, 1 - mu0, 1e-8 * std::max(1.0, std::abs(mu0)));
      EXPECT_NEAR(ps.prediction, mu0, 1e-8 * std::max(1.0, std::abs(mu0)));
      EXPECT_NEAR(pair_averaged_spectral_error(mk, 0, 1, ridge), ps.error, 1e-15);
      for (ExactMethod m : {ExactMethod::Auto, ExactMethod::Dense}) {
        ExactOptions<double> opt;
        opt.ridge = ridge;
        opt.method = m;
        const MultiSeedExact<double> ex = exact_multi_seed_error(mk, 0, 1, opt);
        EXPECT_EQ(ex.used_block_solver, m == ExactMethod::Auto);
        EXPECT_NEAR(ex.error_a, 1 - mu0, 1e-8);
        EXPECT_NEAR(ex.error_b, 1 - mu0, 1e-8);  // shift symmetry
        EXPECT_NEAR(ex.symmetrised, ps.error, 1e-8);
        ASSERT_EQ(ex.mean_a.rows(), N);
        ASSERT_EQ(ex.mean_a.cols(), 1);
        // Every angle gives the same prediction.
        EXPECT_LE((ex.mean_a.array() - mu0).abs().maxCoeff(), 1e-8);
        EXPECT_LE((ex.mean_b.array() + mu0).abs().maxCoeff(), 1e-8);
      }
    }
}

TEST(MultiOrbit, IdenticalSeedsActLikeOnePairWithSmallerRidge) {
  // M identical copies of each orbit with ridge r: the posterior mean is that of one copy with
  // ridge r / M. Every pair has the same spectral error as the single pair with ridge r.
  const int N = 6, M = 3;
  const double ridge = 0.05;
  const Mat<double> P = circle_kernel<double>(N, 0.5, 1.0);
  MultiClassKernel<double> mk;
  mk.classes = 2;
  mk.seeds = M;
  mk.angles = N;
  const int S = 2 * M;
  mk.K.resize(N * S, N * S);
  for (int k = 0; k < N; ++k)
    for (int kp = 0; kp < N; ++kp)
      for (int s = 0; s < S; ++s)
        for (int sp = 0; sp < S; ++sp)
          mk.K(k * S + s, kp * S + sp) = P(2 * k + s / M, 2 * kp + sp / M);
  const Vec<double> y = interleaved_labels<double>(2 * N);
  const double mu_single = dense_leave_out<double>(P, y, {0}, ridge / M)(0);
  const MultiSeedExact<double> ex = exact_multi_seed_error<double>(mk, 0, 1, {ridge});
  EXPECT_TRUE(ex.used_block_solver);
  EXPECT_NEAR(ex.error_a, 1 - mu_single, 1e-10);
  EXPECT_NEAR(ex.symmetrised, 1 - mu_single, 1e-10);
  const double mu_pair = dense_leave_out<double>(P, y, {0}, ridge)(0);
  const Mat<double> E = pair_spectral_errors(mk, 0, 1, ridge);
  EXPECT_LE((E.array() - (1 - mu_pair)).abs().maxCoeff(), 1e-10);
  // The two differ: the duplicated dataset is not the single pair.
  EXPECT_GT(std::abs(mu_single - mu_pair), 1e-4);
}

TEST(MultiOrbit, DecoupledPairsClosedForm) {
  // Seed i of class A interacts only with seed i of class B (u_i = N beta_i): the regression splits
  // into M pair regressions, exact = mean_i eps(u_i); the pair average also counts the M^2 - M
  // non-interacting pairs, whose error is exactly 1 (prediction 0).
  const int N = 5, M = 3;
  const double u[M] = {-0.6, 0.3, -0.9};
  Mat<double> U = Mat<double>::Zero(2 * M, 2 * M);
  for (int i = 0; i < M; ++i) U(i, M + i) = U(M + i, i) = u[i];
  const MultiClassKernel<double> mk = constant_cross_kernel(2, M, N, U);
  double exact = 0, spec = 0;
  for (int i = 0; i < M; ++i) exact += eps_closed(N, u[i]) / M;
  spec = (exact * M + (M * M - M)) / (M * M);
  EXPECT_NEAR(pair_averaged_spectral_error(mk, 0, 1), spec, 1e-12);
  const Mat<double> E = pair_spectral_errors(mk, 0, 1);
  for (int a = 0; a < M; ++a)
    for (int b = 0; b < M; ++b) EXPECT_NEAR(E(a, b), a == b ? eps_closed(N, u[a]) : 1.0, 1e-12);
  for (ExactMethod m : {ExactMethod::Auto, ExactMethod::Dense, ExactMethod::BlockCirculant}) {
    ExactOptions<double> opt;
    opt.method = m;
    const MultiSeedExact<double> ex = exact_multi_seed_error(mk, 0, 1, opt);
    EXPECT_NEAR(ex.error_a, exact, 1e-12);
    EXPECT_NEAR(ex.error_b, exact, 1e-12);
    EXPECT_NEAR(ex.symmetrised, exact, 1e-12);
    for (int i = 0; i < M; ++i) EXPECT_NEAR(ex.mean_a(2, i), 1 - eps_closed(N, u[i]), 1e-12);
  }
}

TEST(MultiOrbit, CoupledBlockCirculantAgainstIndependentDense) {
  // All cross-class pairs interact: compare with regressions done here, one per left-out angle.
  const int N = 4, M = 2, S = 2 * M;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> uni(-0.4, 0.4);
  Mat<double> U = Mat<double>::Zero(S, S);
  for (int s = 0; s < M; ++s)
    for (int sp = M; sp < S; ++sp) U(s, sp) = U(sp, s) = uni(rng);
  const MultiClassKernel<double> mk = constant_cross_kernel(2, M, N, U);
  Vec<double> y(N * S);
  for (int k = 0; k < N; ++k)
    for (int s = 0; s < S; ++s) y(k * S + s) = s < M ? 1.0 : -1.0;
  double ea = 0, eb = 0;
  for (int k = 0; k < N; ++k) {
    std::vector<Index> Pa, Pb;
    for (int m = 0; m < M; ++m) {
      Pa.push_back(k * S + m);
      Pb.push_back(k * S + M + m);
    }
    ea += (1 - dense_leave_out<double>(mk.K, y, Pa, 0.0).array()).abs().sum();
    eb += (-1 - dense_leave_out<double>(mk.K, y, Pb, 0.0).array()).abs().sum();
  }
  ea /= N * M;
  eb /= N * M;
  for (ExactMethod m : {ExactMethod::Auto, ExactMethod::Dense}) {
    ExactOptions<double> opt;
    opt.method = m;
    const MultiSeedExact<double> ex = exact_multi_seed_error(mk, 0, 1, opt);
    EXPECT_NEAR(ex.error_a, ea, 1e-12);
    EXPECT_NEAR(ex.error_b, eb, 1e-12);
    EXPECT_NEAR(ex.symmetrised, (ea + eb) / 2, 1e-12);
  }
}

TEST(MultiOrbit, ClassOrderInsideTheMultiClassKernel) {
  // Classes 2 and 0 of a three-class set: the sub-kernel must pick the right orbits.
  const int N = 4, M = 2, C = 3, S = C * M;
  Mat<double> U = Mat<double>::Zero(S, S);
  auto set = [&](int s, int sp, double v) { U(s, sp) = U(sp, s) = v; };
  set(4, 0, -0.7);  // class 2 seed 0 vs class 0 seed 0
  set(5, 1, 0.4);   // class 2 seed 1 vs class 0 seed 1
  set(2, 4, 0.9);   // class 1 is a distractor
  const MultiClassKernel<double> mk = constant_cross_kernel(C, M, N, U);
  const Mat<double> E = pair_spectral_errors(mk, 2, 0);
  EXPECT_NEAR(E(0, 0), eps_closed(N, -0.7), 1e-12);
  EXPECT_NEAR(E(1, 1), eps_closed(N, 0.4), 1e-12);
  EXPECT_NEAR(E(0, 1), 1.0, 1e-12);
  const MultiSeedExact<double> ex = exact_multi_seed_error<double>(mk, 2, 0);
  EXPECT_NEAR(ex.error_a, (eps_closed(N, -0.7) + eps_closed(N, 0.4)) / 2, 1e-12);
}

TEST(MultiOrbit, OneVersusAllKnownSigns) {
  const int N = 4, M = 3, C = 3, S = C * M;
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> uni(-0.9, 0.6);
  Mat<double> U = Mat<double>::Zero(S, S);
  for (int s = 0; s < S; ++s)
    for (int sp = s + 1; sp < S; ++sp)
      if (s / M != sp / M) U(s, sp) = U(sp, s) = uni(rng);
  const MultiClassKernel<double> mk = constant_cross_kernel(C, M, N, U);
  const OneVersusAll<double> r = one_versus_all_spectral_accuracy(mk, 0.0);
  ASSERT_EQ(r.prediction.rows(), S);
  ASSERT_EQ(r.prediction.cols(), C);
  int n_correct = 0;
  double mean = 0;
  for (int c = 0; c < C; ++c) {
    int ok = 0;
    for (int m = 0; m < M; ++m) {
      const int s = c * M + m;
      bool all = true;
      for (int cp = 0; cp < C; ++cp) {
        if (cp == c) {
          EXPECT_EQ(r.prediction(s, cp), 0.0);
          continue;
        }
        double e = 0;
        for (int b = 0; b < M; ++b) e += eps_closed(N, U(s, cp * M + b)) / M;
        EXPECT_NEAR(r.prediction(s, cp), 1 - e, 1e-12);
        if (!(1 - e > 0)) all = false;
      }
      EXPECT_EQ(r.correct[s] != 0, all) << "orbit " << s;
      ok += all;
    }
    EXPECT_DOUBLE_EQ(r.per_class[c], double(ok) / M);
    mean += double(ok) / M / C;
    n_correct += ok;
  }
  EXPECT_DOUBLE_EQ(r.mean, mean);
  // The case is informative: some orbits right, some wrong.
  EXPECT_GT(n_correct, 0);
  EXPECT_LT(n_correct, S);
}

TEST(MultiOrbit, OneVersusAllAllCorrectAndAllWrong) {
  const int N = 6, M = 2, C = 4, S = C * M;
  for (double u : {-0.5, 0.5}) {
    Mat<double> U = Mat<double>::Zero(S, S);
    for (int s = 0; s < S; ++s)
      for (int sp = 0; sp < S; ++sp)
        if (s / M != sp / M) U(s, sp) = u;
    const OneVersusAll<double> r =
        one_versus_all_spectral_accuracy(constant_cross_kernel(C, M, N, U), 0.0);
    // eps(-0.5) = 6*0.5/(1+5*0.75) < 1 (right), eps(0.5) = 9/4.75 > 1 (wrong).
    EXPECT_DOUBLE_EQ(r.mean, u < 0 ? 1.0 : 0.0);
    EXPECT_NEAR(r.prediction(3, 0), 1 - eps_closed(N, u), 1e-12);
  }
}

TEST(MultiOrbit, RankDeficientPairLimits) {
  // Constant pair kernel: only lambda_0 survives, lambda_N vanishes: eps = 2N / (2N - 1).
  const int N = 5;
  EXPECT_NEAR(pair_spectral<double>(Mat<double>::Ones(2 * N, 2 * N)).error, 2.0 * N / (2 * N - 1),
              1e-14);
  // Kernel v v^T with v alternating: only lambda_N survives: eps = 0 (exact prediction).
  Vec<double> v = interleaved_labels<double>(2 * N);
  const PairSpectral<double> p = pair_spectral<double>(v * v.transpose());
  EXPECT_EQ(p.error, 0.0);
  EXPECT_EQ(p.prediction, 1.0);
  // With a ridge the ordinary formula: lambda_N = 2N + r, others r.
  const double r = 0.3;
  const double expect = (1 / (2 * N + r)) / ((1 / (2 * N + r) + (2 * N - 1) / r) / (2 * N));
  EXPECT_NEAR(pair_spectral<double>(v * v.transpose(), r).error, expect, 1e-14);
}

TEST(MultiOrbit, ApproximatelyBlockCirculant) {
  const int N = 4, M = 2;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> uni(-0.3, 0.3);
  Mat<double> U = Mat<double>::Zero(2 * M, 2 * M);
  for (int s = 0; s < M; ++s)
    for (int sp = M; sp < 2 * M; ++sp) U(s, sp) = U(sp, s) = uni(rng);
  MultiClassKernel<double> mk = constant_cross_kernel(2, M, N, U);
  const double exact_circ = exact_multi_seed_error<double>(mk, 0, 1).symmetrised;
  // Perturb symmetrically, off block-circulant form.
  Mat<double> E = Mat<double>::Zero(mk.K.rows(), mk.K.cols());
  E(0, 5) = E(5, 0) = 0.02;
  mk.K += E;
  ExactOptions<double> opt;
  const MultiSeedExact<double> a = exact_multi_seed_error(mk, 0, 1, opt);
  EXPECT_FALSE(a.used_block_solver);
  EXPECT_GT(a.block_defect, 1e-3);
  opt.method = ExactMethod::BlockCirculant;
  EXPECT_THROW(exact_multi_seed_error(mk, 0, 1, opt), symkit::InputError);
  opt.method = ExactMethod::Circularised;
  const MultiSeedExact<double> c = exact_multi_seed_error(mk, 0, 1, opt);
  EXPECT_TRUE(c.used_block_solver);
  EXPECT_GT(std::abs(a.symmetrised - exact_circ), 1e-6);
  EXPECT_GT(std::abs(c.symmetrised - a.symmetrised), 1e-8);
  // The circularised answer is the dense regression on the block-circularised kernel.
  MultiClassKernel<double> circ = mk;
  circ.K = block_circularize<double>(mk.K, N).dense();
  opt.method = ExactMethod::Dense;
  EXPECT_NEAR(exact_multi_seed_error(circ, 0, 1, opt).symmetrised, c.symmetrised, 1e-12);
}

TEST(MultiOrbit, FiftyDigits) {
  using T = symkit::mp50;
  const int N = 6;
  MultiClassKernel<T> mk;
  mk.classes = 2;
  mk.seeds = 1;
  mk.angles = N;
  mk.K = circle_kernel<T>(N, T(1) / T(2), T(1));
  const T eps = pair_averaged_spectral_error<T>(mk, 0, 1);
  const MultiSeedExact<T> ex = exact_multi_seed_error<T>(mk, 0, 1);
  EXPECT_TRUE(ex.used_block_solver);
  const Vec<T> y = interleaved_labels<T>(2 * N);
  const T mu0 = dense_leave_out<T>(mk.K, y, {0}, T(0))(0);
  EXPECT_LT(static_cast<double>(abs(eps - (T(1) - mu0))), 1e-40);
  EXPECT_LT(static_cast<double>(abs(ex.symmetrised - (T(1) - mu0))), 1e-40);
}

TEST(MultiOrbit, BadInput) {
  Mat<double> U = Mat<double>::Zero(4, 4);
  MultiClassKernel<double> mk = constant_cross_kernel(2, 2, 3, U);
  EXPECT_THROW(pair_averaged_spectral_error(mk, 0, 2), symkit::UsageError);
  EXPECT_THROW(pair_averaged_spectral_error(mk, 1, 1), symkit::UsageError);
  EXPECT_THROW(pair_averaged_spectral_error(mk, 0, 1, -1.0), symkit::UsageError);
  EXPECT_THROW(pair_kernel(mk, 0, 2, 1, 0), symkit::UsageError);
  EXPECT_THROW(exact_multi_seed_error(mk, -1, 1), symkit::UsageError);
  MultiClassKernel<double> bad = mk;
  bad.seeds = 3;
  EXPECT_THROW(one_versus_all_spectral_accuracy(bad), symkit::InputError);
  bad = mk;
  bad.classes = 1;
  EXPECT_THROW(one_versus_all_spectral_accuracy(bad), symkit::UsageError);
  bad = mk;
  bad.K(2, 3) = std::nan("");
  EXPECT_THROW(exact_multi_seed_error(bad, 0, 1), symkit::InputError);
  EXPECT_THROW(pair_spectral<double>(Mat<double>::Identity(3, 3)), symkit::InputError);
  Mat<double> neg = -Mat<double>::Identity(4, 4);
  EXPECT_THROW(pair_spectral<double>(neg), symkit::InputError);
  // A kernel that is not positive definite: NumericalError from the exact regression.
  bad = mk;
  bad.K.setZero();
  ExactOptions<double> opt;
  opt.method = ExactMethod::Dense;
  EXPECT_THROW(exact_multi_seed_error(bad, 0, 1, opt), symkit::NumericalError);
}

}  // namespace
