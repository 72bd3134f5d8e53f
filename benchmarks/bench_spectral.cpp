// Spectral error (eq. 7) against dense exact leave-one-out regression, 2N = 16 ... 4096.
//
//   BM_SpectralFromRow     first row -> FFT spectrum -> eq. 7            O(N log N)
//   BM_SpectralFromKernel  + kernel checks, defect, diagonal means       O(N^2)
//   BM_ExactLeaveOneOut    remove one row/column, Cholesky, predict      O(N^3)
// The kernel is circulant and positive definite: c_d = 0.5^min(d, 2N-d), plus 1 on c_0.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>

#include "symkit/regress/gp.hpp"
#include "symkit/spectral/circulant.hpp"
#include "symkit/spectral/dft.hpp"
#include "symkit/spectral/spectral_error.hpp"

namespace {

using symkit::Mat;
using symkit::Vec;

Vec<double> first_row(Eigen::Index n) {
  Vec<double> c(n);
  for (Eigen::Index d = 0; d < n; ++d)
    c(d) = std::pow(0.5, static_cast<double>(std::min(d, n - d)));
  c(0) += 1.0;
  return c;
}

void BM_SpectralFromRow(benchmark::State& st) {
  const Vec<double> c = first_row(st.range(0));
  for (auto _ : st) {
    const auto se = symkit::spectral::spectral_error(symkit::spectral::circulant_spectrum(c));
    benchmark::DoNotOptimize(se.error);
  }
  st.SetComplexityN(st.range(0));
}

void BM_SpectralFromKernel(benchmark::State& st) {
  const Mat<double> K = symkit::spectral::circulant_from_row(first_row(st.range(0)));
  for (auto _ : st) {
    const auto se = symkit::spectral::spectral_error(symkit::spectral::kernel_spectrum(K, false));
    benchmark::DoNotOptimize(se.error);
  }
  st.SetComplexityN(st.range(0));
}

void BM_ExactLeaveOneOut(benchmark::State& st) {
  const Eigen::Index n = st.range(0);
  const Mat<double> K = symkit::spectral::circulant_from_row(first_row(n));
  const Vec<double> y = symkit::regress::interleaved_labels<double>(n);
  for (auto _ : st) {
    const auto lo = symkit::regress::leave_out(K, y, {0});
    benchmark::DoNotOptimize(lo.abs_error(0));
  }
  st.SetComplexityN(n);
}

BENCHMARK(BM_SpectralFromRow)->RangeMultiplier(4)->Range(16, 4096)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SpectralFromKernel)
    ->RangeMultiplier(4)
    ->Range(16, 4096)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ExactLeaveOneOut)->RangeMultiplier(4)->Range(16, 4096)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
