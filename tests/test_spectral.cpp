// The spectral theory against exact regression: eq. 7 on random circulant kernels and the RBF
// circle dataset (eqs. 4-6), eqs. 59-61 for several missing points at 50 digits, the
// rank-deficient limit, circularisation (eq. 12), the DFT convention, and bad inputs.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/regress/gp.hpp"
#include "symkit/spectral/circulant.hpp"
#include "symkit/spectral/dft.hpp"
#include "symkit/spectral/spectral_error.hpp"

namespace {

using namespace symkit;
using spectral::Index;

// A random symmetric positive spectrum lambda_k = lambda_{n-k} in [lo, hi].
template <class T>
Vec<T> random_spectrum(Index n, std::uint64_t seed, double lo = 0.1, double hi = 2.0) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  Vec<T> l(n);
  for (Index k = 0; k <= n / 2; ++k) {
    l(k) = T(u(rng));
    l((n - k) % n) = l(k);
  }
  return l;
}

// The first row with that spectrum: c_d = (1/n) sum_k lambda_k cos(2 pi k d / n), written here
// independently of the library's transforms.
template <class T>
Vec<T> row_from_spectrum(const Vec<T>& l) {
  const Index n = l.size();
  Vec<T> c(n);
  for (Index d = 0; d < n; ++d) {
    T s = T(0);
    for (Index k = 0; k < n; ++k) {
      using std::cos;
      s += l(k) *
           cos(T(2) * pi<T>() * T(static_cast<double>((k * d) % n)) / T(static_cast<double>(n)));
    }
    c(d) = s / T(static_cast<double>(n));
  }
  return c;
}

template <class T>
Mat<T> circulant(const Vec<T>& c) {
  const Index n = c.size();
  Mat<T> K(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) K(i, j) = c((j - i + n) % n);
  return K;
}

// Eq. 58 evaluated directly on a known spectrum (with ridge r).
template <class T>
T eq58(const Vec<T>& l, const T& r) {
  const Index n = l.size();
  T s = T(0);
  for (Index k = 0; k < n; ++k) s += T(1) / (l(k) + r);
  return (T(1) / (l(n / 2) + r)) / (s / T(static_cast<double>(n)));
}

// Eq. 7 against exact leave-one-out on a random circulant PD kernel, for size n and ridge r.
template <class T>
void check_eq7(Index n, const T& ridge, const T& tol, std::uint64_t seed) {
  const Vec<T> l = random_spectrum<T>(n, seed);
  const Mat<T> K = circulant(row_from_spectrum(l));
  spectral::SpectralOptions<T> so;
  so.ridge = ridge;
  const auto se = spectral::spectral_error<T>(spectral::kernel_spectrum<T>(K, false), so);
  regress::Options<T> ro;
  ro.ridge = ridge;
  const Vec<T> y = regress::interleaved_labels<T>(n);
  const auto lo = regress::leave_out<T>(K, y, {0}, ro);
  const auto sym = regress::symmetrised_error<T>(K, y, 0, 1, ro);
  const T closed = eq58(l, ridge);
  EXPECT_LE(abs_of(se.error - lo.abs_error(0)), tol * abs_of(lo.abs_error(0)))
      << "n=" << n << " spectral " << se.error << " exact " << lo.abs_error(0);
  EXPECT_LE(abs_of(se.error - sym.error), tol * abs_of(sym.error)) << "n=" << n;
  EXPECT_LE(abs_of(se.error - closed), tol * abs_of(closed)) << "n=" << n;
  EXPECT_LE(abs_of(se.prediction - lo.mean(0)), tol * abs_of(lo.abs_error(0))) << "n=" << n;
  // The parts.
  EXPECT_LE(abs_of(se.inv_lambda_N - T(1) / (l(n / 2) + ridge)), tol * abs_of(se.inv_lambda_N));
  EXPECT_FALSE(se.limit);
  EXPECT_EQ(se.zero_modes, 0);
}

TEST(SpectralError, EqualsExactLeaveOneOutDouble) {
  for (Index n : {4, 6, 8, 10, 16, 32, 64, 128, 256}) check_eq7<double>(n, 0.0, 1e-10, 100 + n);
}

TEST(SpectralError, EqualsExactLeaveOneOutWithRidges) {
  for (double r : {1e-3, 0.5, 3.0})
    for (Index n : {4, 16, 64}) check_eq7<double>(n, r, 1e-10, 200 + n);
  check_eq7<long double>(32, 0.25L, 1e-13L, 7);
}

TEST(SpectralError, EqualsExactLeaveOneOutLongDouble) {
  for (Index n : {4, 8, 64}) check_eq7<long double>(n, 0.0L, 1e-13L, 300 + n);
}

TEST(SpectralError, EqualsExactLeaveOneOutFiftyDigits) {
  for (Index n : {4, 6, 8, 16, 32}) check_eq7<mp50>(n, mp50(0), mp50("1e-40"), 400 + n);
  check_eq7<mp50>(8, mp50("0.001"), mp50("1e-40"), 5);
}

// The circle dataset of eqs. 4-5 with the RBF kernel of eq. 6, built here: point i of the
// interleaved dataset sits at angle i theta / 2 on the circle x = +Delta/2 (even i, class A) or
// x = -Delta/2 (odd i, class B).
template <class T>
Mat<T> rbf_circle(int N, const T& delta, const T& L) {
  const Index n = 2 * N;
  const T theta = T(2) * pi<T>() / T(N);
  Mat<T> X(n, 3);
  for (Index i = 0; i < n; ++i) {
    using std::cos;
    using std::sin;
    const T a = theta * T(static_cast<double>(i / 2)) + (i % 2 ? theta / T(2) : T(0));
    X(i, 0) = (i % 2 ? -delta : delta) / T(2);
    X(i, 1) = cos(a);
    X(i, 2) = sin(a);
  }
  Mat<T> K(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j < n; ++j) {
      using std::exp;
      K(i, j) = exp(-L * L * (X.row(i) - X.row(j)).squaredNorm());
    }
  return K;
}

template <class T>
void check_circle(int N, const T& delta, const T& L, const T& tol) {
  const Mat<T> K = rbf_circle<T>(N, delta, L);
  EXPECT_LE(spectral::circulant_defect(K), T(64) * std::numeric_limits<T>::epsilon());
  const auto se = spectral::spectral_error<T>(spectral::kernel_spectrum<T>(K, false));
  const auto sym = regress::symmetrised_error<T>(K, regress::interleaved_labels<T>(2 * N));
  EXPECT_LE(abs_of(se.error - sym.error), tol * sym.error)
      << "N=" << N << " delta=" << delta << " L=" << L;
  EXPECT_LE(abs_of(sym.error_a - sym.error_b), tol * sym.error);
}

TEST(SpectralError, RbfCircleDataset) {
  check_circle<double>(4, 0.5, 1.0, 1e-10);
  check_circle<double>(6, 1.0, 2.0, 1e-10);
  check_circle<double>(8, 0.3, 3.0, 1e-10);
  check_circle<double>(12, 2.0, 4.0, 1e-10);
  check_circle<mp50>(16, mp50("0.5"), mp50(3), mp50("1e-40"));
  check_circle<mp50>(10, mp50("0.1"), mp50(1), mp50("1e-30"));
}

// Eqs. 59-61 against exact regression with several points left out.
template <class T>
void check_missing(Index n, const std::vector<Index>& P, const T& ridge, const T& tol,
                   std::uint64_t seed) {
  const Vec<T> l = random_spectrum<T>(n, seed);
  const Mat<T> K = circulant(row_from_spectrum(l));
  spectral::SpectralOptions<T> so;
  so.ridge = ridge;
  const auto mp = spectral::missing_points<T>(spectral::kernel_spectrum<T>(K, false), P, so);
  regress::Options<T> ro;
  ro.ridge = ridge;
  const auto lo = regress::leave_out<T>(K, regress::interleaved_labels<T>(n), P, ro);
  ASSERT_EQ(mp.mean.size(), static_cast<Index>(P.size()));
  for (Index a = 0; a < mp.mean.size(); ++a) {
    EXPECT_LE(abs_of(mp.mean(a) - lo.mean(a)), tol * (T(1) + abs_of(lo.mean(a))))
        << "n=" << n << " index " << P[static_cast<std::size_t>(a)] << ": " << mp.mean(a) << " vs "
        << lo.mean(a);
    EXPECT_EQ(mp.label(a), lo.label(a));
  }
}

TEST(MissingPoints, EqualsExactRegressionFiftyDigits) {
  const mp50 tol("1e-40");
  check_missing<mp50>(12, {0, 1}, mp50(0), tol, 1);
  check_missing<mp50>(12, {0, 3}, mp50(0), tol, 2);
  check_missing<mp50>(12, {4, 2}, mp50(0), tol, 3);
  check_missing<mp50>(12, {2, 5, 6}, mp50(0), tol, 4);
  check_missing<mp50>(16, {1, 4, 9}, mp50(0), tol, 5);
  check_missing<mp50>(16, {0, 8, 15}, mp50("0.01"), tol, 6);
  check_missing<double>(64, {3, 10, 33}, 0.0, 1e-10, 7);
}

TEST(MissingPoints, OnePointRecoversEq58) {
  const Vec<mp50> l = random_spectrum<mp50>(10, 11);
  const auto one = spectral::missing_points<mp50>(l, {0});
  const auto se = spectral::spectral_error<mp50>(l);
  EXPECT_LT(abs_of(one.mean(0) - se.prediction), mp50("1e-45"));
  // Leaving out a B point (label -1) gives -(1 - eps).
  const auto b = spectral::missing_points<mp50>(l, {3});
  EXPECT_LT(abs_of(b.mean(0) + se.prediction), mp50("1e-45"));
  EXPECT_LT(abs_of(b.abs_error(0) - se.error), mp50("1e-45"));
}

// Rank-deficient kernels (Prop. 2): K = J_N (x) [[a, b], [b, a]] in the interleaved order, i.e.
// a between points of one class and b between classes. Spectrum: lambda_0 = N(a + b),
// lambda_N = N(a - b), the other 2N - 2 vanish.
template <class T>
Mat<T> blockwise_constant(Index N, const T& a, const T& b) {
  Mat<T> K(2 * N, 2 * N);
  for (Index i = 0; i < 2 * N; ++i)
    for (Index j = 0; j < 2 * N; ++j) K(i, j) = ((i - j) % 2 == 0) ? a : b;
  return K;
}

TEST(RankDeficient, BlockwiseConstantGivesZeroError) {
  for (Index N : {2, 3, 8, 32}) {
    const Mat<double> K = blockwise_constant<double>(N, 2.0, 0.5);
    const Vec<double> l = spectral::kernel_spectrum<double>(K, false);
    EXPECT_NEAR(l(0), N * 2.5, 1e-12 * N);
    EXPECT_NEAR(l(N), N * 1.5, 1e-12 * N);
    const auto se = spectral::spectral_error<double>(l);
    EXPECT_EQ(se.zero_modes, 2 * N - 2);
    EXPECT_TRUE(se.limit);
    EXPECT_FALSE(se.lambda_N_vanishes);
    EXPECT_EQ(se.error, 0.0);
    EXPECT_EQ(se.prediction, 1.0);
    EXPECT_NEAR(se.inv_lambda_N, 1 / (N * 1.5), 1e-14);
    // Exact regression without ridge: the minimum-norm fallback, error 0.
    const Vec<double> y = regress::interleaved_labels<double>(2 * N);
    const auto lo = regress::leave_out<double>(K, y, {0});
    EXPECT_EQ(lo.method, regress::Method::CompleteOrthogonal);
    EXPECT_NEAR(lo.abs_error(0), 0.0, 1e-12);
    // A vanishing ridge: both sides agree and go to 0 like sigma^2 (eps ~ 2N sigma^2 / (m0
    // lambda_N) to first order).
    for (double r : {1e-4, 1e-6}) {
      spectral::SpectralOptions<double> so;
      so.ridge = r;
      const auto ser = spectral::spectral_error<double>(l, so);
      regress::Options<double> ro;
      ro.ridge = r;
      const auto lor = regress::leave_out<double>(K, y, {0}, ro);
      EXPECT_FALSE(ser.limit);
      EXPECT_NEAR(ser.error, lor.abs_error(0), 1e-8 * lor.abs_error(0) + 1e-15);
      EXPECT_NEAR(ser.error, 2.0 * N * r / ((2 * N - 2) * N * 1.5), 1e-3 * ser.error);
    }
  }
}

TEST(RankDeficient, ConstantKernelLimitIsTwoNOverM0) {
  // A constant kernel: only lambda_0 survives, lambda_N vanishes with m0 = 2N - 1 others.
  // The minimum-norm prediction at a left-out A point is -1/(2N - 1) (sum of the training
  // labels is -1, K^+ = J / (c (2N-1)^2)), so the error is 2N / (2N - 1).
  for (Index N : {2, 5, 16}) {
    const Mat<double> K = Mat<double>::Constant(2 * N, 2 * N, 0.7);
    const auto se = spectral::spectral_error<double>(spectral::kernel_spectrum<double>(K, false));
    EXPECT_TRUE(se.lambda_N_vanishes);
    EXPECT_EQ(se.zero_modes, 2 * N - 1);
    EXPECT_DOUBLE_EQ(se.error, 2.0 * N / (2.0 * N - 1));
    EXPECT_EQ(se.inv_lambda_N, 0.0);
    EXPECT_NEAR(se.mean_inv_lambda, 1 / (0.7 * 2 * N) / (2 * N), 1e-15);
    const auto lo = regress::leave_out<double>(K, regress::interleaved_labels<double>(2 * N), {0});
    EXPECT_NEAR(lo.mean(0), -1.0 / (2 * N - 1), 1e-12);
    // Vanishing ridge at 50 digits (sigma^2 = 1e-20: bias O(sigma^2 / lambda_0), rounding
    // O(eps_50 / sigma^2)): the ridged exact error tends to the limit.
    regress::Options<mp50> ro;
    ro.ridge = mp50("1e-20");
    const auto lr =
        regress::leave_out<mp50>(K.cast<mp50>(), regress::interleaved_labels<mp50>(2 * N), {0}, ro);
    EXPECT_LT(abs_of(lr.abs_error(0) - mp50(2 * N) / mp50(2 * N - 1)), mp50("1e-18"));
  }
}

TEST(RankDeficient, MissingPointsLimitMatchesMinimumNormAndVanishingRidge) {
  struct Case {
    double a, b;
    std::vector<Index> P;
  };
  for (const Case& c : {Case{2.0, 0.5, {0, 1}}, Case{2.0, 0.5, {0, 2, 5}}, Case{1.0, 1.0, {0, 3}},
                        Case{1.0, 1.0, {1, 2, 4}}, Case{1.5, -0.5, {0, 4}}}) {
    const Index N = 6;
    const Mat<double> K = blockwise_constant<double>(N, c.a, c.b);
    const Vec<double> l = spectral::kernel_spectrum<double>(K, false);
    const auto mp = spectral::missing_points<double>(l, c.P);
    EXPECT_TRUE(mp.limit);
    const auto lo = regress::leave_out<double>(K, regress::interleaved_labels<double>(2 * N), c.P);
    EXPECT_EQ(lo.method, regress::Method::CompleteOrthogonal);
    regress::Options<mp50> ro;
    ro.ridge = mp50("1e-30");
    const auto lr =
        regress::leave_out<mp50>(K.cast<mp50>(), regress::interleaved_labels<mp50>(2 * N), c.P, ro);
    for (Index i = 0; i < mp.mean.size(); ++i) {
      EXPECT_NEAR(mp.mean(i), lo.mean(i), 1e-10) << "a=" << c.a << " b=" << c.b << " i=" << i;
      EXPECT_NEAR(mp.mean(i), static_cast<double>(lr.mean(i)), 1e-12);
    }
  }
}

TEST(RankDeficient, ZeroThresholdFollowsThePrecision) {
  // lambda_1 = lambda_7 = 1e-20 relative: below 64 * 8 * eps in double (vanishes), far above it
  // at 50 digits (kept), unless the caller raises zero_tol.
  Vec<double> l(8);
  l << 2, 1e-20, 1, 1, 1, 1, 1, 1e-20;
  const auto d = spectral::spectral_error<double>(l);
  EXPECT_EQ(d.zero_modes, 2);
  EXPECT_EQ(d.error, 0.0);
  EXPECT_NEAR(d.threshold, 64 * 8 * std::numeric_limits<double>::epsilon() * 2, 1e-30);
  const Vec<mp50> lm = l.cast<mp50>();
  const auto m = spectral::spectral_error<mp50>(lm);
  EXPECT_EQ(m.zero_modes, 0);
  EXPECT_LT(abs_of(m.error - eq58<mp50>(lm, mp50(0))), mp50("1e-45"));
  spectral::SpectralOptions<mp50> so;
  so.zero_tol = 1e-12;
  EXPECT_EQ(spectral::spectral_error<mp50>(lm, so).zero_modes, 2);
}

// ------------------------------------------------------------------ circularisation (eq. 12)

TEST(Circularise, HandExample) {
  // Diagonal means: d0 = (1 + 4 + 7)/3 = 4, d1 = (K01 + K12 + K20)/3 = (2 + 5 + 3)/3,
  // d2 = (K02 + K10 + K21)/3 = 0.
  Mat<double> K(3, 3);
  K << 1, 2, 0, 0, 4, 5, 3, 0, 7;
  const Mat<double> C = spectral::circularise(K);
  const double d1 = 10.0 / 3.0;
  Mat<double> expect(3, 3);
  expect << 4, d1, 0, 0, 4, d1, d1, 0, 4;
  EXPECT_LT((C - expect).cwiseAbs().maxCoeff(), 1e-15);
  // Defect of K: max |K[i,j] - K[0,(j-i) mod 3]| = |7 - 1| = 6 over max|K| = 7.
  EXPECT_DOUBLE_EQ(spectral::circulant_defect(K), 6.0 / 7.0);
  EXPECT_EQ(spectral::circulant_defect(C), 0.0);
}

TEST(Circularise, PropertiesOnRandomSymmetricMatrices) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g;
  for (Index n : {2, 5, 8, 17}) {
    Mat<double> A(n, n);
    for (Index i = 0; i < A.size(); ++i) A(i) = g(rng);
    const Mat<double> K = A + A.transpose();
    const Mat<double> C = spectral::circularise(K);
    EXPECT_LE(spectral::circulant_defect(C), 1e-15);
    EXPECT_LT((C - C.transpose()).cwiseAbs().maxCoeff(), 1e-14);
    EXPECT_NEAR(C.trace(), K.trace(), 1e-12);
    EXPECT_LT((spectral::circularise(C) - C).cwiseAbs().maxCoeff(), 1e-14);
    // Every wrapped diagonal of C is the mean of the same diagonal of K (direct check).
    for (Index d = 0; d < n; ++d) {
      double s = 0;
      for (Index i = 0; i < n; ++i) s += K(i, (i + d) % n);
      EXPECT_NEAR(C(0, d), s / n, 1e-13);
    }
    // Identity on circulant input.
    const Vec<double> c = C.row(0).transpose();
    const Mat<double> Kc = circulant(c);
    EXPECT_LT((spectral::circularise(Kc) - Kc).cwiseAbs().maxCoeff(), 1e-15);
    EXPECT_EQ(spectral::circulant_from_row(c), Kc);
  }
}

TEST(Circularise, DefectOfPerturbedCirculant) {
  const Vec<double> l = random_spectrum<double>(10, 9);
  Mat<double> K = circulant(row_from_spectrum(l));
  EXPECT_LE(spectral::circulant_defect(K), 1e-15);
  const double kmax = K.cwiseAbs().maxCoeff();
  K(4, 7) += 0.125;
  K(7, 4) += 0.125;
  EXPECT_NEAR(spectral::circulant_defect(K), 0.125 / std::max(kmax, std::abs(K(4, 7))), 1e-15);
  EXPECT_EQ(spectral::circulant_defect(Mat<double>(Mat<double>::Zero(3, 3))), 0.0);
  iotest::expect_error<InputError>([&] { spectral::kernel_spectrum<double>(K, false); },
                                   {"not circulant"});
  // Circularised on request: the spectrum of circularise(K) (eq. 12: each wrapped diagonal
  // replaced by its mean, formed here), checked against a dense symmetric eigensolver. K is
  // symmetric: both perturbations were made in mirror.
  Vec<double> lc = spectral::kernel_spectrum<double>(K, true);
  ASSERT_EQ(lc.size(), 10);
  Vec<double> cbar(10);
  for (Index d = 0; d < 10; ++d) {
    double s = 0;
    for (Index i = 0; i < 10; ++i) s += K(i, (i + d) % 10);
    cbar(d) = s / 10;
  }
  Eigen::SelfAdjointEigenSolver<Mat<double>> es(circulant(cbar));
  Vec<double> ref = es.eigenvalues();
  std::sort(lc.data(), lc.data() + lc.size());
  std::sort(ref.data(), ref.data() + ref.size());
  EXPECT_LT((lc - ref).cwiseAbs().maxCoeff(), 1e-13);
}

// ------------------------------------------------------------------ spectrum and DFT

TEST(Spectrum, MatchesSelfAdjointEigenSolver) {
  for (Index n : {2, 7, 10, 33}) {
    const Vec<double> l = random_spectrum<double>(n, 50 + n, -1.0, 3.0);
    const Mat<double> K = circulant(row_from_spectrum(l));
    const Vec<double> got = spectral::circulant_spectrum<double>(K.row(0).transpose());
    // The ordering: lambda_k equals the spectrum the row was built from.
    EXPECT_LT((got - l).cwiseAbs().maxCoeff(), 1e-12) << "n=" << n;
    // As a set, the eigenvalues of the dense matrix.
    Eigen::SelfAdjointEigenSolver<Mat<double>> es(K);
    Vec<double> sorted = got, ref = es.eigenvalues();
    std::sort(sorted.data(), sorted.data() + n);
    std::sort(ref.data(), ref.data() + n);
    EXPECT_LT((sorted - ref).cwiseAbs().maxCoeff(), 1e-12) << "n=" << n;
  }
}

template <class T>
void check_dft(Index n, const T& tol) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(n));
  std::uniform_real_distribution<double> u(-1, 1);
  Vec<T> x(n);
  for (Index i = 0; i < n; ++i) x(i) = T(u(rng));
  const CVec<T> X = spectral::dft<T>(x);
  const CVec<T> D = spectral::dft_direct<T>(x);
  for (Index k = 0; k < n; ++k) {
    std::complex<T> s(T(0), T(0));
    for (Index j = 0; j < n; ++j) {
      using std::cos;
      using std::sin;
      const T a = -T(2) * pi<T>() * T(static_cast<double>(j)) * T(static_cast<double>(k)) /
                  T(static_cast<double>(n));
      s += std::complex<T>(x(j) * cos(a), x(j) * sin(a));
    }
    EXPECT_LE(abs_of(X(k).real() - s.real()) + abs_of(X(k).imag() - s.imag()), tol) << "k=" << k;
    EXPECT_LE(abs_of(D(k).real() - s.real()) + abs_of(D(k).imag() - s.imag()), tol) << "k=" << k;
  }
}

TEST(Dft, ConventionIsUnnormalisedWithNegativeExponent) {
  // x = (0, 1, 0, 0): X_k = w^k, w = exp(-2 pi i / 4) = -i.
  Vec<double> x(4);
  x << 0, 1, 0, 0;
  const CVec<double> X = spectral::dft<double>(x);
  EXPECT_NEAR(X(0).real(), 1, 1e-15);
  EXPECT_NEAR(X(1).imag(), -1, 1e-15);
  EXPECT_NEAR(X(1).real(), 0, 1e-15);
  EXPECT_NEAR(X(2).real(), -1, 1e-15);
  EXPECT_NEAR(X(3).imag(), 1, 1e-15);
  check_dft<double>(7, 1e-13);
  check_dft<double>(64, 1e-12);
  check_dft<long double>(9, 1e-16L);
  check_dft<long double>(32, 1e-16L);
  check_dft<mp50>(12, mp50("1e-45"));
}

// ------------------------------------------------------------------ bad input

TEST(SpectralBadInput, TypedAndNamed) {
  Vec<double> odd(5);
  odd << 1, 1, 1, 1, 1;
  iotest::expect_error<InputError>([&] { spectral::spectral_error<double>(odd); }, {"odd size 5"});
  iotest::expect_error<InputError>([&] { spectral::spectral_error<double>(Vec<double>()); },
                                   {"empty"});
  Vec<double> l(4);
  l << 1, 2, std::nan(""), 2;
  iotest::expect_error<InputError>([&] { spectral::spectral_error<double>(l); },
                                   {"eigenvalue 2 is nan"});
  l << 1, 2, -0.5, 2;
  iotest::expect_error<InputError>([&] { spectral::spectral_error<double>(l); },
                                   {"eigenvalue 2 is -0.5"});
  l << 1, 2, 3, 2;
  spectral::SpectralOptions<double> bad;
  bad.ridge = -1;
  iotest::expect_error<UsageError>([&] { spectral::spectral_error<double>(l, bad); }, {"ridge"});
  bad.ridge = std::nan("");
  iotest::expect_error<UsageError>([&] { spectral::spectral_error<double>(l, bad); }, {"nan"});
  bad.ridge = 0;
  bad.zero_tol = 2;
  iotest::expect_error<UsageError>([&] { spectral::spectral_error<double>(l, bad); }, {"2"});
  iotest::expect_error<InputError>(
      [&] { spectral::spectral_error<double>(Vec<double>(Vec<double>::Zero(4))); },
      {"zero kernel"});
  iotest::expect_error<UsageError>([&] { spectral::missing_points<double>(l, {4}); },
                                   {"missing index 4 out of range [0, 4)"});
  iotest::expect_error<UsageError>([&] { spectral::missing_points<double>(l, {-2}); },
                                   {"index -2"});
  iotest::expect_error<UsageError>(
      [&] {
        spectral::missing_points<double>(l, {1, 1});
      },
      {"index 1 repeated"});
  iotest::expect_error<UsageError>([&] { spectral::missing_points<double>(l, {}); },
                                   {"no missing"});
  iotest::expect_error<UsageError>(
      [&] {
        spectral::missing_points<double>(l, {0, 1, 2, 3});
      },
      {"no training point"});
  Vec<double> asym(4);
  asym << 1, 2, 3, 0.5;
  iotest::expect_error<InputError>([&] { spectral::missing_points<double>(asym, {0}); },
                                   {"not that of a symmetric circulant"});
  // Kernel-level checks.
  iotest::expect_error<InputError>(
      [&] { spectral::kernel_spectrum<double>(Mat<double>(Mat<double>::Ones(2, 3)), false); },
      {"not square (2x3)"});
  Mat<double> K = circulant(row_from_spectrum(random_spectrum<double>(4, 1)));
  K(0, 1) += 1e-3;
  iotest::expect_error<InputError>([&] { spectral::kernel_spectrum<double>(K, true); },
                                   {"not symmetric"});
  K(0, 1) = std::numeric_limits<double>::infinity();
  iotest::expect_error<InputError>([&] { spectral::kernel_spectrum<double>(K, true); },
                                   {"entry (0, 1) is inf"});
  iotest::expect_error<InputError>([&] { spectral::circulant_defect<double>(Mat<double>(2, 3)); },
                                   {"not square"});
  Vec<double> row(4);
  row << 1, 0.5, 0.2, 0.4;
  iotest::expect_error<InputError>([&] { spectral::circulant_spectrum<double>(row); },
                                   {"c[1] = 0.5 but c[3] = 0.4"});
  iotest::expect_error<InputError>([&] { spectral::dft<double>(Vec<double>()); }, {"empty"});
}

}  // namespace
