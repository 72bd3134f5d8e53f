// Kernel benchmarks on an orbit pair of 28 x 28 images: N = 64 rotations of two smooth random
// seeds (128 images, interleaved A0, B0, A1, B1, ...). Each fast path is measured against a
// straightforward scalar implementation kept here for comparison.
//
//   BM_MlpNtk_{Fast,Scalar}/depth   the MLP [Dense(1,1), Relu] x depth, Dense(1,1); 128 images
//   BM_CnnFcNtk_{Fast,Scalar}       Conv(3, circular, no bias), Relu, Flatten, Dense; 128 images
//   BM_CnnGapNtk_{Fast,Scalar}      ... Relu, GlobalAvgPool, Flatten, Dense; items_per_second =
//                                   position pairs per second (pairs of the triangle x P^2)
// Every benchmark computes NNGP and NTK together (one pass gives both). The scalar GAP runs on
// the first 16 images only (its items_per_second is comparable, its wall time is not).
// The maxrss_MB counter is the process's peak resident memory after the benchmark.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "symkit/kernel/fast.hpp"
#include "symkit/kernel/layers.hpp"

namespace {

using symkit::Mat;
using symkit::kernel::Architecture;
using symkit::kernel::KernelPair;
using symkit::kernel::Padding;
using symkit::kernel::Readout;

constexpr int kSide = 28;
constexpr int kOrbit = 64;
constexpr double kPi = 3.141592653589793238462643383279502884;

// A smooth random image: a sum of a few Gaussian blobs, zero mean, unit norm.
std::vector<double> smooth_seed(unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> pos(6.0, 21.0), amp(-1.0, 1.0), width(1.5, 4.0);
  std::vector<double> img(kSide * kSide, 0.0);
  for (int b = 0; b < 6; ++b) {
    const double cy = pos(rng), cx = pos(rng), a = amp(rng), w = width(rng);
    for (int y = 0; y < kSide; ++y) {
      for (int x = 0; x < kSide; ++x) {
        const double r2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
        img[y * kSide + x] += a * std::exp(-r2 / (2 * w * w));
      }
    }
  }
  double mean = 0.0;
  for (double v : img) mean += v;
  mean /= static_cast<double>(img.size());
  double norm = 0.0;
  for (double& v : img) {
    v -= mean;
    norm += v * v;
  }
  for (double& v : img) v /= std::sqrt(norm);
  return img;
}

// Bilinear rotation by `angle` about the image centre, zero outside.
std::vector<double> rotate(const std::vector<double>& img, double angle) {
  std::vector<double> out(img.size(), 0.0);
  const double c = std::cos(angle), s = std::sin(angle), mid = (kSide - 1) / 2.0;
  auto at = [&](int y, int x) {
    return (y < 0 || y >= kSide || x < 0 || x >= kSide) ? 0.0 : img[y * kSide + x];
  };
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      const double sy = c * (y - mid) - s * (x - mid) + mid;
      const double sx = s * (y - mid) + c * (x - mid) + mid;
      const int y0 = static_cast<int>(std::floor(sy)), x0 = static_cast<int>(std::floor(sx));
      const double fy = sy - y0, fx = sx - x0;
      out[y * kSide + x] = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) +
                           fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1));
    }
  }
  return out;
}

const Mat<double>& orbit_pair() {
  static const Mat<double> X = [] {
    const std::vector<double> a = smooth_seed(1), b = smooth_seed(2);
    Mat<double> M(2 * kOrbit, kSide * kSide);
    for (int k = 0; k < kOrbit; ++k) {
      const double angle = 2 * kPi * k / kOrbit;
      const std::vector<double> ra = rotate(a, angle), rb = rotate(b, angle);
      for (int p = 0; p < kSide * kSide; ++p) {
        M(2 * k, p) = ra[p];
        M(2 * k + 1, p) = rb[p];
      }
    }
    return M;
  }();
  return X;
}

double maxrss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

KernelPair<double> run_fast(const Architecture& arch, const Mat<double>& X, int side) {
  auto r = symkit::kernel::fast::try_compute(arch, X, nullptr, side);
  if (!r) throw std::runtime_error("no fast path");
  return std::move(*r);
}

// ------------------------------------------------------------------ straightforward versions

// One ReLU step on (nngp, ntk) with variances v1, v2.
inline void scalar_relu(double& k, double& t, double v1, double v2) {
  const double prod = v1 * v2;
  const double s = std::sqrt(std::max(prod - k * k, 0.0));
  const double theta = prod == 0.0 ? kPi / 2 : std::atan2(s, k);
  k = (s + (kPi - theta) * k) / (2 * kPi);
  t = t * (kPi - theta) / (2 * kPi);
}

KernelPair<double> scalar_mlp(const Mat<double>& X, int depth) {
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  KernelPair<double> out{Mat<double>(n, n), Mat<double>(n, n)};
  std::vector<double> var(n);
  for (int i = 0; i < n; ++i) {
    double v = 0;
    for (int k = 0; k < d; ++k) v += X(i, k) * X(i, k);
    var[i] = v / d;
  }
  for (int i = 0; i < n; ++i) {
    for (int j = i; j < n; ++j) {
      double c = 0;
      for (int k = 0; k < d; ++k) c += X(i, k) * X(j, k);
      double k_ = c / d, t = 0, v1 = var[i], v2 = var[j];
      for (int l = 0; l <= depth; ++l) {
        k_ = k_ + 1.0;
        t = k_ + t;
        v1 += 1.0;
        v2 += 1.0;
        if (l < depth) {
          scalar_relu(k_, t, v1, v2);
          v1 /= 2;
          v2 /= 2;
        }
      }
      out.nngp(i, j) = out.nngp(j, i) = k_;
      out.ntk(i, j) = out.ntk(j, i) = t;
    }
  }
  return out;
}

// Conv(3x3, circular, W = 1) covariance between position p of x and q of y.
inline double conv_cov(const double* x, const double* y, int py, int px, int qy, int qx) {
  double s = 0;
  for (int dy = -1; dy <= 1; ++dy) {
    for (int dx = -1; dx <= 1; ++dx) {
      const int a = ((py + dy + kSide) % kSide) * kSide + (px + dx + kSide) % kSide;
      const int b = ((qy + dy + kSide) % kSide) * kSide + (qx + dx + kSide) % kSide;
      s += x[a] * y[b];
    }
  }
  return s / 9.0;
}

KernelPair<double> scalar_cnn(const Mat<double>& X, bool gap) {
  const int n = static_cast<int>(X.rows()), P = kSide * kSide;
  std::vector<std::vector<double>> img(n, std::vector<double>(P)), var(n, std::vector<double>(P));
  for (int i = 0; i < n; ++i) {
    for (int p = 0; p < P; ++p) img[i][p] = X(i, p);
    for (int p = 0; p < P; ++p) {
      var[i][p] =
          conv_cov(img[i].data(), img[i].data(), p / kSide, p % kSide, p / kSide, p % kSide);
    }
  }
  KernelPair<double> out{Mat<double>(n, n), Mat<double>(n, n)};
  for (int i = 0; i < n; ++i) {
    for (int j = i; j < n; ++j) {
      double sk = 0, st = 0;
      for (int p = 0; p < P; ++p) {
        for (int q = gap ? 0 : p; q < (gap ? P : p + 1); ++q) {
          double k =
              conv_cov(img[i].data(), img[j].data(), p / kSide, p % kSide, q / kSide, q % kSide);
          double t = k;
          scalar_relu(k, t, var[i][p], var[j][q]);
          sk += k;
          st += t;
        }
      }
      const double count = gap ? static_cast<double>(P) * P : P;
      const double k = sk / count, t = st / count;  // readout Dense(1, no bias)
      out.nngp(i, j) = out.nngp(j, i) = k;
      out.ntk(i, j) = out.ntk(j, i) = k + t;
    }
  }
  return out;
}

// ------------------------------------------------------------------ benchmarks

void BM_MlpNtk_Fast(benchmark::State& state) {
  const Mat<double>& X = orbit_pair();
  const Architecture arch = symkit::kernel::mlp(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(run_fast(arch, X, 0).ntk.data());
  state.SetItemsProcessed(state.iterations() * X.rows() * (X.rows() + 1) / 2);
}
BENCHMARK(BM_MlpNtk_Fast)->Arg(1)->Arg(5)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_MlpNtk_Scalar(benchmark::State& state) {
  const Mat<double>& X = orbit_pair();
  for (auto _ : state) {
    benchmark::DoNotOptimize(scalar_mlp(X, static_cast<int>(state.range(0))).ntk.data());
  }
  state.SetItemsProcessed(state.iterations() * X.rows() * (X.rows() + 1) / 2);
}
BENCHMARK(BM_MlpNtk_Scalar)->Arg(1)->Arg(5)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_CnnFcNtk_Fast(benchmark::State& state) {
  const Mat<double>& X = orbit_pair();
  const Architecture arch = symkit::kernel::cnn(Readout::FC, 3, 1, Padding::Circular, 1.0);
  for (auto _ : state) benchmark::DoNotOptimize(run_fast(arch, X, kSide).ntk.data());
  state.SetItemsProcessed(state.iterations() * X.rows() * (X.rows() + 1) / 2 * kSide * kSide);
}
BENCHMARK(BM_CnnFcNtk_Fast)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CnnFcNtk_Scalar(benchmark::State& state) {
  const Mat<double>& X = orbit_pair();
  for (auto _ : state) benchmark::DoNotOptimize(scalar_cnn(X, false).ntk.data());
  state.SetItemsProcessed(state.iterations() * X.rows() * (X.rows() + 1) / 2 * kSide * kSide);
}
BENCHMARK(BM_CnnFcNtk_Scalar)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CnnGapNtk_Fast(benchmark::State& state) {
  const Mat<double>& X = orbit_pair();
  const Architecture arch = symkit::kernel::cnn(Readout::GAP, 3, 1, Padding::Circular, 1.0);
  for (auto _ : state) benchmark::DoNotOptimize(run_fast(arch, X, kSide).ntk.data());
  const double P = kSide * kSide;
  state.SetItemsProcessed(static_cast<int64_t>(static_cast<double>(state.iterations()) * X.rows() *
                                               (X.rows() + 1) / 2 * P * P));
  state.counters["maxrss_MB"] = maxrss_mb();
}
BENCHMARK(BM_CnnGapNtk_Fast)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CnnGapNtk_Scalar(benchmark::State& state) {
  const Mat<double> X = orbit_pair().topRows(16);
  for (auto _ : state) benchmark::DoNotOptimize(scalar_cnn(X, true).ntk.data());
  const double P = kSide * kSide;
  state.SetItemsProcessed(static_cast<int64_t>(static_cast<double>(state.iterations()) * X.rows() *
                                               (X.rows() + 1) / 2 * P * P));
}
BENCHMARK(BM_CnnGapNtk_Scalar)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
