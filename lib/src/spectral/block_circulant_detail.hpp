// Internal: the fast double path of the block-circulant solver (FFTW + LAPACK).
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "symkit/error.hpp"
#include "symkit/spectral/block_circulant.hpp"

namespace symkit::spectral::detail {

/// Fills re[m] + i im[m] = (Lambda_m + ridge)^{-1} (or its pseudo-inverse under MinNorm) for
/// m = 0..N/2 from the first block row `row` (S x N*S), and lists the non-positive frequencies.
void fast_inverse_spectrum(const Mat<double>& row, int N, int S, double ridge, NonPositive policy,
                           std::vector<Mat<double>>& re, std::vector<Mat<double>>& im,
                           std::vector<int>& non_pd);

/// The message of the NumericalError thrown for a non-positive-definite Lambda_m.
std::string non_positive_message(int m, int N, int S);

/// Solves the small SPD system G x = b (a principal submatrix of K^{-1}): LLT, then LDLT;
/// NumericalError naming `what` when neither factorises.
template <class T>
Mat<T> spd_solve(const Mat<T>& G, const Mat<T>& b, const char* what) {
  Eigen::LLT<Mat<T>> llt(G);
  if (llt.info() == Eigen::Success) return llt.solve(b);
  Eigen::LDLT<Mat<T>> ldlt(G);
  if (ldlt.info() != Eigen::Success)
    throw NumericalError(msg(what, ": (K^{-1})_PP could not be factorised"));
  return ldlt.solve(b);
}

}  // namespace symkit::spectral::detail
