// symkit: sanitize-subset
// Kernel values worked out by hand on tiny inputs, the arc-cosine edge cases, window placement
// of CIRCULAR / SAME / VALID convolutions, and every bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "io_test_util.hpp"
#include "symkit/error.hpp"
#include "symkit/kernel/layers.hpp"

namespace {

using namespace symkit::kernel;
using symkit::Mat;
const double kPi = 3.14159265358979323846;

Mat<double> rows(std::initializer_list<std::initializer_list<double>> r) {
  Mat<double> X(static_cast<Eigen::Index>(r.size()), static_cast<Eigen::Index>(r.begin()->size()));
  Eigen::Index i = 0;
  for (const auto& row : r) {
    Eigen::Index j = 0;
    for (double v : row) X(i, j++) = v;
    ++i;
  }
  return X;
}

// A single-pixel n x n image with value 1 at (r, c), as one row.
Mat<double> spike(int n, int r, int c) {
  Mat<double> X = Mat<double>::Zero(1, n * n);
  X(0, r * n + c) = 1.0;
  return X;
}

// ---------------------------------------------------------------- MLP, flat inputs

// MLP depth 1, W = b = 1, d = 2, x = x' = (1, 0):
//   input c = 1/2; Dense: c = 3/2, ntk = 3/2; Relu (theta = 0): c = 3/4, ntk = 3/4;
//   Dense: nngp = 7/4, ntk = 7/4 + 3/4 = 5/2.
TEST(KernelClosedForm, MlpDepth1IdenticalInputsThetaZero) {
  const auto K = compute(mlp(1), rows({{1, 0}}));
  EXPECT_NEAR(K.nngp(0, 0), 7.0 / 4.0, 1e-15);
  EXPECT_NEAR(K.ntk(0, 0), 5.0 / 2.0, 1e-15);
}

// No bias, W = 2, d = 2: x = (1, 0), x' = (0, 1) orthogonal.
//   self: Dense c = 2, Relu c = 1, ntk = 2 * 1/2 = 1; Dense nngp = 4, ntk = 4 + 4 = 8.
//   cross: c = 0 -> theta = pi/2: nngp = sqrt(2 * 2) / (2 pi) = 1/pi, ntk = 0;
//          Dense nngp = 4/pi, ntk = 4/pi.
//   x'' = -x: c = -2 -> theta = pi: nngp = 0, ntk = 0.
TEST(KernelClosedForm, MlpArcCosineAtZeroHalfPiAndPi) {
  const auto K = compute(mlp_no_bias(1, 2.0), rows({{1, 0}, {0, 1}, {-1, 0}}));
  EXPECT_NEAR(K.nngp(0, 0), 4.0, 1e-14);
  EXPECT_NEAR(K.ntk(0, 0), 8.0, 1e-14);
  EXPECT_NEAR(K.nngp(0, 1), 4.0 / kPi, 1e-15);
  EXPECT_NEAR(K.ntk(0, 1), 4.0 / kPi, 1e-15);
  EXPECT_NEAR(K.nngp(0, 2), 0.0, 1e-15);
  EXPECT_NEAR(K.ntk(0, 2), 0.0, 1e-15);
  // (0, 1) and (-1, 0) are orthogonal too.
  EXPECT_NEAR(K.nngp(1, 2), 4.0 / kPi, 1e-15);
}

// W = b = 1, x = (1, 0), x' = (-1, 0): input c = -1/2, v = 1/2. Dense: c = 1/2, v = 3/2,
// ntk = 1/2. Relu: cos theta = 1/3, sqrt(v1 v2 - c^2) = sqrt(2):
//   nngp = (sqrt 2 + (pi - acos(1/3)) / 2) / (2 pi), ntk = (1/2)(pi - acos(1/3)) / (2 pi).
// Dense: nngp + 1, ntk = nngp_final + ntk.
TEST(KernelClosedForm, MlpDepth1GeneralAngle) {
  const auto K = compute(mlp(1), rows({{1, 0}, {-1, 0}}));
  const double th = std::acos(1.0 / 3.0);
  const double relu_nngp = (std::sqrt(2.0) + (kPi - th) * 0.5) / (2 * kPi);
  const double relu_ntk = 0.5 * (kPi - th) / (2 * kPi);
  EXPECT_NEAR(K.nngp(0, 1), relu_nngp + 1.0, 1e-15);
  EXPECT_NEAR(K.ntk(0, 1), relu_nngp + 1.0 + relu_ntk, 1e-15);
  EXPECT_EQ(K.nngp(0, 1), K.nngp(1, 0));
}

// 1-D inputs, depth 0 (a single Dense): nngp = W^2 x x' + b^2, ntk = nngp.
TEST(KernelClosedForm, OneDimensionalLinear) {
  const auto K = compute(mlp(0, 3.0, 0.5), rows({{2}, {-1}}));
  EXPECT_NEAR(K.nngp(0, 1), 9.0 * -2.0 + 0.25, 1e-14);
  EXPECT_NEAR(K.ntk(0, 1), 9.0 * -2.0 + 0.25, 1e-14);
  EXPECT_NEAR(K.nngp(0, 0), 36.25, 1e-14);
}

// Depth 2 on 1-D inputs, no bias, W = 1: x = 1, x' = -1 -> theta = pi at the first Relu gives
// nngp 0; the second Relu sees c = 0 and v = 1/2 each, theta = pi/2:
//   nngp = sqrt(1/4) / (2 pi) = 1/(4 pi); Dense: 1/(4 pi). ntk: 0 -> 0 -> 1/(4 pi).
TEST(KernelClosedForm, Depth2ThroughPiThenHalfPi) {
  const auto K = compute(mlp_no_bias(2), rows({{1}, {-1}}));
  EXPECT_NEAR(K.nngp(0, 1), 1.0 / (4 * kPi), 1e-16);
  EXPECT_NEAR(K.ntk(0, 1), 1.0 / (4 * kPi), 1e-16);
  // Self: v: 1 -> 1/2 -> 1/4 (Relu halves, W = 1), ntk = 1 -> 1/2 -> (1/2 + 1/2)/2 = 1/2 -> 1/4 +
  // 1/2.
  EXPECT_NEAR(K.nngp(0, 0), 0.25, 1e-16);
  EXPECT_NEAR(K.ntk(0, 0), 0.75, 1e-16);
}

// Correlation exactly +-1 with values whose products round: never NaN, theta clamped.
TEST(KernelClosedForm, CorrelationExactlyPlusMinusOneNeverNaN) {
  Mat<double> X(3, 3);
  X << 0.1, 0.2, 0.3, -0.1, -0.2, -0.3, 0.3, 0.6, 0.9;
  for (const auto& arch : {mlp_no_bias(1), mlp_no_bias(5), mlp(3)}) {
    const auto K = compute(arch, X);
    for (Eigen::Index i = 0; i < 3; ++i) {
      for (Eigen::Index j = 0; j < 3; ++j) {
        EXPECT_TRUE(std::isfinite(K.nngp(i, j)));
        EXPECT_TRUE(std::isfinite(K.ntk(i, j)));
      }
    }
  }
  // No bias: x and -x give exactly 0 after one Relu (theta = pi), x and 3x give
  // sqrt(K(x,x) K(3x,3x)) (theta = 0, positive homogeneity).
  const auto K = compute(mlp_no_bias(1), X);
  EXPECT_NEAR(K.nngp(0, 1), 0.0, 1e-16);
  EXPECT_NEAR(K.nngp(0, 2), std::sqrt(K.nngp(0, 0) * K.nngp(2, 2)), 1e-15);
  EXPECT_NEAR(K.nngp(0, 2), 3.0 * K.nngp(0, 0), 1e-15);
}

// An all-zero input (zero variance, theta = pi/2 by convention): nngp and ntk are 0, no NaN.
TEST(KernelClosedForm, ZeroInputIsZeroNotNaN) {
  const auto K = compute(mlp_no_bias(2), rows({{0, 0, 0}, {1, 2, 3}}));
  EXPECT_EQ(K.nngp(0, 0), 0.0);
  EXPECT_EQ(K.nngp(0, 1), 0.0);
  EXPECT_EQ(K.ntk(0, 1), 0.0);
  EXPECT_GT(K.nngp(1, 1), 0.0);
}

// ---------------------------------------------------------------- convolutions by hand

// 2 x 2 images, CIRCULAR f = 3, s = 1: out = 2, pad = 2, low = 1, so output row 0 reads rows
// (1, 0, 1) and output row 1 reads rows (0, 1, 0): weights (1, 2) and (2, 1).
// Self of a spike at (0, 0): conv = w(ox,0) w(oy,0) / 9 = (1, 2, 2, 4) / 9; Relu halves;
// Flatten averages: 9/9/2/4 = 1/8; Dense(W = 1): nngp = 1/8, ntk = 1/8 + 1/8 = 1/4.
// Cross with a spike at (1, 1): c = 0 everywhere, v1 = (1,2,2,4)/9, v2 = (4,2,2,1)/9,
// theta = pi/2: nngp = sqrt(v1 v2) / (2 pi) = (2/9) / (2 pi) at every position -> 1/(9 pi).
TEST(KernelClosedForm, CircularConvOn2x2ByHand) {
  Mat<double> X(2, 4);
  X << 1, 0, 0, 0, 0, 0, 0, 1;
  const auto K = compute(cnn(Readout::FC), X);
  EXPECT_NEAR(K.nngp(0, 0), 1.0 / 8.0, 1e-16);
  EXPECT_NEAR(K.ntk(0, 0), 1.0 / 4.0, 1e-16);
  EXPECT_NEAR(K.nngp(0, 1), 1.0 / (9 * kPi), 1e-16);
  EXPECT_NEAR(K.ntk(0, 1), 1.0 / (9 * kPi), 1e-16);
  // GAP: the full state. Self of the spike: conv[p, q] = (1/9) #{offsets d mapping both p and q
  // onto the spike}; per axis that count is diag(1, 2) (output 0 reads the spike's row once,
  // output 1 twice, never at the same offset for different outputs), so conv = diag(u) / 9 with
  // u = (1, 2, 2, 4). Relu: diagonal halved (theta = 0); off-diagonal c = 0, theta = pi/2:
  // sqrt(u_p u_q) / 9 / (2 pi). Sum over p != q of sqrt(u_p u_q) = (1 + 2 sqrt 2 + 2)^2 - 9.
  // GAP = (1/2 + (8 + 12 sqrt 2) / (18 pi)) / 16. NTK: only the diagonal survives (c = 0 gives
  // ntk 0 off it): 1/32, plus the readout's nngp.
  const auto G = compute(cnn(Readout::GAP), X);
  const double gap = (0.5 + (8 + 12 * std::sqrt(2.0)) / (18 * kPi)) / 16;
  EXPECT_NEAR(G.nngp(0, 0), gap, 1e-16);
  EXPECT_NEAR(G.ntk(0, 0), gap + 1.0 / 32.0, 1e-16);
}

// 3 x 3, CIRCULAR f = 3: every window covers the image once; a spike's self-kernel after
// conv is 1/9 at every position; Flatten of Relu: 1/18 whatever the spike's position.
TEST(KernelClosedForm, CircularConv3x3ByHand) {
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) {
      const auto K = compute(cnn(Readout::FC), spike(3, r, c));
      EXPECT_NEAR(K.nngp(0, 0), 1.0 / 18.0, 1e-16);
    }
  }
  // Two spikes (0,0) and (0,1): conv c[p] = x_p x'_p window means = 0 (disjoint supports),
  // variances 1/9 each -> theta = pi/2, nngp = (1/9)/(2 pi) per position.
  Mat<double> X(2, 9);
  X.setZero();
  X(0, 0) = 1;
  X(1, 1) = 1;
  const auto K = compute(cnn(Readout::FC), X);
  EXPECT_NEAR(K.nngp(0, 1), 1.0 / (18 * kPi), 1e-16);
}

// For a unit spike, self nngp of CNN-FC (no bias, W = 1) = count_r count_c / (f^2 2 out^2),
// with count = the number of output rows whose window contains the spike's row.
double spike_fc(int count_r, int count_c, int f, int out) {
  return count_r * count_c / (double(f) * f * 2.0 * out * out);
}

// Even filter f = 4 on 4 x 4 with SAME: out = 4, pad = 3, low = 1, window of output o is rows
// o-1 .. o+2: one pixel further forward than backward. Row 0 is in windows o = 0, 1 (2 of them),
// row 3 in o = 1, 2, 3 (3 of them). With CIRCULAR every window covers all 4 rows once.
TEST(KernelClosedForm, EvenFilterReachesOnePixelFurtherForward) {
  const auto same = cnn(Readout::FC, 4, 1, Padding::Same);
  EXPECT_NEAR(compute(same, spike(4, 0, 0)).nngp(0, 0), spike_fc(2, 2, 4, 4), 1e-16);
  EXPECT_NEAR(compute(same, spike(4, 3, 3)).nngp(0, 0), spike_fc(3, 3, 4, 4), 1e-16);
  EXPECT_NEAR(compute(same, spike(4, 0, 3)).nngp(0, 0), spike_fc(2, 3, 4, 4), 1e-16);
  const auto circ = cnn(Readout::FC, 4, 1, Padding::Circular);
  EXPECT_NEAR(compute(circ, spike(4, 0, 0)).nngp(0, 0), spike_fc(4, 4, 4, 4), 1e-16);
  EXPECT_NEAR(compute(circ, spike(4, 3, 3)).nngp(0, 0), spike_fc(4, 4, 4, 4), 1e-16);
}

// SAME vs VALID with f = 3 on 4 x 4.
// SAME: low = 1, windows o-1..o+1, row 0 in 2 windows, row 1 in 3; out = 4.
// VALID: out = 2, windows 0..2 and 1..3: row 0 in 1 window, row 1 in 2.
TEST(KernelClosedForm, SameVersusValid) {
  const auto same = cnn(Readout::FC, 3, 1, Padding::Same);
  const auto valid = cnn(Readout::FC, 3, 1, Padding::Valid);
  EXPECT_NEAR(compute(same, spike(4, 0, 0)).nngp(0, 0), spike_fc(2, 2, 3, 4), 1e-16);
  EXPECT_NEAR(compute(same, spike(4, 1, 1)).nngp(0, 0), spike_fc(3, 3, 3, 4), 1e-16);
  EXPECT_NEAR(compute(valid, spike(4, 0, 0)).nngp(0, 0), spike_fc(1, 1, 3, 2), 1e-16);
  EXPECT_NEAR(compute(valid, spike(4, 1, 1)).nngp(0, 0), spike_fc(2, 2, 3, 2), 1e-16);
  EXPECT_NEAR(compute(valid, spike(4, 0, 2)).nngp(0, 0), spike_fc(1, 2, 3, 2), 1e-16);
}

// Strides: CIRCULAR f = 1, s = 2 on 4 x 4 samples rows/columns 0 and 2 (low = 0): a spike at
// (0, 0) is seen once among 4 outputs, a spike at (1, 1) never (zero variance: 0, not NaN).
// f = 2, s = 2: windows {0,1}, {2,3}: every spike seen exactly once.
TEST(KernelClosedForm, StridedWindows) {
  const auto s1 = cnn(Readout::FC, 1, 2, Padding::Circular);
  EXPECT_NEAR(compute(s1, spike(4, 0, 0)).nngp(0, 0), spike_fc(1, 1, 1, 2), 1e-16);
  EXPECT_EQ(compute(s1, spike(4, 1, 1)).nngp(0, 0), 0.0);
  EXPECT_EQ(compute(s1, spike(4, 1, 1)).ntk(0, 0), 0.0);
  const auto s2 = cnn(Readout::FC, 2, 2, Padding::Circular);
  for (int r = 0; r < 4; ++r) {
    EXPECT_NEAR(compute(s2, spike(4, r, 3 - r)).nngp(0, 0), spike_fc(1, 1, 2, 2), 1e-16);
  }
  // f = 4, s = 4 (the paper's Fig. 16 setting) on 8 x 8: out = 2, windows {0..3}, {4..7}.
  const auto s4 = cnn(Readout::FC, 4, 4, Padding::Circular);
  EXPECT_NEAR(compute(s4, spike(8, 5, 2)).nngp(0, 0), spike_fc(1, 1, 4, 2), 1e-16);
}

// A CNN with f = 1 is a per-pixel MLP: CNN-FC with two conv layers equals the mean over pixels
// p of the 1-D MLP kernel k(x_p, x'_p); CNN-GAP equals the mean over all pixel pairs (p, q) of
// k(x_p, x'_q). Checks multi-layer conv stacks and the (p, q) indexing of the full state.
TEST(KernelClosedForm, PointwiseConvStackEqualsPixelMlp) {
  const int n = 3, P = n * n;
  Mat<double> X(2, P);
  for (int j = 0; j < P; ++j) {
    X(0, j) = std::sin(1.0 + j) * (j % 4 == 1 ? 0.0 : 1.0);
    X(1, j) = std::cos(0.5 * j) - 0.3;
  }
  Mat<double> pixels(2 * P, 1);
  for (int j = 0; j < P; ++j) {
    pixels(j, 0) = X(0, j);
    pixels(P + j, 0) = X(1, j);
  }
  const auto M = compute(mlp_no_bias(2, 1.3), pixels);
  double fc_n = 0, fc_t = 0, gap_n = 0, gap_t = 0;
  for (int p = 0; p < P; ++p) {
    fc_n += M.nngp(p, P + p) / P;
    fc_t += M.ntk(p, P + p) / P;
    for (int q = 0; q < P; ++q) {
      gap_n += M.nngp(p, P + q) / (P * P);
      gap_t += M.ntk(p, P + q) / (P * P);
    }
  }
  const auto F = compute(cnn(Readout::FC, 1, 1, Padding::Circular, 1.3, 2), X);
  const auto G = compute(cnn(Readout::GAP, 1, 1, Padding::Circular, 1.3, 2), X);
  EXPECT_NEAR(F.nngp(0, 1), fc_n, 1e-14);
  EXPECT_NEAR(F.ntk(0, 1), fc_t, 1e-14);
  EXPECT_NEAR(G.nngp(0, 1), gap_n, 1e-14);
  EXPECT_NEAR(G.ntk(0, 1), gap_t, 1e-14);
  EXPECT_NEAR(G.nngp(1, 0), gap_n, 1e-14);
}

// Dense and Conv with bias: one conv layer f = 1 with bias b, no Relu, Flatten, Dense(W, b):
// nngp = W^2 (W^2 mean_p x_p x'_p + b^2) + b^2.
TEST(KernelClosedForm, BiasesEnterAsSquares) {
  Architecture a = {Conv(1, 1, Padding::Circular, 2.0, 0.5), Flatten(), Dense(3.0, 0.25)};
  Mat<double> X(2, 4);
  X << 1, 2, 3, 4, -1, 0, 1, 2;
  const auto K = compute(a, X);
  const double m = (-1 + 0 + 3 + 8) / 4.0;
  const double conv = 4 * m + 0.25;
  EXPECT_NEAR(K.nngp(0, 1), 9 * conv + 0.0625, 1e-13);
  EXPECT_NEAR(K.ntk(0, 1), 9 * conv + 0.0625 + 9 * conv, 1e-13);
}

TEST(KernelClosedForm, RbfByHand) {
  Mat<double> X(2, 2);
  X << 0, 0, 1, 2;
  const auto K = rbf(X, X, 0.5);
  EXPECT_EQ(K(0, 0), 1.0);
  EXPECT_NEAR(K(0, 1), std::exp(-0.25 * 5), 1e-16);
  EXPECT_NEAR(K(1, 0), std::exp(-0.25 * 5), 1e-16);
}

TEST(KernelClosedForm, HigherPrecisionMatchesHandValue) {
  Mat<symkit::mp50> X(2, 2);
  X << 1, 0, -1, 0;
  const auto K = compute(mlp(1), X);
  using std::acos;
  const symkit::mp50 th = boost::multiprecision::acos(symkit::mp50(1) / 3);
  const symkit::mp50 pi = symkit::pi<symkit::mp50>();
  const symkit::mp50 want =
      (boost::multiprecision::sqrt(symkit::mp50(2)) + (pi - th) / 2) / (2 * pi) + 1;
  EXPECT_LT(boost::multiprecision::abs(K.nngp(0, 1) - want), symkit::mp50("1e-45"));
}

// ---------------------------------------------------------------- architecture helpers

TEST(KernelArchitecture, BuildersAndDescribe) {
  EXPECT_EQ(describe(mlp(1)), "Dense(W=1,b=1) Relu Dense(W=1,b=1)");
  EXPECT_EQ(describe(cnn(Readout::GAP)), "Conv(f=3,s=1,circular,W=1) Relu GAP Flatten Dense(W=1)");
  EXPECT_EQ(describe(cnn(Readout::FC, 4, 4, Padding::Valid, 0.5, 2)),
            "Conv(f=4,s=4,valid,W=0.5) Relu Conv(f=4,s=4,valid,W=0.5) Relu Flatten Dense(W=0.5)");
  EXPECT_EQ(mlp(5).size(), 11u);
  EXPECT_EQ(serial({mlp(0), {Relu()}, mlp(0)}).size(), 3u);
  EXPECT_TRUE(is_convolutional(cnn(Readout::FC)));
  EXPECT_FALSE(is_convolutional(mlp(2)));
  EXPECT_EQ(conv_output_side(28, 3, 1, Padding::Circular), 28);
  EXPECT_EQ(conv_output_side(28, 4, 4, Padding::Same), 7);
  EXPECT_EQ(conv_output_side(28, 4, 4, Padding::Valid), 7);
  EXPECT_EQ(conv_output_side(6, 3, 1, Padding::Valid), 4);
}

TEST(KernelErrors, BadArchitectures) {
  using symkit::UsageError;
  iotest::expect_error<UsageError>([] { validate(cnn(Readout::FC, 0), 4); },
                                   {"filter must be >= 1"});
  iotest::expect_error<UsageError>([] { validate(cnn(Readout::FC, 3, 0), 4); },
                                   {"stride must be >= 1"});
  iotest::expect_error<UsageError>([] { validate(cnn(Readout::FC, 3, 3), 4); },
                                   {"stride 3 does not divide the image side 4"});
  iotest::expect_error<UsageError>([] { validate(cnn(Readout::FC, 5, 1, Padding::Valid), 4); },
                                   {"larger than the image side"});
  iotest::expect_error<UsageError>(
      [] {
        validate({Flatten(), ConvNoBias(3, 1, Padding::Same, 1)}, 4);
      },
      {"Conv after Flatten"});
  iotest::expect_error<UsageError>(
      [] {
        validate({Relu(), DenseNoBias(1)}, 0);
      },
      {"Relu must follow"});
  iotest::expect_error<UsageError>([] { validate({}, 0); }, {"empty architecture"});
  iotest::expect_error<UsageError>([] { validate(cnn(Readout::FC), 0); }, {"image"});
  iotest::expect_error<UsageError>(
      [] {
        validate({ConvNoBias(3, 1, Padding::Same, 1), Relu()}, 4);
      },
      {"ends on a spatial state"});
  iotest::expect_error<UsageError>([] { validate(mlp(1, -1.0), 0); }, {"W_std"});
  iotest::expect_error<UsageError>([] { validate(mlp(1, 1.0, std::nan("")), 0); }, {"b_std"});
  iotest::expect_error<UsageError>([] { mlp(-1); }, {"MLP depth"});
  iotest::expect_error<UsageError>([] { cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0, 0); },
                                   {"convolutional layers"});
  // Second conv layer: 8 -> 4 (stride 2), then stride 3 does not divide 4.
  iotest::expect_error<UsageError>(
      [] {
        validate({ConvNoBias(3, 2, Padding::Circular, 1), Relu(),
                  ConvNoBias(3, 3, Padding::Circular, 1), Relu(), Flatten(), DenseNoBias(1)},
                 8);
      },
      {"layer 3"});
  EXPECT_NO_THROW(validate(cnn(Readout::GAP, 4, 4), 28));
}

TEST(KernelErrors, BadInputs) {
  using symkit::InputError;
  using symkit::UsageError;
  Mat<double> X = Mat<double>::Ones(2, 9);
  X(1, 4) = std::numeric_limits<double>::quiet_NaN();
  iotest::expect_error<InputError>([&] { compute(mlp(1), X); }, {"X1 row 1 column 4"});
  Mat<double> Y = Mat<double>::Ones(2, 9);
  Y(0, 0) = std::numeric_limits<double>::infinity();
  iotest::expect_error<InputError>([&] { compute<double>(mlp(1), Mat<double>::Ones(1, 9), Y); },
                                   {"X2 row 0"});
  iotest::expect_error<InputError>(
      [&] { compute<double>(mlp(1), Mat<double>::Ones(1, 9), Mat<double>::Ones(1, 8)); },
      {"9 columns but X2 has 8"});
  iotest::expect_error<InputError>(
      [&] { compute<double>(cnn(Readout::FC), Mat<double>::Ones(1, 8)); }, {"not a square"});
  iotest::expect_error<InputError>(
      [&] { compute<double>(cnn(Readout::FC), Mat<double>::Ones(1, 9), 4); },
      {"image side 4 needs 16 columns"});
  iotest::expect_error<InputError>([&] { compute<double>(mlp(1), Mat<double>(2, 0)); },
                                   {"no columns"});
  iotest::expect_error<UsageError>(
      [&] { compute<double>(cnn(Readout::FC, 3, 2), Mat<double>::Ones(1, 9)); },
      {"does not divide"});
  iotest::expect_error<InputError>(
      [&] { compute_generic<double>(mlp(1), Mat<double>::Ones(1, 3), Mat<double>::Ones(1, 2)); },
      {"columns"});
  iotest::expect_error<InputError>([&] { rbf<double>(Mat<double>::Ones(1, 3), X, 1.0); },
                                   {"columns"});
  iotest::expect_error<UsageError>(
      [&] { rbf<double>(Mat<double>::Ones(1, 3), Mat<double>::Ones(1, 3), std::nan("")); },
      {"length scale"});
  // Nothing returned is NaN for the zero batch either.
  const auto E = compute<double>(mlp(1), Mat<double>(0, 3));
  EXPECT_EQ(E.nngp.rows(), 0);
}

}  // namespace
