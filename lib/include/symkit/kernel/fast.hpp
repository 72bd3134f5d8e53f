// Fast double-precision kernel paths (BLAS, box filters, SIMD arc-cosine, OpenMP).
//
// symkit::kernel::compute<double> asks try_compute first and falls back to the generic per-pair
// path when the architecture has no fast path. Every fast path is tested against compute_generic
// (equal to 1e-12 relative).
#pragma once

#include <optional>

#include "symkit/kernel/layers.hpp"

namespace symkit::kernel::fast {

/// Kernels through a fast double path when `arch` has one (X2 == nullptr: X1 against itself,
/// symmetric), std::nullopt otherwise. Inputs are already validated by the caller.
std::optional<KernelPair<double>> try_compute(const Architecture& arch, const Mat<double>& X1,
                                              const Mat<double>* X2, int image_side);

}  // namespace symkit::kernel::fast
