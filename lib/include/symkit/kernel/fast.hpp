// Fast double-precision kernel paths (BLAS, box filters, SIMD arc-cosine, OpenMP).
//
// symkit::kernel::compute<double> asks try_compute first and falls back to the generic per-pair
// path when the architecture has no fast path. Every fast path is tested against compute_generic
// (equal to 1e-12 relative) and against a direct scalar evaluation of theory.md's formulas.
//
// Architectures with a fast path (anything else gives std::nullopt):
//   * flat inputs, any sequence of Dense / Relu layers (the MLP of any depth): one BLAS GEMM (SYRK
//     for a batch against itself) for X1 X2^T / d, then the Dense / ReLU recursion on matrices;
//   * images, Conv(f, s, padding, W, b or no bias), Relu, Flatten, then Dense / Relu layers
//     (CNN-FC): any padding and stride; per pair only the diagonal p = q, a box filter of x * x';
//   * images, Conv(f, s, CIRCULAR, W, b or none) with s dividing the side, Relu, GlobalAvgPool,
//     Flatten, then Dense / Relu layers (CNN-GAP): all position pairs, one circular displacement
//     at a time (P values in flight per pair, never the P x P covariance).
// A single Conv layer only: deeper conv stacks, SAME / VALID GAP and a 1 x 1 filter take the
// generic path (a GAP stride that does not divide the side is refused earlier by validate()).
//
// Numerics: theta = atan2(sqrt(max(v1 v2 - c^2, 0)), c), theta = pi/2 when v1 v2 = 0. On kernel
// matrices (MLP, and Dense / Relu tails) each entry is computed exactly as the generic path does
// it, and variances are the ReLU of each input against itself: identical inputs keep c == v
// bitwise through every layer, with theta = 0 exactly. The CNN sums round v1 v2 and c^2 before
// subtracting them (theta = 0 exactly for identical patches) and use a vectorised one-division
// arc-tangent polynomial (error <= 1.52 ulp measured, see fast.cpp); AVX-512 lanes are used at run
// time when the processor has them (environment variable SYMKIT_NO_AVX512 disables that).
// OpenMP over image pairs with fixed output slots: results do not depend on the thread count.
#pragma once

#include <optional>

#include "symkit/kernel/layers.hpp"

namespace symkit::kernel::fast {

/// Kernels through a fast double path when `arch` has one (X2 == nullptr: X1 against itself,
/// exactly symmetric), std::nullopt otherwise. Inputs are already validated by the caller
/// (image_side > 0 for convolutional architectures, rows of X1 and X2 of equal length).
std::optional<KernelPair<double>> try_compute(const Architecture& arch, const Mat<double>& X1,
                                              const Mat<double>* X2, int image_side);

namespace detail {
/// atan(u) for |u| <= tan(pi/8) through the polynomial the vectorised loops use (Horner with
/// FMAs, scalar); exposed so that tests can measure its error against a high-precision atan.
double atan_reduced(double u);
}  // namespace detail

}  // namespace symkit::kernel::fast
