// Internal: the fast double path of the block-circulant solver (FFTW + LAPACK).
#pragma once

#include <vector>

#include "symkit/spectral/block_circulant.hpp"

namespace symkit::spectral::detail {

/// Fills re[m] + i im[m] = (Lambda_m + ridge)^{-1} (or its pseudo-inverse under MinNorm) for
/// m = 0..N/2 from the first block row `row` (S x N*S), and lists the non-positive frequencies.
void fast_inverse_spectrum(const Mat<double>& row, int N, int S, double ridge, NonPositive policy,
                           std::vector<Mat<double>>& re, std::vector<Mat<double>>& im,
                           std::vector<int>& non_pd);

/// The message of the NumericalError thrown for a non-positive-definite Lambda_m.
std::string non_positive_message(int m, int N, int S);

}  // namespace symkit::spectral::detail
