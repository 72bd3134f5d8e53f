// Block-circulant kernels: several orbits under one exact cyclic action.
//
// Setting. S orbits (seeds s = 0..S-1) under a cyclic group of order N (angles k = 0..N-1),
// with a kernel invariant under the joint action k(g x, g x') = k(x, x'). Order the N*S points
// POSE-MAJOR: by angle first, then by orbit,
//     flat index  i = k * S + s      (k = angle, s = orbit).
// Then K is block-circulant with S x S blocks:
//     K[(k, s), (k', s')] = C_{(k' - k) mod N}[s, s'],
// and K symmetric means C_{(-j) mod N} = C_j^T. symkit stores only the first block row
// [C_0 C_1 ... C_{N-1}] (an S x (N*S) matrix), never the dense (N*S)^2 matrix.
//
// Block spectrum (same sign convention as the scalar spectrum of a circulant matrix):
//     Lambda_m = sum_j C_j w^{j m},  w = exp(-2 pi i / N),  m = 0..N-1,
// each Lambda_m is S x S Hermitian, Lambda_{N-m} = conj(Lambda_m), and
//     K^{-1}[(k, s), (k', s')] = B_{(k' - k) mod N}[s, s'],  B_j = (1/N) sum_m w^{-j m}
//     Lambda_m^{-1}.
// In particular every diagonal block of K^{-1} equals B_0 = (1/N) sum_m Lambda_m^{-1}.
// A ridge sigma^2 >= 0 adds sigma^2 to the diagonal of K, i.e. to every Lambda_m.
//
// Leave-out predictions. For a set P of left-out points of the full dataset (labels y), exact
// zero-mean GP regression trained on the other points predicts at P (block-inverse identity)
//     mu_P = y_P - ((K^{-1})_{PP})^{-1} (K^{-1} y)_P,
// the ridge, if any, entering the training kernel only. This is exact for any P (one whole angle
// of some orbits, one point per orbit of one class, ...).
//
// Cost: O(S^2 N log N) for the spectrum (FFTW in double), O(N S^3) for the N/2 + 1 independent
// Hermitian factorisations (LAPACK in double), O(N S^2) per inverse block. Every scalar type
// (double, long double, mp50, mp100) has the generic path (exact DFT, Eigen LLT on the real
// 2S x 2S embedding [[Re, -Im], [Im, Re]] of each Lambda_m); double uses the fast path unless told
// otherwise. Results do not depend on the thread count.
#pragma once

#include <vector>

#include "symkit/scalar.hpp"

namespace symkit::spectral {

/// A symmetric block-circulant matrix stored by its first block row.
template <class T>
struct BlockCirculant {
  int angles = 0;  ///< N, the order of the cyclic action (number of block rows).
  int orbits = 0;  ///< S, the block size (number of orbits).
  Mat<T> row;      ///< S x (N*S): [C_0 C_1 ... C_{N-1}], C_j = row.middleCols(j*S, S).

  Eigen::Index size() const { return Eigen::Index(angles) * orbits; }
  /// The block C_j (j taken mod N).
  Mat<T> block(int j) const;
  /// The dense (N*S) x (N*S) matrix (for tests and small cases).
  Mat<T> dense() const;
};

/// Relative defect of a dense matrix from block-circulant form:
///   max_{k,s,k',s'} |K[(k,s),(k',s')] - K[(0,s),((k'-k) mod N, s')]| / max |K|
/// (0 for the zero matrix). Throws UsageError when N < 1 or N does not divide the size, InputError
/// when K is not square or holds NaN/Inf.
template <class T>
T block_circulant_defect(const Mat<T>& K, int angles);

/// The first block row of a dense matrix that is block-circulant within `tolerance` (relative
/// defect as above); throws InputError naming the defect and the tolerance otherwise. `defect`
/// (if given) receives the measured relative defect.
template <class T>
BlockCirculant<T> block_circulant_from_dense(const Mat<T>& K, int angles, const T& tolerance,
                                             T* defect = nullptr);

/// Block-circularisation (the multi-orbit analogue of eq. 12): every block diagonal is averaged
/// over the N shifts,
///   C_j[s, s'] = (1/N) sum_k K[(k, s), ((k + j) mod N, s')].
/// The result is block-circulant, symmetric when K is, trace-preserving, idempotent, and equals
/// K when K is already block-circulant. O((N S)^2).
template <class T>
BlockCirculant<T> block_circularize(const Mat<T>& K, int angles);

/// What to do when some Lambda_m (+ ridge) is not positive definite.
enum class NonPositive {
  Throw,   ///< throw NumericalError naming the frequency m (default).
  MinNorm  ///< use the pseudo-inverse of each such Lambda_m (Hermitian eigen-decomposition,
           ///< eigenvalues with |lambda| <= N*S*eps*max_m max_s |Lambda_m[s,s]| dropped):
           ///< solve() then returns the minimum-norm least-squares solution K^+ y and
           ///< inverse_block() the blocks of K^+; leave-out predictions need an invertible K and
           ///< throw NumericalError (add a ridge instead).
};

/// Exact solver for a symmetric block-circulant kernel (+ ridge).
template <class T>
class BlockCirculantSolver {
 public:
  /// Factorises the N block-spectrum matrices. Throws UsageError for a negative ridge or an empty
  /// matrix, InputError for NaN/Inf or a non-symmetric input (C_{-j} != C_j^T beyond
  /// sqrt(eps) * max|C|), NumericalError for a non-positive-definite Lambda_m under
  /// NonPositive::Throw. `fast` selects the FFTW/LAPACK path for double (ignored otherwise).
  explicit BlockCirculantSolver(const BlockCirculant<T>& K, const T& ridge = T(0),
                                NonPositive policy = NonPositive::Throw, bool fast = true);

  int angles() const { return n_; }
  int orbits() const { return s_; }
  /// True when some Lambda_m was not positive definite and the min-norm path was taken.
  bool used_min_norm() const { return !non_pd_.empty(); }
  /// The frequencies m (0 <= m <= N/2) whose Lambda_m + ridge was not positive definite.
  const std::vector<int>& non_positive_frequencies() const { return non_pd_; }

  /// K^{-1} y (pose-major, length N*S); K^+ y under the min-norm fallback.
  Vec<T> solve(const Vec<T>& y) const;
  /// The block B_j = (K^{-1})[(k, .), ((k + j) mod N, .)], S x S (j taken mod N).
  Mat<T> inverse_block(int j) const;
  /// The common diagonal block B_0 = (1/N) sum_m Lambda_m^{-1} of K^{-1} (formed at construction).
  Mat<T> inverse_diagonal_block() const { return inv_diag_; }
  /// One entry of K^{-1} (flat pose-major indices).
  T inverse_entry(Eigen::Index p, Eigen::Index q) const;

  /// Exact leave-out predictions mu_P at the flat indices P (any order, no repeats), trained on all
  /// other points with labels y. Throws InputError for an index out of range or repeated, or a
  /// label vector of the wrong length / with NaN.
  Vec<T> leave_out(const Vec<T>& y, const std::vector<Eigen::Index>& P) const;

  /// Leave-angle-out for a set of orbits I: row k holds the predictions at (k, I) when angle k of
  /// every orbit in I is left out (one regression per k, all exact); N x |I|.
  Mat<T> leave_angle_out(const Vec<T>& y, const std::vector<int>& orbit_set) const;

 private:
  int n_ = 0;
  int s_ = 0;
  std::vector<int> non_pd_;
  // (Lambda_m + ridge)^{-1} = inv_re_[m] + i inv_im_[m] for m = 0..N/2.
  std::vector<Mat<T>> inv_re_;
  std::vector<Mat<T>> inv_im_;
  Mat<T> inv_diag_;           // inverse_block(0), used by every leave-angle-out
  std::vector<T> cos_, sin_;  // cos(2 pi t / N), sin(2 pi t / N), t = 0..N-1
};

}  // namespace symkit::spectral
