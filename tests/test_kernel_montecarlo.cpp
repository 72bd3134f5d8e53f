// Monte Carlo checks of the analytic kernels against finite random networks written here, in
// the 'ntk' parameterisation (weights N(0, 1), each layer's output scaled by W_std / sqrt(fan_in),
// biases b_std N(0, 1), conv fan-in = f^2 x channels), independent of the kernel code.
//  - NNGP: the empirical E[f(x) f(x')] over many networks within 4 standard errors.
//  - NTK: the empirical tangent kernel (hand-derived parameter gradients) of wide networks,
//    averaged over a few networks, within a few percent.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <cmath>
#include <random>
#include <vector>

#include "symkit/kernel/layers.hpp"

namespace {

using namespace symkit::kernel;
using symkit::Mat;
using Rng = std::mt19937_64;

double relu(double x) { return x > 0 ? x : 0; }

Mat<double> normal_matrix(int r, int c, Rng& rng) {
  std::normal_distribution<double> g(0.0, 1.0);
  Mat<double> M(r, c);
  for (int i = 0; i < r; ++i) {
    for (int j = 0; j < c; ++j) M(i, j) = g(rng);
  }
  return M;
}

// Accumulates samples of f(x_a) f(x_b) for all pairs and checks the mean against K.
struct PairStats {
  int m;
  Mat<double> sum, sum2;
  long count = 0;
  explicit PairStats(int m_)
      : m(m_), sum(Mat<double>::Zero(m_, m_)), sum2(Mat<double>::Zero(m_, m_)) {}
  void add(const std::vector<double>& f) {
    for (int a = 0; a < m; ++a) {
      for (int b = 0; b < m; ++b) {
        const double p = f[a] * f[b];
        sum(a, b) += p;
        sum2(a, b) += p * p;
      }
    }
    ++count;
  }
  void expect_matches(const Mat<double>& K) const {
    for (int a = 0; a < m; ++a) {
      for (int b = 0; b < m; ++b) {
        const double mean = sum(a, b) / count;
        const double var = sum2(a, b) / count - mean * mean;
        const double se = std::sqrt(var / count);
        EXPECT_LT(std::abs(mean - K(a, b)), 4 * se)
            << "entry (" << a << "," << b << "): MC " << mean << " +- " << se << ", analytic "
            << K(a, b);
        // The test has power: the standard error is small against the kernel's scale.
        EXPECT_LT(se, 0.03 * std::sqrt(K(a, a) * K(b, b)));
      }
    }
  }
};

// ---------------------------------------------------------------- MLP

// One random MLP of depth 1 or 2 evaluated on the rows of X. Depth 2: the second layer's
// pre-activations of each unit are drawn from their exact joint law given the first layer's
// activations (Gaussian with covariance W^2 a.a' / n + b^2), the same law as a drawn W2 row.
std::vector<double> mlp_sample(const Mat<double>& X, int depth, int width, double W, double b,
                               Rng& rng) {
  const int m = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  std::normal_distribution<double> g(0.0, 1.0);
  const Mat<double> U = normal_matrix(width, d, rng);
  Mat<double> A(m, width);  // activations per input
  for (int i = 0; i < width; ++i) {
    const double beta = g(rng);
    for (int a = 0; a < m; ++a) {
      A(a, i) = relu(W / std::sqrt(double(d)) * U.row(i).dot(X.row(a)) + b * beta);
    }
  }
  if (depth == 2) {
    Mat<double> G = (W * W / width) * (A * A.transpose());
    G.array() += b * b;
    const Eigen::LLT<Mat<double>> llt(G);
    const Mat<double> L = llt.matrixL();
    Mat<double> A2(m, width);
    for (int i = 0; i < width; ++i) {
      Eigen::VectorXd z(m);
      for (int a = 0; a < m; ++a) z(a) = g(rng);
      const Eigen::VectorXd h = L * z;
      for (int a = 0; a < m; ++a) A2(a, i) = relu(h(a));
    }
    A = A2;
  }
  const Eigen::VectorXd v = normal_matrix(width, 1, rng);
  const double beta = g(rng);
  std::vector<double> f(m);
  for (int a = 0; a < m; ++a) f[a] = W / std::sqrt(double(width)) * A.row(a).dot(v) + b * beta;
  return f;
}

Mat<double> mlp_inputs() {
  Rng rng(7);
  Mat<double> X = normal_matrix(3, 5, rng);
  X.row(2) = -0.7 * X.row(0) + 0.3 * X.row(1);  // a negatively correlated pair
  return X;
}

TEST(KernelMonteCarlo, MlpNngpDepth1And2) {
  const Mat<double> X = mlp_inputs();
  const double W = 1.3, b = 0.4;
  for (int depth : {1, 2}) {
    SCOPED_TRACE(depth);
    Rng rng(100 + depth);
    PairStats st(3);
    const int width = depth == 1 ? 8 : 256;
    for (int s = 0; s < 40000; ++s) st.add(mlp_sample(X, depth, width, W, b, rng));
    st.expect_matches(compute(mlp(depth, W, b), X).nngp);
  }
}

// Empirical NTK of one MLP of depth 1 and width n:
//   f = (W/sqrt n) sum_i v_i relu(h_i) + b beta2,  h_i = (W/sqrt d) U_i.x + b beta1_i.
//   df/dv_i = (W/sqrt n) relu(h_i); df/dbeta2 = b;
//   df/dU_ij = (W/sqrt n) v_i 1[h_i > 0] (W/sqrt d) x_j; df/dbeta1_i = (W/sqrt n) v_i 1[h_i > 0] b.
TEST(KernelMonteCarlo, MlpNtkDepth1) {
  const Mat<double> X = mlp_inputs();
  const double W = 1.3, b = 0.4;
  const int m = 3, d = 5, n = 8192, nets = 4;
  Rng rng(5);
  std::normal_distribution<double> g(0.0, 1.0);
  Mat<double> emp = Mat<double>::Zero(m, m);
  for (int t = 0; t < nets; ++t) {
    const Mat<double> U = normal_matrix(n, d, rng);
    const Eigen::VectorXd beta1 = normal_matrix(n, 1, rng), v = normal_matrix(n, 1, rng);
    Mat<double> act(m, n), gate(m, n);
    for (int a = 0; a < m; ++a) {
      for (int i = 0; i < n; ++i) {
        const double h = W / std::sqrt(double(d)) * U.row(i).dot(X.row(a)) + b * beta1(i);
        act(a, i) = relu(h);
        gate(a, i) = h > 0 ? 1.0 : 0.0;
      }
    }
    for (int a = 0; a < m; ++a) {
      for (int c = 0; c < m; ++c) {
        double theta = b * b;                                          // beta2
        const double in = W * W / d * X.row(a).dot(X.row(c)) + b * b;  // U and beta1 rows
        for (int i = 0; i < n; ++i) {
          theta += W * W / n * act(a, i) * act(c, i);
          theta += W * W / n * v(i) * v(i) * gate(a, i) * gate(c, i) * in;
        }
        emp(a, c) += theta / nets;
      }
    }
  }
  const Mat<double> K = compute(mlp(1, W, b), X).ntk;
  for (int a = 0; a < m; ++a) {
    for (int c = 0; c < m; ++c) {
      EXPECT_NEAR(emp(a, c), K(a, c), 0.03 * std::sqrt(K(a, a) * K(c, c))) << a << "," << c;
    }
  }
}

// ---------------------------------------------------------------- CNN

// Window geometry written independently: output o on an axis of side n reads input
// s o - low + d (d = 0..f-1), wrapped (circular) or dropped (zero padding).
struct Geometry {
  int n, f, s, out, low;
  bool wrap;
  Geometry(int n_, int f_, int s_, bool wrap_) : n(n_), f(f_), s(s_), wrap(wrap_) {
    out = (n + s - 1) / s;
    low = std::max((out - 1) * s + f - n, 0) / 2;
  }
  int at(int o, int d) const {
    int i = s * o - low + d;
    if (wrap) return ((i % n) + n) % n;
    return (i < 0 || i >= n) ? -1 : i;
  }
};

// Pre-activations h[c][o] of a one-input-channel conv layer with C channels (no bias):
// h = (W / sqrt(f^2)) sum_{dr, dc} w_c[dr, dc] x[at(or, dr), at(oc, dc)].
Mat<double> conv_forward(const Eigen::VectorXd& x, const Mat<double>& w, const Geometry& g,
                         double W) {
  const int C = static_cast<int>(w.rows()), P = g.out * g.out;
  Mat<double> h = Mat<double>::Zero(C, P);
  for (int orow = 0; orow < g.out; ++orow) {
    for (int ocol = 0; ocol < g.out; ++ocol) {
      for (int dr = 0; dr < g.f; ++dr) {
        for (int dc = 0; dc < g.f; ++dc) {
          const int r = g.at(orow, dr), c = g.at(ocol, dc);
          if (r < 0 || c < 0) continue;
          const double xv = x(r * g.n + c);
          for (int ch = 0; ch < C; ++ch) h(ch, orow * g.out + ocol) += w(ch, dr * g.f + dc) * xv;
        }
      }
    }
  }
  return h * (W / g.f);
}

Mat<double> images() {
  Rng rng(9);
  return normal_matrix(3, 36, rng);
}

TEST(KernelMonteCarlo, CnnNngpFcAndGap) {
  const Mat<double> X = images();
  struct Cfg {
    const char* name;
    Readout readout;
    int f, s;
    Padding padding;
    double W;
  };
  for (const Cfg& cfg : {Cfg{"fc-circular-f3", Readout::FC, 3, 1, Padding::Circular, 1.0},
                         Cfg{"gap-circular-f3", Readout::GAP, 3, 1, Padding::Circular, 1.2},
                         Cfg{"fc-same-f4-s2", Readout::FC, 4, 2, Padding::Same, 0.9}}) {
    SCOPED_TRACE(cfg.name);
    const Geometry geo(6, cfg.f, cfg.s, cfg.padding == Padding::Circular);
    const int C = 4, P = geo.out * geo.out;
    Rng rng(31);
    PairStats st(3);
    for (int s = 0; s < 20000; ++s) {
      const Mat<double> w = normal_matrix(C, cfg.f * cfg.f, rng);
      std::vector<double> f(3);
      if (cfg.readout == Readout::FC) {
        const Mat<double> v = normal_matrix(C, P, rng);
        for (int a = 0; a < 3; ++a) {
          const Mat<double> h = conv_forward(X.row(a).transpose(), w, geo, cfg.W);
          f[a] = cfg.W / std::sqrt(double(C * P)) * (h.unaryExpr(&relu).cwiseProduct(v)).sum();
        }
      } else {
        const Eigen::VectorXd v = normal_matrix(C, 1, rng);
        for (int a = 0; a < 3; ++a) {
          const Mat<double> h = conv_forward(X.row(a).transpose(), w, geo, cfg.W);
          const Eigen::VectorXd pooled = h.unaryExpr(&relu).rowwise().mean();
          f[a] = cfg.W / std::sqrt(double(C)) * pooled.dot(v);
        }
      }
      st.add(f);
    }
    const auto arch = cnn(cfg.readout, cfg.f, cfg.s, cfg.padding, cfg.W);
    st.expect_matches(compute(arch, X).nngp);
  }
}

// Empirical NTK of one wide CNN-FC (C channels, no bias):
//   h_c[p] = (W / f) sum_d w_c[d] x[p, d];  out = (W / sqrt(C P)) sum_{c,p} v_{c,p} relu(h_c[p]).
//   d out / d v_{c,p} = (W / sqrt(C P)) relu(h_c[p]);
//   d out / d w_c[d] = (W / sqrt(C P)) sum_p v_{c,p} 1[h_c[p] > 0] (W / f) x[p, d].
TEST(KernelMonteCarlo, CnnFcNtk) {
  const Mat<double> X = images();
  const double W = 1.2;
  const Geometry geo(6, 3, 1, true);
  const int C = 2048, P = 36, F = 9, nets = 4;
  Rng rng(77);
  Mat<double> emp = Mat<double>::Zero(3, 3);
  for (int t = 0; t < nets; ++t) {
    const Mat<double> w = normal_matrix(C, F, rng), v = normal_matrix(C, P, rng);
    std::vector<Mat<double>> gv(3), gw(3);
    for (int a = 0; a < 3; ++a) {
      const Mat<double> h = conv_forward(X.row(a).transpose(), w, geo, W);
      const double scale = W / std::sqrt(double(C * P));
      gv[a] = scale * h.unaryExpr(&relu);
      // Patches: patch(p, d) = x at the window of p, offset d.
      Mat<double> patch(P, F);
      for (int orow = 0; orow < 6; ++orow) {
        for (int ocol = 0; ocol < 6; ++ocol) {
          for (int dr = 0; dr < 3; ++dr) {
            for (int dc = 0; dc < 3; ++dc) {
              patch(orow * 6 + ocol, dr * 3 + dc) = X(a, geo.at(orow, dr) * 6 + geo.at(ocol, dc));
            }
          }
        }
      }
      const Mat<double> gated =
          v.cwiseProduct(h.unaryExpr([](double z) { return z > 0 ? 1.0 : 0.0; }));
      gw[a] = scale * (W / 3.0) * (gated * patch);
    }
    for (int a = 0; a < 3; ++a) {
      for (int c = 0; c < 3; ++c) {
        emp(a, c) += (gv[a].cwiseProduct(gv[c]).sum() + gw[a].cwiseProduct(gw[c]).sum()) / nets;
      }
    }
  }
  const Mat<double> K = compute(cnn(Readout::FC, 3, 1, Padding::Circular, W), X).ntk;
  for (int a = 0; a < 3; ++a) {
    for (int c = 0; c < 3; ++c) {
      EXPECT_NEAR(emp(a, c), K(a, c), 0.04 * std::sqrt(K(a, a) * K(c, c))) << a << "," << c;
    }
  }
}

}  // namespace
