// Exact zero-mean Gaussian-process (kernel) regression, generic in the scalar type T
// (double, long double, mp50, mp100).
//
// Conventions (theory.md §3, eqs. 19-22 of Perin & Deny 2024):
//   training kernel K (n x n, symmetric), cross kernel K_* (n x m: row i = training point i,
//   column j = test point j), labels y (n), ridge sigma^2 >= 0 added to the diagonal of K:
//     mean_j     = K_*[:, j]^T (K + sigma^2 I)^-1 y
//     variance_j = k(x*_j, x*_j) - K_*[:, j]^T (K + sigma^2 I)^-1 K_*[:, j]   (noise-free: the
//                  ridge is not added to the test prior variance).
//   The input kernel is symmetrised as (K + K^T) / 2 after the symmetry check.
//
// Solver (Method):
//   Cholesky (LLT) when K + sigma^2 I is numerically positive definite: the factorisation
//   succeeds AND its smallest pivot satisfies min_i L_ii^2 > n * eps_T * max_i |K_ii + sigma^2|.
//   Otherwise the complete orthogonal decomposition (Eigen's CompleteOrthogonalDecomposition,
//   rank threshold n * eps_T relative to the largest pivot) gives the minimum-norm least-squares
//   solution, i.e. (K + sigma^2 I)^+ y. This is the ridge -> 0 limit of the ridged solution for a
//   positive semidefinite kernel whose cross-kernel columns lie in its range (always true when
//   K and K_* are blocks of one PSD kernel matrix), so rank-deficient kernels (Prop. 2) give
//   the limit value, never a NaN. The result reports which method was used.
//
// Conventions (Convention):
//   Exact (default): the ridge given in Options (0 by default), Cholesky with the fallback above.
//   Paper: the paper's code (gpsymm): ridge 1e-10 * trace(K_train) added to Options::ridge,
//          solved by least squares (always the minimum-norm COD solve).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "symkit/scalar.hpp"

namespace symkit::regress {

using Index = Eigen::Index;

/// How the regression is set up.
enum class Convention {
  Exact,  ///< explicit ridge (default 0); Cholesky, minimum-norm fallback when not PD
  Paper   ///< paper's code: extra ridge 1e-10 * trace(K_train), least-squares (minimum-norm) solve
};

/// Which linear solver produced the result.
enum class Method {
  Cholesky,           ///< LLT of K + sigma^2 I
  CompleteOrthogonal  ///< minimum-norm solution through the complete orthogonal decomposition
};

/// "exact" / "paper" and "cholesky" / "complete-orthogonal".
const char* to_string(Convention c);
const char* to_string(Method m);

template <class T>
struct Options {
  T ridge = T(0);  ///< sigma^2 >= 0, added to the training diagonal
  Convention convention = Convention::Exact;
  /// Relative tolerance of the symmetry check |K_ij - K_ji| <= tol * max|K| (the kernel may have
  /// been computed in a lower precision than T, hence a fixed default).
  double symmetry_tol = 1e-8;
};

/// Posterior at the test points.
template <class T>
struct Posterior {
  Vec<T> mean;
  Vec<T> variance;  ///< empty when no test prior variances were given
  Method method = Method::Cholesky;
  T ridge = T(0);  ///< the ridge actually added (explicit + the paper's convention)
};

/// Checks a kernel matrix: square, all finite, symmetric to `symmetry_tol` relative to max|K|.
/// Throws InputError naming `what`, the size or the offending entry and value.
template <class T>
void validate_kernel(const Mat<T>& K, const char* what, double symmetry_tol = 1e-8);

/// A factorisation of K + sigma^2 I, reusable for many right-hand sides.
template <class T>
class KernelSolver {
 public:
  /// Validates K (see validate_kernel) and the ridge (finite, >= 0), then factorises.
  explicit KernelSolver(const Mat<T>& K, const Options<T>& opt = {});
  ~KernelSolver();
  KernelSolver(KernelSolver&&) noexcept;
  KernelSolver& operator=(KernelSolver&&) noexcept;
  KernelSolver(const KernelSolver&) = delete;
  KernelSolver& operator=(const KernelSolver&) = delete;

  /// (K + sigma^2 I)^-1 B, or the minimum-norm least-squares solution (see Method).
  Mat<T> solve(const Mat<T>& B) const;
  Vec<T> solve(const Vec<T>& b) const;
  Method method() const;
  T ridge() const;
  Index size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Posterior mean (and variance when `test_prior_var` is non-empty, one entry per test point).
template <class T>
Posterior<T> posterior(const Mat<T>& K_train, const Mat<T>& K_cross, const Vec<T>& y,
                       const Vec<T>& test_prior_var = Vec<T>(), const Options<T>& opt = {});

/// Leave-out prediction on a full dataset: the points `left_out` are removed (rows and columns of
/// K_full, entries of y_full) and predicted from the others.
template <class T>
struct LeaveOut {
  std::vector<Index> indices;  ///< the left-out indices, as given
  Vec<T> label;                ///< y_full at those indices
  Vec<T> mean;                 ///< posterior mean at those indices
  Vec<T> variance;             ///< posterior variance at those indices
  Vec<T> abs_error;            ///< |label - mean|
  Method method = Method::Cholesky;
  T ridge = T(0);
};

/// Throws InputError/UsageError on a bad kernel, a size mismatch, an index out of range, a
/// repeated index, an empty list, or a list that leaves no training point.
template <class T>
LeaveOut<T> leave_out(const Mat<T>& K_full, const Vec<T>& y_full,
                      const std::vector<Index>& left_out, const Options<T>& opt = {});

/// Symmetrised error (Assumption 3): mean of |y - mu| when index `a` (orbit A, default 0) and
/// index `b` (orbit B, default 1) are each left out alone.
template <class T>
struct SymmetrisedError {
  T error = T(0);  ///< (error_a + error_b) / 2
  T error_a = T(0), error_b = T(0);
  T mean_a = T(0), mean_b = T(0);
  Method method_a = Method::Cholesky, method_b = Method::Cholesky;
};

template <class T>
SymmetrisedError<T> symmetrised_error(const Mat<T>& K_full, const Vec<T>& y_full, Index a = 0,
                                      Index b = 1, const Options<T>& opt = {});

/// Interleaved two-class labels +1, -1, +1, -1, ... (A0, B0, A1, B1, ...) of length n.
template <class T>
Vec<T> interleaved_labels(Index n);

}  // namespace symkit::regress
