// symkit: sanitize-subset
// The fast double kernel paths against a direct scalar reference written here from the formulas of
// theory.md section 2 (per pair, per position pair), against closed forms, and against the
// generic per-pair path of the library.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>
#include <random>
#include <vector>

#include "symkit/kernel/fast.hpp"
#include "symkit/kernel/layers.hpp"
#include "symkit/scalar.hpp"

namespace {

using symkit::Mat;
using symkit::kernel::Architecture;
using symkit::kernel::KernelPair;
using symkit::kernel::Layer;
using symkit::kernel::Padding;
using symkit::kernel::Readout;
namespace fast = symkit::kernel::fast;

constexpr double kPi = 3.141592653589793238462643383279502884;

Mat<double> random_inputs(int rows, int cols, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  Mat<double> X(rows, cols);
  for (int i = 0; i < rows; ++i) {
    for (int j = 0; j < cols; ++j) X(i, j) = gauss(rng);
  }
  return X;
}

// ------------------------------------------------------------------ direct scalar reference

struct Ref {
  double nngp = 0.0;
  double ntk = 0.0;
};

// theta = atan2(sqrt(max(v1 v2 - c^2, 0)), c), pi/2 when v1 v2 = 0; returns the new nngp and
// multiplies ntk by (pi - theta)/(2 pi).
// Both products are rounded (volatile) before the subtraction: a fused multiply-add would turn
// v^2 - c^2 with c == v into a rounding error instead of 0.
double ref_relu(double c, double v1, double v2, double& ntk) {
  const volatile double prod = v1 * v2;
  const volatile double cc = c * c;
  const double s = std::sqrt(std::max(prod - cc, 0.0));
  const double theta = prod == 0.0 ? kPi / 2 : std::atan2(s, c);
  ntk *= (kPi - theta) / (2 * kPi);
  return (s + (kPi - theta) * c) / (2 * kPi);
}

// Dense / Relu layers from `first` on, on a scalar state with variances v1, v2.
Ref ref_tail(const Architecture& arch, std::size_t first, Ref k, double v1, double v2) {
  for (std::size_t l = first; l < arch.size(); ++l) {
    const Layer& L = arch[l];
    if (L.type == Layer::Type::Dense) {
      const double w2 = L.w_std * L.w_std, b2 = L.has_bias ? L.b_std * L.b_std : 0.0;
      k.nngp = w2 * k.nngp + b2;
      k.ntk = k.nngp + w2 * k.ntk;
      v1 = w2 * v1 + b2;
      v2 = w2 * v2 + b2;
    } else {
      k.nngp = ref_relu(k.nngp, v1, v2, k.ntk);
      v1 /= 2;
      v2 /= 2;
    }
  }
  return k;
}

Ref ref_mlp(const Architecture& arch, const double* x, const double* y, int d, int stride_x,
            int stride_y) {
  double c = 0, v1 = 0, v2 = 0;
  for (int k = 0; k < d; ++k) {
    c += x[k * stride_x] * y[k * stride_y];
    v1 += x[k * stride_x] * x[k * stride_x];
    v2 += y[k * stride_y] * y[k * stride_y];
  }
  return ref_tail(arch, 0, Ref{c / d, 0.0}, v1 / d, v2 / d);
}

// One Conv layer's covariance between position p of image x and position q of image y,
// straight from theory.md: W^2 * mean over the f x f offsets of x[s p - low + delta] y[s q - low
// + delta] (+ b^2), indices mod n for CIRCULAR, zero outside for SAME/VALID.
struct ConvRef {
  int n, f, s, out, low;
  Padding padding;
  double w2, b2;
  ConvRef(const Layer& conv, int side) : n(side), f(conv.filter), s(conv.stride) {
    padding = conv.padding;
    if (padding == Padding::Valid) {
      out = (n - f) / s + 1;
      low = 0;
    } else {
      out = (n + s - 1) / s;
      low = std::max((out - 1) * s + f - n, 0) / 2;
    }
    w2 = conv.w_std * conv.w_std;
    b2 = conv.has_bias ? conv.b_std * conv.b_std : 0.0;
  }
  double pixel(const double* x, int r, int c) const {
    if (padding == Padding::Circular) {
      r = ((r % n) + n) % n;
      c = ((c % n) + n) % n;
    } else if (r < 0 || r >= n || c < 0 || c >= n) {
      return 0.0;
    }
    return x[r * n + c];
  }
  // Not inlined: the variances and the covariances must run the same machine code, so that equal
  // patches give bitwise equal values (an inlined copy may be vectorised in another order).
  __attribute__((noinline)) double cov(const double* x, const double* y, int py, int px, int qy,
                                       int qx) const {
    double sum = 0;
    for (int dy = 0; dy < f; ++dy) {
      for (int dx = 0; dx < f; ++dx) {
        sum += pixel(x, s * py - low + dy, s * px - low + dx) *
               pixel(y, s * qy - low + dy, s * qx - low + dx);
      }
    }
    return w2 * sum / (f * f) + b2;
  }
};

// Conv, Relu, [GAP], Flatten, tail for one pair of images (x, y given row-major).
Ref ref_cnn(const Architecture& arch, const std::vector<double>& x, const std::vector<double>& y,
            int side) {
  const ConvRef cv(arch[0], side);
  const bool gap = arch[2].type == Layer::Type::GlobalAvgPool;
  const std::size_t tail = gap ? 4 : 3;
  const int out = cv.out;
  auto spatial = [&](const std::vector<double>& a, const std::vector<double>& b) {
    Ref k;
    long count = 0;
    for (int py = 0; py < out; ++py) {
      for (int px = 0; px < out; ++px) {
        for (int qy = 0; qy < out; ++qy) {
          for (int qx = 0; qx < out; ++qx) {
            if (!gap && (qy != py || qx != px)) continue;
            const double c = cv.cov(a.data(), b.data(), py, px, qy, qx);
            const double v1 = cv.cov(a.data(), a.data(), py, px, py, px);
            const double v2 = cv.cov(b.data(), b.data(), qy, qx, qy, qx);
            double t = c;  // ntk after Conv = nngp after Conv (input ntk is 0)
            k.nngp += ref_relu(c, v1, v2, t);
            k.ntk += t;
            ++count;
          }
        }
      }
    }
    k.nngp /= count;
    k.ntk /= count;
    return k;
  };
  const Ref k = spatial(x, y);
  const double v1 = spatial(x, x).nngp, v2 = spatial(y, y).nngp;
  return ref_tail(arch, tail, k, v1, v2);
}

std::vector<double> row(const Mat<double>& X, int i) {
  std::vector<double> r(static_cast<std::size_t>(X.cols()));
  for (int k = 0; k < X.cols(); ++k) r[k] = X(i, k);
  return r;
}

double rel_diff(double a, double b) {
  return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-300});
}

// Compares every entry (rows i, columns j; `skip_diag` leaves out i == j).
void expect_close(const Mat<double>& got, const Mat<double>& want, double tol, const char* what,
                  bool skip_diag = false) {
  ASSERT_EQ(got.rows(), want.rows());
  ASSERT_EQ(got.cols(), want.cols());
  for (int i = 0; i < got.rows(); ++i) {
    for (int j = 0; j < got.cols(); ++j) {
      if (skip_diag && i == j) continue;
      ASSERT_TRUE(std::isfinite(got(i, j))) << what << " (" << i << "," << j << ")";
      EXPECT_LE(rel_diff(got(i, j), want(i, j)), tol)
          << what << " (" << i << "," << j << "): " << got(i, j) << " vs " << want(i, j);
    }
  }
}

KernelPair<double> ref_matrix_cnn(const Architecture& arch, const Mat<double>& X1,
                                  const Mat<double>& X2, int side) {
  KernelPair<double> r{Mat<double>(X1.rows(), X2.rows()), Mat<double>(X1.rows(), X2.rows())};
  for (int i = 0; i < X1.rows(); ++i) {
    for (int j = 0; j < X2.rows(); ++j) {
      const Ref k = ref_cnn(arch, row(X1, i), row(X2, j), side);
      r.nngp(i, j) = k.nngp;
      r.ntk(i, j) = k.ntk;
    }
  }
  return r;
}

KernelPair<double> ref_matrix_mlp(const Architecture& arch, const Mat<double>& X1,
                                  const Mat<double>& X2) {
  KernelPair<double> r{Mat<double>(X1.rows(), X2.rows()), Mat<double>(X1.rows(), X2.rows())};
  const int d = static_cast<int>(X1.cols());
  for (int i = 0; i < X1.rows(); ++i) {
    for (int j = 0; j < X2.rows(); ++j) {
      const Ref k = ref_mlp(arch, &X1(i, 0), &X2(j, 0), d, static_cast<int>(X1.rows()),
                            static_cast<int>(X2.rows()));
      r.nngp(i, j) = k.nngp;
      r.ntk(i, j) = k.ntk;
    }
  }
  return r;
}

KernelPair<double> fast_pair(const Architecture& arch, const Mat<double>& X1, const Mat<double>* X2,
                             int side) {
  auto r = fast::try_compute(arch, X1, X2, side);
  if (!r) {
    ADD_FAILURE() << "no fast path for " << symkit::kernel::describe(arch);
    return {};
  }
  return std::move(*r);
}

Layer conv_layer(int f, int s, Padding pad, double w, bool bias, double b) {
  return bias ? symkit::kernel::Conv(f, s, pad, w, b) : symkit::kernel::ConvNoBias(f, s, pad, w);
}

Architecture cnn_arch(bool gap, const Layer& conv, double w_out, bool bias, double b_out) {
  Architecture a{conv, symkit::kernel::Relu()};
  if (gap) a.push_back(symkit::kernel::GlobalAvgPool());
  a.push_back(symkit::kernel::Flatten());
  a.push_back(bias ? symkit::kernel::Dense(w_out, b_out) : symkit::kernel::DenseNoBias(w_out));
  return a;
}

// ------------------------------------------------------------------ MLP

TEST(FastMlp, CrossBatchMatchesReferenceDepth1And5) {
  const Mat<double> X1 = random_inputs(7, 23, 11), X2 = random_inputs(5, 23, 12);
  for (int depth : {1, 5}) {
    for (double w : {1.0, 1.4}) {
      const Architecture arch = symkit::kernel::mlp(depth, w, 0.6);
      const KernelPair<double> k = fast_pair(arch, X1, &X2, 0);
      const KernelPair<double> r = ref_matrix_mlp(arch, X1, X2);
      expect_close(k.nngp, r.nngp, 1e-13, "nngp");
      expect_close(k.ntk, r.ntk, 1e-13, "ntk");
    }
  }
}

TEST(FastMlp, SymmetricBatchMatchesReferenceAndX2EqualX1) {
  const Mat<double> X = random_inputs(9, 17, 21);
  for (int depth : {1, 5}) {
    const Architecture arch = symkit::kernel::mlp(depth, 1.0, 1.0);
    const KernelPair<double> k = fast_pair(arch, X, nullptr, 0);
    const KernelPair<double> k2 = fast_pair(arch, X, &X, 0);
    const KernelPair<double> r = ref_matrix_mlp(arch, X, X);
    // Off the diagonal the reference is well conditioned; the diagonal is checked in closed form
    // below (the reference's own diagonal carries the sqrt(eps) noise of v/2 vs pi c/(2 pi)).
    expect_close(k.nngp, r.nngp, 1e-13, "nngp", depth > 1);
    expect_close(k.ntk, r.ntk, 1e-13, "ntk", depth > 1);
    expect_close(k.nngp, k2.nngp, 1e-14, "nullptr vs X");
    expect_close(k.ntk, k2.ntk, 1e-14, "nullptr vs X");
    EXPECT_TRUE(k.nngp == k.nngp.transpose());
    EXPECT_TRUE(k.ntk == k.ntk.transpose());
  }
}

TEST(FastMlp, IdenticalInputsHaveZeroAngleAtEveryDepth) {
  // For x against itself theta = 0 at every Relu: nngp follows v <- W^2 v + b^2, v <- v/2, and
  // ntk <- nngp + W^2 ntk, ntk <- ntk/2. A non-zero angle of sqrt(eps) would move ntk by ~1e-9.
  Mat<double> X = random_inputs(4, 31, 5);
  X.row(3) = X.row(1);  // a duplicate in another slot
  const double w = 1.3, b = 0.8, w2 = w * w, b2 = b * b;
  for (int depth : {1, 2, 5}) {
    const Architecture arch = symkit::kernel::mlp(depth, w, b);
    const KernelPair<double> k = fast_pair(arch, X, nullptr, 0);
    for (int i = 0; i < 4; ++i) {
      double v = X.row(i).squaredNorm() / 31.0, t = 0.0;
      for (int l = 0; l < depth; ++l) {
        v = w2 * v + b2;
        t = v + w2 * t;
        v /= 2;
        t /= 2;
      }
      v = w2 * v + b2;
      t = v + w2 * t;
      EXPECT_NEAR(k.nngp(i, i), v, 1e-14 * v) << depth;
      EXPECT_NEAR(k.ntk(i, i), t, 1e-14 * t) << depth;
    }
    EXPECT_EQ(k.nngp(1, 3), k.nngp(1, 1));
    EXPECT_EQ(k.ntk(1, 3), k.ntk(1, 1));
  }
}

TEST(FastMlp, ZeroInputsGiveNoNaN) {
  // Without bias a zero input has zero variance: theta = pi/2 and every kernel entry with it is 0.
  Mat<double> X = random_inputs(3, 8, 9);
  X.row(0).setZero();
  const Architecture arch = symkit::kernel::mlp_no_bias(3, 1.2);
  const KernelPair<double> k = fast_pair(arch, X, nullptr, 0);
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(k.nngp(0, j), 0.0);
    EXPECT_EQ(k.ntk(0, j), 0.0);
  }
  EXPECT_TRUE(k.nngp.allFinite() && k.ntk.allFinite());
  EXPECT_GT(k.nngp(1, 1), 0.0);
}

TEST(FastMlp, OppositeInputsHaveAngleExactlyPi) {
  // x' = -x, no bias: theta = pi after the first Dense, so the first Relu outputs 0 for the pair.
  // Depth 1: nngp = W^2 * 0 = 0, ntk = 0 + W^2 * (ntk (pi - pi)/(2 pi)) = 0.
  const Mat<double> X = random_inputs(1, 12, 3);
  const Mat<double> Y = -X;
  const KernelPair<double> k = fast_pair(symkit::kernel::mlp_no_bias(1, 1.0), X, &Y, 0);
  EXPECT_NEAR(k.nngp(0, 0), 0.0, 1e-15 * X.squaredNorm());
  EXPECT_NEAR(k.ntk(0, 0), 0.0, 1e-15 * X.squaredNorm());
}

TEST(FastMlp, OrthogonalInputsHaveAngleHalfPi) {
  // c = 0 after a bias-free Dense: theta = pi/2, the Relu gives sqrt(v1 v2)/(2 pi) and ntk 0;
  // the readout then gives nngp = ntk = W^2 sqrt(v1 v2)/(2 pi).
  Mat<double> X = Mat<double>::Zero(1, 4), Y = Mat<double>::Zero(1, 4);
  X(0, 0) = 3.0;
  X(0, 2) = 1.0;
  Y(0, 1) = -2.0;
  Y(0, 3) = 0.5;
  const double w = 1.3;
  const KernelPair<double> k = fast_pair(symkit::kernel::mlp_no_bias(1, w), X, &Y, 0);
  const double v1 = w * w * 10.0 / 4, v2 = w * w * 4.25 / 4;
  const double want = w * w * std::sqrt(v1 * v2) / (2 * kPi);
  EXPECT_NEAR(k.nngp(0, 0), want, 1e-15 * want);
  EXPECT_NEAR(k.ntk(0, 0), want, 1e-15 * want);
}

// ------------------------------------------------------------------ CNN

struct CnnCase {
  int side, f, s;
  Padding padding;
  bool gap, bias;
};

std::string name(const CnnCase& c) {
  return std::string(c.gap ? "GAP" : "FC") + " n=" + std::to_string(c.side) +
         " f=" + std::to_string(c.f) + " s=" + std::to_string(c.s) + " " +
         symkit::kernel::padding_name(c.padding) + (c.bias ? " bias" : "");
}

TEST(FastCnn, MatchesReferenceOnManyGeometries) {
  const std::vector<CnnCase> cases = {
      {6, 3, 1, Padding::Circular, false, false}, {7, 3, 1, Padding::Circular, false, false},
      {8, 3, 1, Padding::Circular, false, true},  {8, 4, 4, Padding::Circular, false, false},
      {7, 2, 2, Padding::Circular, false, false}, {7, 3, 1, Padding::Same, false, false},
      {8, 4, 2, Padding::Same, false, true},      {7, 3, 2, Padding::Valid, false, false},
      {6, 3, 1, Padding::Circular, true, false},  {7, 3, 1, Padding::Circular, true, false},
      {8, 3, 1, Padding::Circular, true, true},   {8, 4, 4, Padding::Circular, true, false},
      {8, 2, 2, Padding::Circular, true, false},  {6, 4, 1, Padding::Circular, true, true},
      {5, 5, 1, Padding::Circular, true, false},  {8, 7, 1, Padding::Circular, false, false},
      {3, 3, 1, Padding::Circular, true, false},  {8, 6, 1, Padding::Same, false, true},
      {9, 5, 3, Padding::Circular, true, true},   {6, 2, 1, Padding::Circular, true, false},
      {10, 4, 1, Padding::Circular, true, true},  {12, 3, 1, Padding::Circular, true, false},
  };
  unsigned seed = 100;
  for (const CnnCase& c : cases) {
    const Mat<double> X1 = random_inputs(3, c.side * c.side, ++seed);
    const Mat<double> X2 = random_inputs(2, c.side * c.side, ++seed);
    const Architecture arch =
        cnn_arch(c.gap, conv_layer(c.f, c.s, c.padding, 1.3, c.bias, 0.5), 0.9, c.bias, 0.7);
    const KernelPair<double> k = fast_pair(arch, X1, &X2, c.side);
    const KernelPair<double> r = ref_matrix_cnn(arch, X1, X2, c.side);
    expect_close(k.nngp, r.nngp, 1e-12, name(c).c_str());
    expect_close(k.ntk, r.ntk, 1e-12, name(c).c_str());
    // Symmetric batch: against the reference including the diagonal (theta = 0 at p = q).
    const KernelPair<double> ks = fast_pair(arch, X1, nullptr, c.side);
    const KernelPair<double> rs = ref_matrix_cnn(arch, X1, X1, c.side);
    expect_close(ks.nngp, rs.nngp, 1e-12, name(c).c_str());
    expect_close(ks.ntk, rs.ntk, 1e-12, name(c).c_str());
  }
}

TEST(FastCnn, LargeImagesMatchReference) {
  const int n = 28;
  const Mat<double> X1 = random_inputs(2, n * n, 7), X2 = random_inputs(1, n * n, 8);
  for (bool gap : {false, true}) {
    const Architecture arch =
        symkit::kernel::cnn(gap ? Readout::GAP : Readout::FC, 3, 1, Padding::Circular, 1.0);
    const KernelPair<double> k = fast_pair(arch, X1, &X2, n);
    const KernelPair<double> r = ref_matrix_cnn(arch, X1, X2, n);
    expect_close(k.nngp, r.nngp, 1e-12, gap ? "GAP 28" : "FC 28");
    expect_close(k.ntk, r.ntk, 1e-12, gap ? "GAP 28" : "FC 28");
  }
}

TEST(FastCnn, ReluAfterFlattenUsesTheSelfVariances) {
  const int n = 6;
  const Mat<double> X1 = random_inputs(3, n * n, 41), X2 = random_inputs(2, n * n, 42);
  for (bool gap : {false, true}) {
    Architecture arch =
        cnn_arch(gap, conv_layer(3, 1, Padding::Circular, 1.1, true, 0.3), 1.2, true, 0.4);
    arch.push_back(symkit::kernel::Relu());
    arch.push_back(symkit::kernel::Dense(0.8, 0.2));
    const KernelPair<double> k = fast_pair(arch, X1, &X2, n);
    const KernelPair<double> r = ref_matrix_cnn(arch, X1, X2, n);
    expect_close(k.nngp, r.nngp, 1e-12, "tail relu");
    expect_close(k.ntk, r.ntk, 1e-12, "tail relu");
    const KernelPair<double> ks = fast_pair(arch, X1, nullptr, n);
    const KernelPair<double> ks2 = fast_pair(arch, X1, &X1, n);
    expect_close(ks.nngp, ks2.nngp, 1e-14, "tail relu, nullptr vs X");
    expect_close(ks.ntk, ks2.ntk, 1e-14, "tail relu, nullptr vs X");
  }
}

TEST(FastCnn, FcSelfKernelClosedForm) {
  // x against itself, CIRCULAR stride 1, no bias: c_p = v_p so theta = 0 and the Relu halves the
  // variance; every pixel lies in f^2 windows, so mean_p v_p = W^2 mean(x^2).
  // nngp = Wout^2 W^2 mean(x^2) / 2, ntk = 2 nngp.
  const int n = 9;
  const Mat<double> X = random_inputs(3, n * n, 77);
  const double w = 1.7, wo = 0.6;
  const Architecture arch =
      cnn_arch(false, conv_layer(3, 1, Padding::Circular, w, false, 0), wo, false, 0);
  const KernelPair<double> k = fast_pair(arch, X, nullptr, n);
  for (int i = 0; i < 3; ++i) {
    const double want = wo * wo * w * w * X.row(i).squaredNorm() / (n * n) / 2;
    EXPECT_NEAR(k.nngp(i, i), want, 1e-14 * want);
    EXPECT_NEAR(k.ntk(i, i), 2 * want, 2e-14 * want);
  }
}

Mat<double> roll(const Mat<double>& X, int i, int n, int dy, int dx) {
  Mat<double> Y(1, n * n);
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) Y(0, ((r + dy) % n) * n + (c + dx) % n) = X(i, r * n + c);
  }
  return Y;
}

TEST(FastCnn, GapIsTranslationInvariantAndFcIsNot) {
  // Prop. 2: with CIRCULAR padding the GAP kernel of x and a circular shift of x equals the
  // kernel of x with itself. The FC kernel drops for a large shift.
  const int n = 8;
  const Mat<double> X = random_inputs(1, n * n, 5);
  const Mat<double> Y = roll(X, 0, n, 3, 5);
  const Architecture gap = symkit::kernel::cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0);
  const KernelPair<double> a = fast_pair(gap, X, &Y, n), b = fast_pair(gap, X, &X, n);
  EXPECT_NEAR(a.nngp(0, 0), b.nngp(0, 0), 1e-14 * b.nngp(0, 0));
  EXPECT_NEAR(a.ntk(0, 0), b.ntk(0, 0), 1e-14 * b.ntk(0, 0));
  const Architecture fc = symkit::kernel::cnn(Readout::FC, 3, 1, Padding::Circular, 1.0);
  const KernelPair<double> c = fast_pair(fc, X, &Y, n), d = fast_pair(fc, X, &X, n);
  EXPECT_LT(c.nngp(0, 0), 0.9 * d.nngp(0, 0));
}

TEST(FastCnn, ZeroAndIdenticalImages) {
  const int n = 7;
  Mat<double> X = random_inputs(4, n * n, 55);
  X.row(0).setZero();
  X.row(3) = X.row(2);
  for (bool gap : {false, true}) {
    const Architecture arch =
        symkit::kernel::cnn(gap ? Readout::GAP : Readout::FC, 3, 1, Padding::Circular, 1.0);
    const KernelPair<double> k = fast_pair(arch, X, nullptr, n);
    ASSERT_TRUE(k.nngp.allFinite() && k.ntk.allFinite());
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(k.nngp(0, j), 0.0);
      EXPECT_EQ(k.ntk(0, j), 0.0);
    }
    EXPECT_EQ(k.nngp(2, 3), k.nngp(2, 2));
    EXPECT_EQ(k.ntk(2, 3), k.ntk(2, 2));
    const KernelPair<double> r = ref_matrix_cnn(arch, X, X, n);
    expect_close(k.nngp, r.nngp, 1e-12, "zero/identical");
    expect_close(k.ntk, r.ntk, 1e-12, "zero/identical");
  }
  // A partly zero image: all-zero patches inside a non-zero image (theta = pi/2 there).
  Mat<double> Z = Mat<double>::Zero(2, n * n);
  Z(0, 0) = 1.0;
  Z(1, 3 * n + 3) = -2.0;
  Z(1, 3 * n + 4) = 0.5;
  for (bool gap : {false, true}) {
    const Architecture arch =
        cnn_arch(gap, conv_layer(3, 1, Padding::Circular, 1.0, false, 0), 1.0, false, 0);
    const KernelPair<double> k = fast_pair(arch, Z, nullptr, n);
    const KernelPair<double> r = ref_matrix_cnn(arch, Z, Z, n);
    ASSERT_TRUE(k.nngp.allFinite() && k.ntk.allFinite());
    expect_close(k.nngp, r.nngp, 1e-12, "sparse");
    expect_close(k.ntk, r.ntk, 1e-12, "sparse");
  }
}

TEST(FastKernel, ThreadCountDoesNotChangeResults) {
  const int n = 8;
  const Mat<double> X = random_inputs(6, n * n, 91);
  const std::vector<Architecture> archs = {
      symkit::kernel::cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0),
      symkit::kernel::cnn(Readout::FC, 3, 1, Padding::Circular, 1.0), symkit::kernel::mlp(5)};
  const int before = omp_get_max_threads();
  for (const Architecture& arch : archs) {
    omp_set_num_threads(1);
    const KernelPair<double> a = fast_pair(arch, X, nullptr, n);
    omp_set_num_threads(2);
    const KernelPair<double> b = fast_pair(arch, X, nullptr, n);
    omp_set_num_threads(3);
    const KernelPair<double> c = fast_pair(arch, X, nullptr, n);
    EXPECT_TRUE(a.nngp == b.nngp && a.ntk == b.ntk) << symkit::kernel::describe(arch);
    EXPECT_TRUE(a.nngp == c.nngp && a.ntk == c.ntk) << symkit::kernel::describe(arch);
  }
  omp_set_num_threads(before);
}

// The arc-tangent polynomial of the vectorised loops against MPFR's 50-digit atan, in units in
// the last place of the correctly rounded result, on evenly spaced points of [0, tan(pi/8)].
TEST(FastKernel, ArcTangentPolynomialWithinTwoUlps) {
  using symkit::mp50;
  const double top = std::sqrt(2.0) - 1.0;
  const int n = 200000;
  double worst = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double u = top * i / n;
    const double got = fast::detail::atan_reduced(u);
    const mp50 exact = boost::multiprecision::atan(mp50(u));
    const double rounded = static_cast<double>(exact);
    const double ulp = std::nextafter(rounded, 1.0) - rounded;
    const double err = i == 0 ? std::abs(got) : static_cast<double>(abs(mp50(got) - exact)) / ulp;
    worst = std::max(worst, err);
    ASSERT_EQ(fast::detail::atan_reduced(-u), -got) << "odd symmetry at u = " << u;
  }
  EXPECT_LE(worst, 2.0);  // 1.52 measured; a wrong coefficient costs thousands of ulps
  RecordProperty("max_ulp", std::to_string(worst));
  EXPECT_EQ(fast::detail::atan_reduced(0.0), 0.0);
}

TEST(FastKernel, UnsupportedArchitecturesFallBack) {
  const Mat<double> X = random_inputs(2, 36, 1);
  using namespace symkit::kernel;
  // Two conv layers, GAP with zero padding, GAP with a stride that does not divide the side,
  // no Relu after the Conv, a Dense directly on the spatial state, a 1x1 filter.
  const std::vector<Architecture> archs = {
      cnn(Readout::FC, 1, 1, Padding::Circular, 1.0),
      cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0, 2),
      cnn(Readout::GAP, 3, 1, Padding::Same, 1.0),
      cnn(Readout::GAP, 4, 4, Padding::Circular, 1.0),
      Architecture{ConvNoBias(3, 1, Padding::Circular, 1.0), Flatten(), DenseNoBias(1.0)},
      Architecture{ConvNoBias(3, 1, Padding::Circular, 1.0), Relu(), DenseNoBias(1.0)},
  };
  for (const Architecture& a : archs) {
    EXPECT_FALSE(fast::try_compute(a, X, nullptr, 6).has_value()) << describe(a);
  }
}

// ------------------------------------------------------------------ against the generic path

TEST(FastVsGeneric, EqualToGenericPath) {
  using namespace symkit::kernel;
  struct Case {
    Architecture arch;
    int side, cols;
  };
  const std::vector<Case> cases = {
      {mlp(1), 0, 19},
      {mlp(5, 1.2, 0.4), 0, 19},
      {cnn(Readout::FC, 3, 1, Padding::Circular, 1.0), 7, 49},
      {cnn(Readout::FC, 4, 4, Padding::Circular, 1.0), 8, 64},
      {cnn_with_bias(Readout::FC, 3, 2, Padding::Same, 1.1, 0.5), 8, 64},
      {cnn_with_bias(Readout::FC, 3, 1, Padding::Valid, 1.1, 0.5), 7, 49},
      {cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0), 6, 36},
      {cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0), 7, 49},
      {cnn_with_bias(Readout::GAP, 4, 4, Padding::Circular, 1.3, 0.2), 8, 64},
      {cnn_with_bias(Readout::GAP, 2, 2, Padding::Circular, 1.3, 0.2), 8, 64},
  };
  unsigned seed = 300;
  for (const Case& c : cases) {
    Mat<double> X1 = random_inputs(4, c.cols, ++seed), X2 = random_inputs(3, c.cols, ++seed);
    X1.row(3) = X1.row(1);  // identical inputs inside a batch and across the two batches
    X2.row(0) = X1.row(2);
    const KernelPair<double> g = compute_generic(c.arch, X1, X2, c.side);
    const KernelPair<double> f = fast_pair(c.arch, X1, &X2, c.side);
    expect_close(f.nngp, g.nngp, 1e-12, describe(c.arch).c_str());
    expect_close(f.ntk, g.ntk, 1e-12, describe(c.arch).c_str());
    // The symmetric fast path against the generic path on (X1, X1), diagonal included (both
    // give theta = 0 exactly for identical inputs).
    const KernelPair<double> gs = compute_generic(c.arch, X1, X1, c.side);
    const KernelPair<double> fs = fast_pair(c.arch, X1, nullptr, c.side);
    expect_close(fs.nngp, gs.nngp, 1e-12, describe(c.arch).c_str());
    expect_close(fs.ntk, gs.ntk, 1e-12, describe(c.arch).c_str());
    // compute<double> takes the fast path: bitwise equal to try_compute.
    const KernelPair<double> viaapi = compute(c.arch, X1, c.side);
    EXPECT_TRUE(viaapi.nngp == fs.nngp && viaapi.ntk == fs.ntk) << describe(c.arch);
  }
}

TEST(FastVsGeneric, LargeImagesEqualGenericPath) {
  using namespace symkit::kernel;
  const int n = 28;
  const Mat<double> X1 = random_inputs(2, n * n, 17), X2 = random_inputs(1, n * n, 18);
  for (Readout ro : {Readout::FC, Readout::GAP}) {
    const Architecture arch = cnn(ro, 3, 1, Padding::Circular, 1.0);
    const KernelPair<double> g = compute_generic(arch, X1, X2, n);
    const KernelPair<double> f = fast_pair(arch, X1, &X2, n);
    expect_close(f.nngp, g.nngp, 1e-12, describe(arch).c_str());
    expect_close(f.ntk, g.ntk, 1e-12, describe(arch).c_str());
  }
}

}  // namespace
