// The library against a second, deliberately naive implementation written here: full P x P
// spatial covariances for every architecture (also where the library keeps only the diagonal),
// 2-D window sums without separability, angles from acos of a clamped correlation, and the
// self-covariances of both inputs propagated alongside. (Inputs avoid correlations of exactly
// +-1 between distinct positions, where any formula carries sqrt(eps)-sized angle errors.) Deep and
// mixed stacks (several Conv layers, strides, SAME / VALID / CIRCULAR, biases, layers after
// GlobalAvgPool).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "symkit/kernel/layers.hpp"

namespace {

using namespace symkit::kernel;
using symkit::Mat;
const double kPi = 3.14159265358979323846;

using Grid = std::vector<std::vector<double>>;  // [p][q], p = row * n + column

struct NaiveState {
  bool spatial = true;
  int n = 0;
  Grid k11, k22, k12, t12;  // spatial covariances (or 1 x 1 when flat)
};

int window_index(int n, int f, int s, Padding pad, int o, int d) {
  int out, low = 0;
  if (pad == Padding::Valid) {
    out = (n - f) / s + 1;
  } else {
    out = (n + s - 1) / s;
    low = std::max((out - 1) * s + f - n, 0) / 2;
  }
  (void)out;
  int i = s * o - low + d;
  if (pad == Padding::Circular) return ((i % n) + n) % n;
  return (i < 0 || i >= n) ? -1 : i;
}

Grid conv_naive(const Grid& g, int n, const Layer& l, int m) {
  const int f = l.filter;
  Grid out(m * m, std::vector<double>(m * m, 0.0));
  for (int pr = 0; pr < m; ++pr)
    for (int pc = 0; pc < m; ++pc)
      for (int qr = 0; qr < m; ++qr)
        for (int qc = 0; qc < m; ++qc) {
          double acc = 0;
          for (int dr = 0; dr < f; ++dr)
            for (int dc = 0; dc < f; ++dc) {
              const int a = window_index(n, f, l.stride, l.padding, pr, dr);
              const int b = window_index(n, f, l.stride, l.padding, pc, dc);
              const int c = window_index(n, f, l.stride, l.padding, qr, dr);
              const int d = window_index(n, f, l.stride, l.padding, qc, dc);
              if (a < 0 || b < 0 || c < 0 || d < 0) continue;
              acc += g[a * n + b][c * n + d];
            }
          out[pr * m + pc][qr * m + qc] = acc / (f * f);
        }
  return out;
}

// ReLU expectation E[relu(u) relu(v)] for variances v1, v2 and covariance c, via acos.
void relu_naive(double& c, double& t, double v1, double v2) {
  double theta = kPi / 2;
  const double r = std::sqrt(v1 * v2);
  if (r > 0) theta = std::acos(std::clamp(c / r, -1.0, 1.0));
  const double nngp = (r * std::sin(theta) + (kPi - theta) * c) / (2 * kPi);
  t *= (kPi - theta) / (2 * kPi);
  c = nngp;
}

// Returns (nngp, ntk) of the pair.
std::pair<double, double> naive_kernel(const Architecture& arch, const double* x1, const double* x2,
                                       int cols, int side) {
  NaiveState s;
  s.spatial = side > 0;
  s.n = side;
  const int P = s.spatial ? side * side : 1;
  s.k11.assign(P, std::vector<double>(P));
  s.k22 = s.k12 = s.t12 = s.k11;
  if (s.spatial) {
    for (int p = 0; p < P; ++p)
      for (int q = 0; q < P; ++q) {
        s.k11[p][q] = x1[p] * x1[q];
        s.k22[p][q] = x2[p] * x2[q];
        s.k12[p][q] = x1[p] * x2[q];
        s.t12[p][q] = 0;
      }
  } else {
    double a = 0, b = 0, c = 0;
    for (int i = 0; i < cols; ++i) {
      a += x1[i] * x1[i];
      b += x2[i] * x2[i];
      c += x1[i] * x2[i];
    }
    s.k11[0][0] = a / cols;
    s.k22[0][0] = b / cols;
    s.k12[0][0] = c / cols;
  }
  for (const Layer& l : arch) {
    const double w2 = l.w_std * l.w_std, b2 = l.has_bias ? l.b_std * l.b_std : 0.0;
    const int size = static_cast<int>(s.k12.size());
    switch (l.type) {
      case Layer::Type::Dense:
      case Layer::Type::Conv: {
        Grid t = s.t12;
        if (l.type == Layer::Type::Conv) {
          const int m = conv_output_side(s.n, l.filter, l.stride, l.padding);
          s.k11 = conv_naive(s.k11, s.n, l, m);
          s.k22 = conv_naive(s.k22, s.n, l, m);
          s.k12 = conv_naive(s.k12, s.n, l, m);
          t = conv_naive(s.t12, s.n, l, m);
          s.n = m;
        }
        const int sz = static_cast<int>(s.k12.size());
        for (int p = 0; p < sz; ++p)
          for (int q = 0; q < sz; ++q) {
            s.k11[p][q] = w2 * s.k11[p][q] + b2;
            s.k22[p][q] = w2 * s.k22[p][q] + b2;
            s.k12[p][q] = w2 * s.k12[p][q] + b2;
            t[p][q] = s.k12[p][q] + w2 * t[p][q];
          }
        s.t12 = t;
        break;
      }
      case Layer::Type::Relu: {
        std::vector<double> d1(size), d2(size);
        for (int p = 0; p < size; ++p) {
          d1[p] = s.k11[p][p];
          d2[p] = s.k22[p][p];
        }
        for (int p = 0; p < size; ++p)
          for (int q = 0; q < size; ++q) {
            double dummy = 0;
            relu_naive(s.k11[p][q], dummy, d1[p], d1[q]);
            relu_naive(s.k22[p][q], dummy, d2[p], d2[q]);
            relu_naive(s.k12[p][q], s.t12[p][q], d1[p], d2[q]);
          }
        break;
      }
      case Layer::Type::Flatten:
      case Layer::Type::GlobalAvgPool: {
        if (!s.spatial) break;
        const bool all = l.type == Layer::Type::GlobalAvgPool;
        auto reduce = [&](const Grid& g) {
          double acc = 0;
          for (int p = 0; p < size; ++p)
            for (int q = 0; q < size; ++q)
              if (all || p == q) acc += g[p][q];
          return acc / (all ? double(size) * size : double(size));
        };
        const double a = reduce(s.k11), b = reduce(s.k22), c = reduce(s.k12), t = reduce(s.t12);
        s.k11 = {{a}};
        s.k22 = {{b}};
        s.k12 = {{c}};
        s.t12 = {{t}};
        s.spatial = false;
        break;
      }
    }
  }
  return {s.k12[0][0], s.t12[0][0]};
}

TEST(KernelReference, DeepAndMixedStacksMatchNaiveFullSpatialImplementation) {
  const int n = 8;
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g(0.0, 1.0);
  Mat<double> X(3, n * n);
  for (int i = 0; i < X.rows(); ++i)
    for (int j = 0; j < X.cols(); ++j) X(i, j) = g(rng);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) X(2, r * n + c) = 0.0;  // a zero corner: all-zero patches
  const std::vector<Architecture> archs = {
      cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0, 2),
      cnn(Readout::FC, 3, 1, Padding::Circular, 1.3, 3),
      cnn_with_bias(Readout::FC, 2, 1, Padding::Same, 0.9, 0.4, 2),
      cnn_with_bias(Readout::GAP, 4, 2, Padding::Same, 1.1, 0.3, 2),
      {ConvNoBias(3, 1, Padding::Valid, 1.2), Relu(), Conv(2, 2, Padding::Circular, 0.8, 0.5),
       Relu(), GlobalAvgPool(), Flatten(), DenseNoBias(1.0)},
      {ConvNoBias(4, 4, Padding::Circular, 1.0), Relu(), GlobalAvgPool(), Dense(1.5, 0.2), Relu(),
       Dense(1.0, 0.1)},
      {ConvNoBias(5, 1, Padding::Same, 1.0), Relu(), Flatten(), Dense(1.2, 0.7), Relu(),
       DenseNoBias(0.9)},
      {Conv(2, 2, Padding::Circular, 1.0, 0.0), Relu(), ConvNoBias(3, 1, Padding::Same, 1.4),
       Relu(), GlobalAvgPool(), DenseNoBias(1.0)},
  };
  for (const auto& arch : archs) {
    SCOPED_TRACE(describe(arch));
    const auto K = compute_generic(arch, X, X);
    const auto S = compute(arch, X);
    for (int a = 0; a < 3; ++a) {
      for (int b = 0; b < 3; ++b) {
        const Eigen::VectorXd xa = X.row(a).transpose(), xb = X.row(b).transpose();
        const auto [nn, nt] = naive_kernel(arch, xa.data(), xb.data(), n * n, n);
        const double scale = std::max(1e-300, std::abs(S.ntk(a, a)) + std::abs(S.ntk(b, b)));
        EXPECT_NEAR(K.nngp(a, b), nn, 1e-12 * scale) << a << "," << b;
        EXPECT_NEAR(K.ntk(a, b), nt, 1e-12 * scale) << a << "," << b;
        EXPECT_NEAR(S.nngp(a, b), nn, 1e-12 * scale) << a << "," << b;
        EXPECT_NEAR(S.ntk(a, b), nt, 1e-12 * scale) << a << "," << b;
      }
    }
  }
}

TEST(KernelReference, FlatMlpMatchesNaive) {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> g(0.0, 1.0);
  Mat<double> X(4, 6);
  for (int i = 0; i < X.rows(); ++i)
    for (int j = 0; j < X.cols(); ++j) X(i, j) = g(rng);
  for (const auto& arch : {mlp(5), mlp(2, 1.4, 0.1), mlp_no_bias(3, 0.8)}) {
    SCOPED_TRACE(describe(arch));
    const auto K = compute(arch, X);
    for (int a = 0; a < 4; ++a) {
      for (int b = 0; b < 4; ++b) {
        const Eigen::VectorXd xa = X.row(a).transpose(), xb = X.row(b).transpose();
        const auto [nn, nt] = naive_kernel(arch, xa.data(), xb.data(), 6, 0);
        EXPECT_NEAR(K.nngp(a, b), nn, 1e-13 * std::abs(K.nngp(a, a)));
        EXPECT_NEAR(K.ntk(a, b), nt, 1e-13 * std::abs(K.ntk(a, a)));
      }
    }
  }
}

}  // namespace
