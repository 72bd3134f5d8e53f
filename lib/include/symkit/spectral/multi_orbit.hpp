// Several seeds per class and several classes (Sec. 3.4 of Perin & Deny 2024; theory.md §4).
//
// Data layout. A multi-class orbit set has C classes, M seeds per class and N angles (the orbit of
// every seed under a cyclic action of order N). Its kernel is indexed POSE-MAJOR, the same order
// as the block-circulant solver (angle first, then orbit), with orbits ordered by class then seed:
//     orbit   s = c * M + m                       (class c in [0, C), seed m in [0, M)),
//     point   i = k * (C * M) + s = k * C * M + c * M + m   (angle k in [0, N)).
// With one seed per class and two classes (C = 2, M = 1) this is exactly the interleaved two-class
// order A0, B0, A1, B1, ... of a single orbit pair. A symkit::data::OrbitSet built with
// Ordering::pose_major (row = k * n_orbits + o) whose orbits are listed class by class
// (o = c * M + m) has exactly this row order, so its kernel matrix can be used as K directly.
//
// Pair kernel. For an orbit a (class A, the "+1" orbit) and an orbit b (another class, "-1"), the
// 2N x 2N pair kernel is the interleaved sub-kernel A0, B0, A1, B1, ... (row 2k = point (k, a),
// row 2k + 1 = point (k, b)). Its spectral error (eq. 7) is computed after circularisation
// (eq. 12; the identity on an exactly circulant pair kernel) by symkit::spectral::kernel_spectrum
// and symkit::spectral::spectral_error, with the ridge added to every eigenvalue and vanishing
// eigenvalues handled as the ridge -> 0 limit (see symkit/spectral/spectral_error.hpp): eps =
// lambda_N^-1 / <lambda^-1>, and the spectral prediction at a left-out point of orbit a is 1 - eps.
//
// Exact counterpart. One regression on ALL orbits of the two classes (labels +1 for class A,
// -1 for class B) with angle k left out of every orbit of class A; the error is the mean of
// |y - mu| over the left-out points, averaged over all N choices of k (all equal when the
// kernel is exactly block-circulant). Symmetrised: the mean of the errors with class A left out
// and with class B left out.
#pragma once

#include <vector>

#include "symkit/scalar.hpp"

namespace symkit::spectral {

/// The kernel of a multi-class orbit set (layout above).
template <class T>
struct MultiClassKernel {
  int classes = 0;  ///< C >= 2
  int seeds = 0;    ///< M >= 1 seeds per class
  int angles = 0;   ///< N >= 1 angles per orbit
  Mat<T> K;         ///< (N*C*M) x (N*C*M), symmetric

  int orbits() const { return classes * seeds; }
  int orbit(int cls, int seed) const { return cls * seeds + seed; }
  Eigen::Index index(int angle, int cls, int seed) const {
    return Eigen::Index(angle) * orbits() + orbit(cls, seed);
  }
  /// Throws UsageError (C < 2, M < 1, N < 1) or InputError (K of the wrong size, non-finite).
  void validate() const;
};

/// The 2N x 2N interleaved pair kernel of orbit (class_a, seed_a) against (class_b, seed_b).
template <class T>
Mat<T> pair_kernel(const MultiClassKernel<T>& mk, int class_a, int seed_a, int class_b, int seed_b);

/// Spectral error of one pair kernel (eq. 7 after circularisation).
template <class T>
struct PairSpectral {
  T error = T(0);       ///< eps
  T prediction = T(0);  ///< 1 - eps, the prediction at a left-out point of the first orbit
  T defect = T(0);      ///< circulant defect of the pair kernel before circularisation
};
template <class T>
PairSpectral<T> pair_spectral(const Mat<T>& pair, const T& ridge = T(0));

/// M x M matrix of pair spectral errors: entry (a, b) for seed a of class_a (first, +1) against
/// seed b of class_b.
template <class T>
Mat<T> pair_spectral_errors(const MultiClassKernel<T>& mk, int class_a, int class_b,
                            const T& ridge = T(0));

/// The pair-averaged spectral error: mean of pair_spectral_errors over all M^2 pairs.
template <class T>
T pair_averaged_spectral_error(const MultiClassKernel<T>& mk, int class_a, int class_b,
                               const T& ridge = T(0));

/// How the exact multi-seed regression is solved.
enum class ExactMethod {
  Auto,            ///< block-circulant solver when the two-class kernel is block-circulant within
                   ///< the tolerance, dense otherwise
  Dense,           ///< dense Cholesky of the two-class kernel (+ ridge), any kernel
  BlockCirculant,  ///< block-circulant solver; InputError if the defect exceeds the tolerance
  Circularised     ///< block-circulant solver on the block-circularised kernel (an approximation
                   ///< for interpolated rotations; exact when the kernel is block-circulant)
};

template <class T>
struct ExactOptions {
  T ridge = T(0);  ///< sigma^2 >= 0 added to the training diagonal
  ExactMethod method = ExactMethod::Auto;
  double block_tol = -1;  ///< relative block-circulant defect tolerance; < 0: 100 * n * eps_T
};

/// One regression over all orbits of two classes, one angle left out of every orbit of one class.
template <class T>
struct MultiSeedExact {
  T error_a = T(0);       ///< mean |1 - mu| with class A left out
  T error_b = T(0);       ///< mean |-1 - mu| with class B left out
  T symmetrised = T(0);   ///< (error_a + error_b) / 2
  Mat<T> mean_a;          ///< N x M: row k = predictions at angle k of class A's orbits
  Mat<T> mean_b;          ///< N x M, class B left out
  T block_defect = T(0);  ///< block-circulant defect of the two-class kernel
  bool used_block_solver = false;
};

/// Throws UsageError for bad class indices or a negative ridge, NumericalError when the kernel
/// (+ ridge) is not positive definite.
template <class T>
MultiSeedExact<T> exact_multi_seed_error(const MultiClassKernel<T>& mk, int class_a, int class_b,
                                         const ExactOptions<T>& opt = {});

/// Multi-class one-versus-all spectral accuracy.
template <class T>
struct OneVersusAll {
  /// (C*M) x C: entry (orbit s of class c, class c') = 1 - mean over the seeds b of class c' of
  /// eps(s, b), the pair-averaged spectral prediction at a left-out point of s against class c'.
  /// Entries with c' = c are 0 (unused).
  Mat<T> prediction;
  /// correct[s] = 1 when prediction(s, c') > 0 for every other class c'.
  std::vector<char> correct;
  std::vector<double> per_class;  ///< fraction of correct orbits of each leave-out class
  double mean = 0;                ///< mean of per_class
};

template <class T>
OneVersusAll<T> one_versus_all_spectral_accuracy(const MultiClassKernel<T>& mk,
                                                 const T& ridge = T(0));

}  // namespace symkit::spectral
