// Throughput of the image group actions on 28 x 28 images (one action per iteration).
#include <benchmark/benchmark.h>

#include <random>

#include "symkit/data/normalize.hpp"
#include "symkit/data/orbits.hpp"
#include "symkit/group/image.hpp"

namespace {

using namespace symkit;

Vec<double> image28() {
  std::mt19937_64 rng(1);
  Vec<double> x(784);
  for (Eigen::Index i = 0; i < 784; ++i) x[i] = static_cast<double>(rng() % 256) / 255.0;
  return x;
}

void BM_C4Rotation(benchmark::State& state) {
  const group::C4Rotation g(28);
  const Vec<double> x = image28();
  for (auto _ : state) benchmark::DoNotOptimize(g.act(x, 1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_C4Rotation);

void BM_RotationCubic(benchmark::State& state) {
  const group::InterpolatedRotation g(28, 16, group::Interp::cubic);
  const Vec<double> x = image28();
  for (auto _ : state) benchmark::DoNotOptimize(g.act(x, 3));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RotationCubic);

void BM_RotationLinear(benchmark::State& state) {
  const group::InterpolatedRotation g(28, 16, group::Interp::linear);
  const Vec<double> x = image28();
  for (auto _ : state) benchmark::DoNotOptimize(g.act(x, 3));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RotationLinear);

void BM_FourierTranslation(benchmark::State& state) {
  const group::FourierTranslation g(28, 64);
  const Vec<double> x = image28();
  for (auto _ : state) benchmark::DoNotOptimize(g.act(x, 5));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FourierTranslation);

void BM_RotatedPairDataset(benchmark::State& state) {
  // A normalised interleaved pair of N = 64 rotated 28 x 28 images.
  const group::InterpolatedRotation g(28, 64, group::Interp::cubic);
  const Vec<double> a = data::normalize_sphere(image28());
  const Vec<double> b = data::normalize_sphere(Vec<double>(image28().reverse()));
  for (auto _ : state) benchmark::DoNotOptimize(data::interleaved_pair<double>(g, a, b));
  state.SetItemsProcessed(state.iterations() * 128);
}
BENCHMARK(BM_RotatedPairDataset);

}  // namespace

BENCHMARK_MAIN();
