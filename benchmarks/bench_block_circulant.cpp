// Exact leave-angle-out regression on several orbits: the block-circulant solver against a dense
// Cholesky inverse (LAPACK dpotrf + dpotri) of the same kernel, and the block solver alone at
// 10 classes x 100 seeds x 64 angles (64,000 points).
//
// Kernel (set-up, not timed): random features that are equivariant under cyclic shifts, plus a
// nugget, so the kernel is exactly block-circulant and positive definite by construction:
//   x_s in R^{N x c} (c channels), (g x)[t] = x[(t + 1) mod N],
//   C_j[s, s'] = (1/(N c)) sum_{t, ch} x_s[t, ch] x_{s'}[(t + j) mod N, ch] + eta [j = 0, s = s'],
// built in the frequency domain: Lambda_m = Xhat_m^H Xhat_m / (N c) + eta I, then C_j by an
// inverse real FFT over m.
// Task (timed): leave angle k out of every orbit of one class (half of the orbits, or one class of
// ten with one-versus-all labels), for every k = 0..N-1, exact predictions.
#include <benchmark/benchmark.h>
#include <fftw3.h>
#include <lapacke.h>

#include <Eigen/Cholesky>
#include <complex>
#include <random>

#include "symkit/spectral/block_circulant.hpp"

namespace {

using Eigen::Index;
using symkit::Mat;
using symkit::Vec;
using symkit::spectral::BlockCirculant;
using symkit::spectral::BlockCirculantSolver;
using cd = std::complex<double>;

BlockCirculant<double> random_feature_blocks(int N, int S, int channels, double eta,
                                             unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g;
  const int h = N / 2;
  // xhat[m](ch, s) = sum_t x_s[t, ch] w^{t m}, w = exp(-2 pi i / N).
  std::vector<Eigen::MatrixXcd> xhat(h + 1, Eigen::MatrixXcd::Zero(channels, S));
  std::vector<double> x(size_t(N) * channels);
  for (int s = 0; s < S; ++s) {
    for (double& v : x) v = g(rng);
    for (int m = 0; m <= h; ++m)
      for (int t = 0; t < N; ++t) {
        const double a = -2 * M_PI * double((long long)t * m % N) / N;
        const cd w(std::cos(a), std::sin(a));
        for (int ch = 0; ch < channels; ++ch) xhat[m](ch, s) += x[size_t(t) * channels + ch] * w;
      }
  }
  const size_t SS = size_t(S) * S;
  std::vector<cd> spec(SS * (h + 1));
  for (int m = 0; m <= h; ++m) {
    Eigen::Map<Eigen::MatrixXcd> L(spec.data() + SS * m, S, S);
    L.noalias() = xhat[m].adjoint() * xhat[m] / double(N * channels);
    L.diagonal().array() += eta;
  }
  BlockCirculant<double> B;
  B.angles = N;
  B.orbits = S;
  B.row.resize(S, Index(N) * S);
  int n = N;
  fftw_plan p =
      fftw_plan_many_dft_c2r(1, &n, int(SS), reinterpret_cast<fftw_complex*>(spec.data()), nullptr,
                             int(SS), 1, B.row.data(), nullptr, int(SS), 1, FFTW_ESTIMATE);
  fftw_execute(p);
  fftw_destroy_plan(p);
  B.row /= double(N);
  return B;
}

Vec<double> class_labels(int N, int S, int first, int count) {
  Vec<double> y(Index(N) * S);
  for (int k = 0; k < N; ++k)
    for (int s = 0; s < S; ++s) y(Index(k) * S + s) = (s >= first && s < first + count) ? 1 : -1;
  return y;
}

std::vector<int> range(int first, int count) {
  std::vector<int> r(count);
  for (int i = 0; i < count; ++i) r[i] = first + i;
  return r;
}

// Dense exact leave-angle-out by the block-inverse identity on the dense inverse.
Mat<double> dense_leave_angle_out(const Mat<double>& K, const Vec<double>& y, int N, int S,
                                  const std::vector<int>& I) {
  Mat<double> A = K;
  const Index n = K.rows();
  if (LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', n, A.data(), n) != 0) return Mat<double>();
  if (LAPACKE_dpotri(LAPACK_COL_MAJOR, 'L', n, A.data(), n) != 0) return Mat<double>();
  A.triangularView<Eigen::StrictlyUpper>() = A.transpose();
  const Vec<double> alpha = A * y;
  const Index ni = Index(I.size());
  Mat<double> out(N, ni);
  for (int k = 0; k < N; ++k) {
    Mat<double> D(ni, ni);
    Vec<double> a(ni), yp(ni);
    for (Index i = 0; i < ni; ++i) {
      const Index p = Index(k) * S + I[i];
      a(i) = alpha(p);
      yp(i) = y(p);
      for (Index j = 0; j < ni; ++j) D(i, j) = A(p, Index(k) * S + I[j]);
    }
    out.row(k) = (yp - D.llt().solve(a)).transpose();
  }
  return out;
}

void BM_LeaveAngleOut_Block(benchmark::State& state) {
  const int N = 64, S = int(state.range(0));
  const BlockCirculant<double> B = random_feature_blocks(N, S, 8, 0.05, 1234);
  const Vec<double> y = class_labels(N, S, 0, S / 2);
  const std::vector<int> I = range(0, S / 2);
  for (auto _ : state) {
    BlockCirculantSolver<double> solver(B);
    Mat<double> mu = solver.leave_angle_out(y, I);
    benchmark::DoNotOptimize(mu.data());
  }
  state.counters["points"] = double(N) * S;
}

void BM_LeaveAngleOut_Dense(benchmark::State& state) {
  const int N = 64, S = int(state.range(0));
  const BlockCirculant<double> B = random_feature_blocks(N, S, 8, 0.05, 1234);
  const Mat<double> K = B.dense();
  const Vec<double> y = class_labels(N, S, 0, S / 2);
  const std::vector<int> I = range(0, S / 2);
  Mat<double> mu;
  for (auto _ : state) {
    mu = dense_leave_angle_out(K, y, N, S, I);
    benchmark::DoNotOptimize(mu.data());
  }
  // Both methods must agree.
  const Mat<double> ref = BlockCirculantSolver<double>(B).leave_angle_out(y, I);
  const double diff = mu.size() ? (mu - ref).cwiseAbs().maxCoeff() : 1e300;
  if (!(diff <= 1e-8)) state.SkipWithError("dense and block-circulant results differ");
  state.counters["max_abs_diff"] = diff;
  state.counters["points"] = double(N) * S;
}

// 10 classes x 100 seeds x 64 angles: leave angle k out of every orbit of class c, for every k
// and every class c (one-versus-all labels: +1 for class c, -1 for the others).
void BM_LeaveAngleOut_Block_10x100x64(benchmark::State& state) {
  const int N = 64, C = 10, M = 100, S = C * M;
  const BlockCirculant<double> B = random_feature_blocks(N, S, 8, 0.05, 99);
  double err = 0;
  for (auto _ : state) {
    BlockCirculantSolver<double> solver(B);
    err = 0;
    for (int c = 0; c < C; ++c) {
      const Vec<double> y = class_labels(N, S, c * M, M);
      const Mat<double> mu = solver.leave_angle_out(y, range(c * M, M));
      err += (1.0 - mu.array()).abs().mean() / C;
    }
  }
  state.counters["points"] = double(N) * S;
  state.counters["mean_abs_error"] = err;
}

}  // namespace

BENCHMARK(BM_LeaveAngleOut_Block)->Arg(26)->Arg(130)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LeaveAngleOut_Dense)
    ->Arg(26)
    ->Arg(130)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK(BM_LeaveAngleOut_Block_10x100x64)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

BENCHMARK_MAIN();
