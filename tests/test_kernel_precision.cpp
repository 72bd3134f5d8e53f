// double against 100-digit (and long double) arithmetic, symmetry, positive semi-definiteness,
// compute(X) = compute(X, X), and determinism across thread counts.
#include <gtest/gtest.h>
#include <omp.h>

#include <Eigen/Eigenvalues>
#include <random>

#include "symkit/kernel/layers.hpp"

namespace {

using namespace symkit::kernel;
using symkit::Mat;
using symkit::mp100;

Mat<double> random_inputs(int rows, int cols, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0.0, 1.0);
  Mat<double> X(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) X(i, j) = g(rng);
  }
  return X;
}

// Largest |a - b| / max|b| over all entries, with b in higher precision.
template <class T>
double rel_diff(const Mat<double>& a, const Mat<T>& b) {
  double worst = 0, scale = 0;
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      scale = std::max(scale, std::abs(static_cast<double>(b(i, j))));
    }
  }
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      const T d = T(a(i, j)) - b(i, j);
      worst = std::max(worst, std::abs(static_cast<double>(d)));
    }
  }
  return worst / scale;
}

struct Case {
  const char* name;
  Architecture arch;
  int rows, cols;
};

std::vector<Case> cases() {
  return {
      {"mlp1", mlp(1), 6, 7},
      {"mlp5", mlp(5, 1.2, 0.3), 6, 7},
      {"cnn-fc", cnn(Readout::FC), 4, 25},
      {"cnn-gap", cnn(Readout::GAP), 3, 25},
      {"cnn-gap-2layers-same", cnn_with_bias(Readout::GAP, 3, 1, Padding::Same, 1.1, 0.2, 2), 3,
       16},
      {"cnn-fc-f4s2-valid", cnn(Readout::FC, 4, 2, Padding::Valid), 3, 36},
  };
}

TEST(KernelPrecision, DoubleAgreesWith100DigitsAndLongDouble) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const Mat<double> X = random_inputs(c.rows, c.cols, 11);
    const Mat<double> Y = random_inputs(2, c.cols, 12);
    const auto kd = compute(c.arch, X, Y);
    const auto km = compute<mp100>(c.arch, X.cast<mp100>(), Y.cast<mp100>());
    const auto kl = compute<long double>(c.arch, X.cast<long double>(), Y.cast<long double>());
    EXPECT_LT(rel_diff(kd.nngp, km.nngp), 1e-12);
    EXPECT_LT(rel_diff(kd.ntk, km.ntk), 1e-12);
    // long double carries 3 more digits than double.
    Mat<double> ld_n = kl.nngp.template cast<double>(), ld_t = kl.ntk.template cast<double>();
    EXPECT_LT(rel_diff(ld_n, km.nngp), 1e-15);
    EXPECT_LT(rel_diff(ld_t, km.ntk), 1e-15);
    // Symmetric batch in 100 digits too (one triangle computed, mirrored).
    const auto sm = compute<mp100>(c.arch, X.cast<mp100>());
    const auto sd = compute(c.arch, X);
    EXPECT_LT(rel_diff(sd.nngp, sm.nngp), 1e-12);
    EXPECT_LT(rel_diff(sd.ntk, sm.ntk), 1e-12);
  }
}

TEST(KernelPrecision, RbfDoubleAgreesWith100Digits) {
  const Mat<double> X = random_inputs(5, 4, 3), Y = random_inputs(3, 4, 4);
  const auto kd = rbf(X, Y, 0.7);
  const auto km = rbf<mp100>(X.cast<mp100>(), Y.cast<mp100>(), mp100(0.7));
  EXPECT_LT(rel_diff(kd, km), 1e-12);
}

TEST(KernelMatrix, SymmetricPsdAndSelfEqualsCross) {
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.name);
    const Mat<double> X = random_inputs(8, c.cols, 21);
    const auto K = compute(c.arch, X);
    const auto KK = compute_generic(c.arch, X, X);
    for (const Mat<double>* M : {&K.nngp, &K.ntk}) {
      EXPECT_EQ((*M - M->transpose()).cwiseAbs().maxCoeff(), 0.0);
      Eigen::SelfAdjointEigenSolver<Mat<double>> es(*M);
      EXPECT_GE(es.eigenvalues().minCoeff(), -1e-10 * M->trace());
      EXPECT_GT(es.eigenvalues().maxCoeff(), 0.0);
    }
    const double scale = K.ntk.cwiseAbs().maxCoeff();
    EXPECT_LE((K.nngp - KK.nngp).cwiseAbs().maxCoeff(), 1e-13 * scale);
    EXPECT_LE((K.ntk - KK.ntk).cwiseAbs().maxCoeff(), 1e-13 * scale);
    // The generic path in long double: the self batch equals the cross batch bit for bit on the
    // diagonal, and everywhere unless a GlobalAvgPool sums the transposed state of the mirrored
    // pair in another order (then to a few roundings).
    const Mat<long double> XL = X.cast<long double>();
    const auto L1 = compute(c.arch, XL), L2 = compute(c.arch, XL, XL);
    EXPECT_TRUE(L1.nngp.diagonal() == L2.nngp.diagonal());
    EXPECT_TRUE(L1.ntk.diagonal() == L2.ntk.diagonal());
    const bool gap = c.arch[2].type == Layer::Type::GlobalAvgPool ||
                     (c.arch.size() > 4 && c.arch[4].type == Layer::Type::GlobalAvgPool);
    if (!gap) {
      EXPECT_TRUE(L1.nngp == L2.nngp);
      EXPECT_TRUE(L1.ntk == L2.ntk);
    }
    const long double lscale = L1.ntk.cwiseAbs().maxCoeff();
    EXPECT_LE((L1.nngp - L2.nngp).cwiseAbs().maxCoeff(), 1e-17L * lscale);
    EXPECT_LE((L1.ntk - L2.ntk).cwiseAbs().maxCoeff(), 1e-17L * lscale);
  }
}

TEST(KernelMatrix, SameNumbersWhateverTheThreadCount) {
  const Mat<long double> X = random_inputs(7, 16, 5).cast<long double>();
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto a = compute(cnn(Readout::GAP), X);
  omp_set_num_threads(3);
  const auto b = compute(cnn(Readout::GAP), X);
  omp_set_num_threads(before);
  EXPECT_TRUE(a.nngp == b.nngp);
  EXPECT_TRUE(a.ntk == b.ntk);
}

}  // namespace
