// The spectral theory of Perin & Deny 2024 (eqs. 7, 57-61; theory.md §4): the GP prediction at
// left-out points of a circulant kernel on an interleaved two-class orbit pair, from the
// spectrum alone.
//
// Setting: 2N points ordered A0, B0, A1, B1, ... with labels y_i = mu (-1)^i (mu = 1 here), a
// circulant symmetric kernel with spectrum lambda_k = DFT(first row)_k, k = 0..2N-1, and a ridge
// sigma^2 >= 0 added to every lambda_k (the ridge of exact regression: K + sigma^2 I).
//
//   One missing point (eqs. 57-58): mu_0 = 1 - eps,  eps = lambda_N^-1 / <lambda^-1>,
//   <lambda^-1> = (1/2N) sum_k 1/lambda_k. By the shift symmetry the same error holds for any
//   left-out index, so eps is also the symmetrised exact error.
//
//   Several missing points P (eqs. 59-61): sum_{m in P} A_jm mu_m = b_j, j in P, with
//   A_jm = g_{(j-m) mod 2N},  g_d = (1/2N) sum_l w^{ld} / lambda_l  (the first row of K^-1),
//   b_j = sum_{n in P} (-1)^n g_{(j-n) mod 2N} - (-1)^j / lambda_N   (w^{nN} = (-1)^n).
//
// Vanishing eigenvalues. After the DFT, every lambda_k with |lambda_k| <= tau is set to exactly 0,
//   tau = zero_tol * max_k |lambda_k|,  zero_tol = 64 * 2N * eps_T by default
// (eps_T the machine epsilon of T: 2.2e-16 for double, ~1e-50 for mp50). This absorbs the
// rounding of the kernel and of the transform (both of order 2N eps_T max|lambda|). A kernel
// computed in a lower precision than T needs a larger zero_tol (e.g. 1e-12 for a double kernel
// analysed at 50 digits). An eigenvalue below -tau means the kernel is not positive
// semidefinite: InputError.
//   With sigma^2 > 0 the vanishing eigenvalues simply become sigma^2.
//   With sigma^2 = 0 and m_0 >= 1 vanishing eigenvalues the result is the limit sigma^2 -> 0
//   (which is also the limit of exact regression, i.e. its minimum-norm solution):
//     - lambda_N > tau:  <lambda^-1> ~ m_0 / (2N sigma^2) diverges, so eps -> 0 and mu_0 -> 1;
//     - lambda_N vanishes too:  eps = (1/sigma^2) / ((m_0/sigma^2 + S)/2N) -> 2N / m_0, where S
//       is the finite sum over the non-vanishing modes. (Example: a constant kernel has m_0 =
//       2N - 1 and eps = 2N/(2N - 1): the minimum-norm prediction at a left-out A point is
//       -1/(2N - 1).)
//     - several missing points: write A = A0/sigma^2 + A1 and b = b0/sigma^2 + b1 (A0, b0 from the
//       vanishing modes, A1, b1 from the others). The limit solves A0 mu = b0 and, on the null
//       space of A0, the next order: mu = A0^+ b0 + Z z with Z an orthonormal basis of null(A0)
//       and (Z^T A1 Z) z = Z^T (b1 - A1 A0^+ b0). If Z^T A1 Z is itself singular the limit is not
//       determined at this order: NumericalError.
// The parts reported (inv_lambda_N, mean_inv_lambda) are then the finite parts (sums over the
// non-vanishing modes); zero_modes and lambda_N_vanishes say which terms diverge. No function
// returns a NaN or an infinity.
#pragma once

#include <vector>

#include "symkit/scalar.hpp"

namespace symkit::spectral {

using Index = Eigen::Index;

template <class T>
struct SpectralOptions {
  T ridge = T(0);        ///< sigma^2 >= 0, added to every eigenvalue
  double zero_tol = -1;  ///< relative threshold for vanishing eigenvalues; < 0: 64 * 2N * eps_T
};

/// Eq. 7 / 58 and its parts.
template <class T>
struct SpectralError {
  T error = T(0);            ///< eps = lambda_N^-1 / <lambda^-1> (or its sigma^2 -> 0 limit)
  T prediction = T(0);       ///< mu_0 = 1 - eps, the prediction at a left-out +1 point
  T lambda_N = T(0);         ///< lambda_N + sigma^2 (0 when it vanishes and sigma^2 = 0)
  T inv_lambda_N = T(0);     ///< 1 / (lambda_N + sigma^2); finite part (0) when it vanishes
  T mean_inv_lambda = T(0);  ///< (1/2N) sum_k 1/(lambda_k + sigma^2); finite part in the limit
  Index zero_modes = 0;      ///< m_0, the number of vanishing eigenvalues
  bool lambda_N_vanishes = false;
  bool limit = false;  ///< true when sigma^2 = 0 and m_0 >= 1 (the limit formulas apply)
  T threshold = T(0);  ///< tau, the absolute threshold used
};

/// Spectral error from the spectrum lambda_0..lambda_{2N-1} (even size >= 2, finite, >= -tau).
/// Throws InputError (odd or empty size, NaN, negative eigenvalue naming k and its value) or
/// UsageError (negative or non-finite ridge).
template <class T>
SpectralError<T> spectral_error(const Vec<T>& spectrum, const SpectralOptions<T>& opt = {});

/// Eqs. 59-61: predictions at the missing indices P (distinct, in [0, 2N), at least one and
/// fewer than 2N), labels +1 at even and -1 at odd indices.
template <class T>
struct MissingPrediction {
  std::vector<Index> indices;
  Vec<T> label;      ///< (-1)^i
  Vec<T> mean;       ///< predicted value at each missing index
  Vec<T> abs_error;  ///< |label - mean|
  Index zero_modes = 0;
  bool limit = false;
};

template <class T>
MissingPrediction<T> missing_points(const Vec<T>& spectrum, const std::vector<Index>& missing,
                                    const SpectralOptions<T>& opt = {});

/// The spectrum of a kernel matrix for the functions above: K must be square, finite, symmetric
/// (relative symmetry_tol) and circulant (circulant_defect <= circulant_tol) unless
/// `circularize` is true, in which case the spectrum is that of circularise(K) (eq. 12).
/// Throws InputError naming the defect and the tolerance otherwise.
template <class T>
Vec<T> kernel_spectrum(const Mat<T>& K, bool circularize, double circulant_tol = 1e-8,
                       double symmetry_tol = 1e-8);

}  // namespace symkit::spectral
