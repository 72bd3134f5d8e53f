#include "symkit/spectral/multi_orbit.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>

#include "block_circulant_detail.hpp"
#include "symkit/error.hpp"
#include "symkit/spectral/block_circulant.hpp"
#include "symkit/spectral/circulant.hpp"
#include "symkit/spectral/spectral_error.hpp"

namespace symkit::spectral {

namespace {

using Eigen::Index;

template <class T>
void check_class(const MultiClassKernel<T>& mk, int c, const char* fn, const char* what) {
  if (c < 0 || c >= mk.classes)
    throw UsageError(msg(fn, ": ", what, " = ", c, " out of range [0, ", mk.classes, ")"));
}

template <class T>
void check_ridge(const T& ridge, const char* fn) {
  if (!is_finite(ridge) || ridge < T(0))
    throw UsageError(msg(fn, ": ridge = ", to_double(ridge), " must be finite and >= 0"));
}

// The two-class kernel (classes a then b, pose-major, 2M orbits) and its labels.
template <class T>
Mat<T> two_class_kernel(const MultiClassKernel<T>& mk, int a, int b) {
  const int N = mk.angles, M = mk.seeds, S = 2 * M;
  std::vector<Index> idx;
  idx.reserve(size_t(N) * S);
  for (int k = 0; k < N; ++k) {
    for (int m = 0; m < M; ++m) idx.push_back(mk.index(k, a, m));
    for (int m = 0; m < M; ++m) idx.push_back(mk.index(k, b, m));
  }
  const Index n = static_cast<Index>(idx.size());
  Mat<T> K(n, n);
  for (Index q = 0; q < n; ++q)
    for (Index p = 0; p < n; ++p) K(p, q) = mk.K(idx[p], idx[q]);
  return K;
}

// (K + ridge I)^-1 by Cholesky, for the dense leave-angle-out.
template <class T>
Mat<T> dense_inverse(const Mat<T>& K, const T& ridge) {
  Mat<T> Kr = K;
  Kr.diagonal().array() += ridge;
  Eigen::LLT<Mat<T>> llt(Kr);
  if (llt.info() != Eigen::Success)
    throw NumericalError(msg("exact_multi_seed_error: the two-class kernel plus ridge ",
                             to_double(ridge), " is not positive definite; add a ridge"));
  return llt.solve(Mat<T>::Identity(K.rows(), K.cols()));
}

// Leave-angle-out by the block-inverse identity on the dense inverse Kinv, alpha = Kinv y.
template <class T>
Mat<T> dense_leave_angle_out(const Mat<T>& Kinv, const Vec<T>& alpha, const Vec<T>& y, int N, int S,
                             const std::vector<int>& orbit_set) {
  const Index ni = static_cast<Index>(orbit_set.size());
  Mat<T> out(N, ni);
  for (int k = 0; k < N; ++k) {
    Mat<T> D(ni, ni);
    Vec<T> aP(ni), yP(ni);
    for (Index a = 0; a < ni; ++a) {
      const Index p = Index(k) * S + orbit_set[a];
      aP(a) = alpha(p);
      yP(a) = y(p);
      for (Index b = 0; b < ni; ++b) D(a, b) = Kinv(p, Index(k) * S + orbit_set[b]);
    }
    const Mat<T> Ds = (D + D.transpose()) / T(2);
    out.row(k) = (yP - detail::spd_solve<T>(Ds, aP, "exact_multi_seed_error")).transpose();
  }
  return out;
}

// The 2N x 2N pair kernel (orbits interleaved A0, B0, A1, ...), arguments already checked.
template <class T>
Mat<T> extract_pair(const MultiClassKernel<T>& mk, int class_a, int seed_a, int class_b,
                    int seed_b) {
  const int N = mk.angles;
  std::vector<Index> idx(2 * N);
  for (int k = 0; k < N; ++k) {
    idx[2 * k] = mk.index(k, class_a, seed_a);
    idx[2 * k + 1] = mk.index(k, class_b, seed_b);
  }
  Mat<T> P(2 * N, 2 * N);
  for (int j = 0; j < 2 * N; ++j)
    for (int i = 0; i < 2 * N; ++i) P(i, j) = mk.K(idx[i], idx[j]);
  return P;
}

// pair_spectral_errors on a validated kernel and checked classes / ridge (no re-validation of
// the whole kernel per pair: callers loop over many pairs).
template <class T>
Mat<T> pair_errors_unchecked(const MultiClassKernel<T>& mk, int class_a, int class_b,
                             const T& ridge) {
  Mat<T> E(mk.seeds, mk.seeds);
  for (int a = 0; a < mk.seeds; ++a)
    for (int b = 0; b < mk.seeds; ++b)
      E(a, b) = pair_spectral(extract_pair(mk, class_a, a, class_b, b), ridge).error;
  return E;
}

}  // namespace

template <class T>
void MultiClassKernel<T>::validate() const {
  const char* fn = "MultiClassKernel";
  if (classes < 2) throw UsageError(msg(fn, ": classes = ", classes, " must be >= 2"));
  if (seeds < 1) throw UsageError(msg(fn, ": seeds = ", seeds, " must be >= 1"));
  if (angles < 1) throw UsageError(msg(fn, ": angles = ", angles, " must be >= 1"));
  const Index n = Index(angles) * classes * seeds;
  if (K.rows() != n || K.cols() != n)
    throw InputError(msg(fn, ": kernel is ", K.rows(), " x ", K.cols(), ", expected ", n, " x ", n,
                         " (angles ", angles, " x classes ", classes, " x seeds ", seeds, ")"));
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i)
      if (!is_finite(K(i, j)))
        throw InputError(msg(fn, ": kernel entry (", i, ", ", j, ") is not finite"));
}

template <class T>
Mat<T> pair_kernel(const MultiClassKernel<T>& mk, int class_a, int seed_a, int class_b,
                   int seed_b) {
  const char* fn = "pair_kernel";
  mk.validate();
  check_class(mk, class_a, fn, "class_a");
  check_class(mk, class_b, fn, "class_b");
  if (seed_a < 0 || seed_a >= mk.seeds || seed_b < 0 || seed_b >= mk.seeds)
    throw UsageError(
        msg(fn, ": seeds (", seed_a, ", ", seed_b, ") out of range [0, ", mk.seeds, ")"));
  return extract_pair(mk, class_a, seed_a, class_b, seed_b);
}

template <class T>
PairSpectral<T> pair_spectral(const Mat<T>& pair, const T& ridge) {
  const char* fn = "pair_spectral";
  check_ridge(ridge, fn);
  if (pair.rows() != pair.cols() || pair.rows() < 2 || pair.rows() % 2 != 0)
    throw InputError(msg(fn, ": pair kernel must be square of even size >= 2, got ", pair.rows(),
                         " x ", pair.cols()));
  for (Index j = 0; j < pair.cols(); ++j)
    for (Index i = 0; i < pair.rows(); ++i)
      if (!is_finite(pair(i, j)))
        throw InputError(msg(fn, ": pair kernel entry (", i, ", ", j, ") is not finite"));
  PairSpectral<T> r;
  r.defect = circulant_defect<T>(pair);
  SpectralOptions<T> opt;
  opt.ridge = ridge;
  r.error = spectral_error<T>(kernel_spectrum<T>(pair, /*circularize=*/true), opt).error;
  r.prediction = T(1) - r.error;
  return r;
}

template <class T>
Mat<T> pair_spectral_errors(const MultiClassKernel<T>& mk, int class_a, int class_b,
                            const T& ridge) {
  const char* fn = "pair_spectral_errors";
  mk.validate();
  check_class(mk, class_a, fn, "class_a");
  check_class(mk, class_b, fn, "class_b");
  if (class_a == class_b) throw UsageError(msg(fn, ": class_a and class_b are both ", class_a));
  check_ridge(ridge, fn);
  return pair_errors_unchecked(mk, class_a, class_b, ridge);
}

template <class T>
T pair_averaged_spectral_error(const MultiClassKernel<T>& mk, int class_a, int class_b,
                               const T& ridge) {
  return pair_spectral_errors(mk, class_a, class_b, ridge).mean();
}

template <class T>
MultiSeedExact<T> exact_multi_seed_error(const MultiClassKernel<T>& mk, int class_a, int class_b,
                                         const ExactOptions<T>& opt) {
  const char* fn = "exact_multi_seed_error";
  mk.validate();
  check_class(mk, class_a, fn, "class_a");
  check_class(mk, class_b, fn, "class_b");
  if (class_a == class_b) throw UsageError(msg(fn, ": class_a and class_b are both ", class_a));
  check_ridge(opt.ridge, fn);
  const int N = mk.angles, M = mk.seeds, S = 2 * M;
  const Mat<T> K = two_class_kernel(mk, class_a, class_b);
  Vec<T> y(Index(N) * S);
  for (int k = 0; k < N; ++k)
    for (int s = 0; s < S; ++s) y(Index(k) * S + s) = s < M ? T(1) : T(-1);
  std::vector<int> set_a(M), set_b(M);
  for (int m = 0; m < M; ++m) {
    set_a[m] = m;
    set_b[m] = M + m;
  }
  MultiSeedExact<T> r;
  r.block_defect = block_circulant_defect<T>(K, N);
  const T tol = opt.block_tol >= 0 ? T(opt.block_tol)
                                   : T(100) * T(K.rows()) * std::numeric_limits<T>::epsilon();
  bool use_block = false;
  switch (opt.method) {
    case ExactMethod::Auto:
      use_block = r.block_defect <= tol;
      break;
    case ExactMethod::Dense:
      use_block = false;
      break;
    case ExactMethod::BlockCirculant:
    case ExactMethod::Circularised:
      use_block = true;
      break;
  }
  if (use_block) {
    const BlockCirculant<T> B = opt.method == ExactMethod::Circularised
                                    ? block_circularize<T>(K, N)
                                    : block_circulant_from_dense<T>(K, N, tol);
    BlockCirculantSolver<T> solver(B, opt.ridge);
    r.mean_a = solver.leave_angle_out(y, set_a);
    r.mean_b = solver.leave_angle_out(y, set_b);
    r.used_block_solver = true;
  } else {
    const Mat<T> Kinv = dense_inverse<T>(K, opt.ridge);
    const Vec<T> alpha = Kinv * y;
    r.mean_a = dense_leave_angle_out<T>(Kinv, alpha, y, N, S, set_a);
    r.mean_b = dense_leave_angle_out<T>(Kinv, alpha, y, N, S, set_b);
  }
  r.error_a = (T(1) - r.mean_a.array()).abs().mean();
  r.error_b = (T(-1) - r.mean_b.array()).abs().mean();
  r.symmetrised = (r.error_a + r.error_b) / T(2);
  return r;
}

template <class T>
OneVersusAll<T> one_versus_all_spectral_accuracy(const MultiClassKernel<T>& mk, const T& ridge) {
  const char* fn = "one_versus_all_spectral_accuracy";
  mk.validate();
  check_ridge(ridge, fn);
  const int C = mk.classes, M = mk.seeds;
  OneVersusAll<T> r;
  r.prediction = Mat<T>::Zero(Index(C) * M, C);
  r.correct.assign(size_t(C) * M, 0);
  r.per_class.assign(C, 0.0);
  for (int c = 0; c < C; ++c) {
    for (int cp = 0; cp < C; ++cp) {
      if (cp == c) continue;
      const Mat<T> E = pair_errors_unchecked(mk, c, cp, ridge);
      for (int m = 0; m < M; ++m) r.prediction(mk.orbit(c, m), cp) = T(1) - E.row(m).mean();
    }
    int ok = 0;
    for (int m = 0; m < M; ++m) {
      bool all = true;
      for (int cp = 0; cp < C; ++cp)
        if (cp != c && !(r.prediction(mk.orbit(c, m), cp) > T(0))) all = false;
      r.correct[mk.orbit(c, m)] = all ? 1 : 0;
      ok += all ? 1 : 0;
    }
    r.per_class[c] = double(ok) / double(M);
  }
  double s = 0;
  for (double v : r.per_class) s += v;
  r.mean = s / double(C);
  return r;
}

#define SYMKIT_INST(T)                                                                        \
  template struct MultiClassKernel<T>;                                                        \
  template Mat<T> pair_kernel<T>(const MultiClassKernel<T>&, int, int, int, int);             \
  template PairSpectral<T> pair_spectral<T>(const Mat<T>&, const T&);                         \
  template Mat<T> pair_spectral_errors<T>(const MultiClassKernel<T>&, int, int, const T&);    \
  template T pair_averaged_spectral_error<T>(const MultiClassKernel<T>&, int, int, const T&); \
  template MultiSeedExact<T> exact_multi_seed_error<T>(const MultiClassKernel<T>&, int, int,  \
                                                       const ExactOptions<T>&);               \
  template OneVersusAll<T> one_versus_all_spectral_accuracy<T>(const MultiClassKernel<T>&,    \
                                                               const T&);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::spectral
