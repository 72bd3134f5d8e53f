#include "symkit/spectral/block_circulant.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "block_circulant_detail.hpp"
#include "symkit/error.hpp"

namespace symkit::spectral {

namespace {

using Eigen::Index;

template <class T>
void check_finite(const Mat<T>& M, const char* what) {
  for (Index j = 0; j < M.cols(); ++j)
    for (Index i = 0; i < M.rows(); ++i)
      if (!is_finite(M(i, j)))
        throw InputError(
            msg(what, ": entry (", i, ", ", j, ") is not finite (", to_double(M(i, j)), ")"));
}

template <class T>
void check_dense_shape(const Mat<T>& K, int angles, const char* fn) {
  if (K.rows() != K.cols())
    throw InputError(msg(fn, ": kernel is not square (", K.rows(), " x ", K.cols(), ")"));
  if (angles < 1) throw UsageError(msg(fn, ": angles = ", angles, " must be >= 1"));
  if (K.rows() == 0) throw InputError(msg(fn, ": kernel is empty"));
  if (K.rows() % angles != 0)
    throw UsageError(msg(fn, ": angles = ", angles, " does not divide the kernel size ", K.rows()));
  check_finite(K, fn);
}

// cos(2 pi t / N), sin(2 pi t / N) for t = 0..N-1, exact at the multiples of a quarter turn.
template <class T>
void twiddles(int N, std::vector<T>& c, std::vector<T>& s) {
  c.assign(N, T(0));
  s.assign(N, T(0));
  for (int t = 0; t < N; ++t) {
    if ((4 * static_cast<long long>(t)) % N == 0) {
      const int q = static_cast<int>((4 * static_cast<long long>(t)) / N);  // quarter turns
      const int cq[4] = {1, 0, -1, 0}, sq[4] = {0, 1, 0, -1};
      c[t] = T(cq[q]);
      s[t] = T(sq[q]);
    } else {
      using std::cos;
      using std::sin;
      const T a = T(2) * pi<T>() * T(t) / T(N);
      c[t] = cos(a);
      s[t] = sin(a);
    }
  }
}

// Generic path: spectrum by exact DFT, inverse of each Lambda_m through its real embedding.
template <class T>
void generic_inverse_spectrum(const BlockCirculant<T>& K, const T& ridge, NonPositive policy,
                              const std::vector<T>& cs, const std::vector<T>& sn,
                              std::vector<Mat<T>>& re, std::vector<Mat<T>>& im,
                              std::vector<int>& non_pd) {
  const int N = K.angles, S = K.orbits, h = N / 2;
  re.assign(h + 1, Mat<T>::Zero(S, S));
  im.assign(h + 1, Mat<T>::Zero(S, S));
  for (int m = 0; m <= h; ++m) {
    for (int j = 0; j < N; ++j) {
      const int t = static_cast<int>((static_cast<long long>(j) * m) % N);
      const auto C = K.row.middleCols(Index(j) * S, S);
      if (cs[t] != T(0)) re[m] += cs[t] * C;
      if (sn[t] != T(0)) im[m] -= sn[t] * C;
    }
    Mat<T> r = (re[m] + re[m].transpose()) / T(2);
    Mat<T> i = (im[m] - im[m].transpose()) / T(2);
    re[m] = r;
    im[m] = i;
    re[m].diagonal().array() += ridge;
  }
  T maxdiag = T(0);
  for (int m = 0; m <= h; ++m) maxdiag = std::max(maxdiag, max_abs_of(re[m].diagonal()));
  const T cutoff = T(N) * T(S) * std::numeric_limits<T>::epsilon() * maxdiag;

  for (int m = 0; m <= h; ++m) {
    const bool real_only = (m == 0) || (2 * m == N);
    Mat<T> M;
    if (real_only) {
      M = re[m];
    } else {
      M.resize(2 * S, 2 * S);
      M << re[m], -im[m], im[m], re[m];
    }
    Eigen::LLT<Mat<T>> llt(M);
    Mat<T> inv;
    if (llt.info() == Eigen::Success) {
      inv = llt.solve(Mat<T>::Identity(M.rows(), M.cols()));
    } else {
      if (policy == NonPositive::Throw) throw NumericalError(detail::non_positive_message(m, N, S));
      non_pd.push_back(m);
      Eigen::SelfAdjointEigenSolver<Mat<T>> es(M);
      Vec<T> d = es.eigenvalues();
      for (Index a = 0; a < d.size(); ++a) d(a) = abs_of(d(a)) <= cutoff ? T(0) : T(1) / d(a);
      inv = es.eigenvectors() * d.asDiagonal() * es.eigenvectors().transpose();
    }
    if (real_only) {
      re[m] = (inv + inv.transpose()) / T(2);
      im[m].setZero();
    } else {
      const Mat<T> P = inv.topLeftCorner(S, S), Q = inv.bottomLeftCorner(S, S);
      re[m] = (P + P.transpose()) / T(2);
      im[m] = (Q - Q.transpose()) / T(2);
    }
  }
}

template <class T>
void check_labels(const Vec<T>& y, Index n, const char* fn) {
  if (y.size() != n)
    throw InputError(msg(fn, ": label vector has length ", y.size(), ", expected ", n));
  for (Index i = 0; i < n; ++i)
    if (!is_finite(y(i)))
      throw InputError(msg(fn, ": label ", i, " is not finite (", to_double(y(i)), ")"));
}

// The checks common to the leave-out predictions: an invertible kernel (no min-norm fallback) and
// `items` distinct in [0, n), each named `what` in the messages.
template <class I>
void check_leave_out(bool used_min_norm, const std::vector<I>& items, Index n, const char* fn,
                     const char* what) {
  if (used_min_norm)
    throw NumericalError(msg(fn,
                             ": the kernel is singular (min-norm fallback was used); "
                             "leave-out predictions need a ridge > 0"));
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  for (I p : items) {
    if (p < 0 || p >= n)
      throw InputError(msg(fn, ": ", what, " ", p, " out of range [0, ", n, ")"));
    if (seen[static_cast<std::size_t>(p)])
      throw InputError(msg(fn, ": ", what, " ", p, " is repeated"));
    seen[static_cast<std::size_t>(p)] = 1;
  }
}

}  // namespace

namespace detail {
std::string non_positive_message(int m, int N, int S) {
  return msg("block-circulant solver: block spectrum Lambda_", m, " (N = ", N, ", S = ", S,
             ") plus ridge is not positive definite; add a ridge or use NonPositive::MinNorm");
}
}  // namespace detail

template <class T>
Mat<T> BlockCirculant<T>::block(int j) const {
  const int jj = ((j % angles) + angles) % angles;
  return row.middleCols(Index(jj) * orbits, orbits);
}

template <class T>
Mat<T> BlockCirculant<T>::dense() const {
  const Index n = size(), S = orbits;
  Mat<T> K(n, n);
  for (int k = 0; k < angles; ++k)
    for (int kp = 0; kp < angles; ++kp)
      K.block(k * S, kp * S, S, S) = row.middleCols(Index((kp - k + angles) % angles) * S, S);
  return K;
}

template <class T>
T block_circulant_defect(const Mat<T>& K, int angles) {
  check_dense_shape(K, angles, "block_circulant_defect");
  const Index n = K.rows(), S = n / angles;
  const T scale = max_abs_of(K);
  if (scale == T(0)) return T(0);
  T d = T(0);
  for (Index q = 0; q < n; ++q) {
    const Index kq = q / S, sq = q % S;
    for (Index p = 0; p < n; ++p) {
      const Index kp = p / S, sp = p % S;
      const Index j = ((kq - kp) % angles + angles) % angles;
      d = std::max(d, abs_of(T(K(p, q) - K(sp, j * S + sq))));
    }
  }
  return d / scale;
}

template <class T>
BlockCirculant<T> block_circulant_from_dense(const Mat<T>& K, int angles, const T& tolerance,
                                             T* defect) {
  const T d = block_circulant_defect(K, angles);
  if (defect) *defect = d;
  if (!(d <= tolerance))
    throw InputError(msg("block_circulant_from_dense: kernel is not block-circulant with ", angles,
                         " angles: relative defect ", to_double(d), " > tolerance ",
                         to_double(tolerance)));
  BlockCirculant<T> B;
  B.angles = angles;
  B.orbits = static_cast<int>(K.rows() / angles);
  B.row = K.topRows(B.orbits);
  return B;
}

template <class T>
BlockCirculant<T> block_circularize(const Mat<T>& K, int angles) {
  check_dense_shape(K, angles, "block_circularize");
  const Index n = K.rows(), S = n / angles;
  BlockCirculant<T> B;
  B.angles = angles;
  B.orbits = static_cast<int>(S);
  B.row = Mat<T>::Zero(S, n);
  for (int j = 0; j < angles; ++j)
    for (int k = 0; k < angles; ++k)
      B.row.middleCols(Index(j) * S, S) += K.block(Index(k) * S, Index((k + j) % angles) * S, S, S);
  B.row /= T(angles);
  return B;
}

template <class T>
BlockCirculantSolver<T>::BlockCirculantSolver(const BlockCirculant<T>& K, const T& ridge,
                                              NonPositive policy, bool fast)
    : n_(K.angles), s_(K.orbits) {
  const char* fn = "BlockCirculantSolver";
  if (n_ < 1 || s_ < 1)
    throw UsageError(msg(fn, ": angles = ", n_, " and orbits = ", s_, " must be >= 1"));
  if (K.row.rows() != s_ || K.row.cols() != Index(n_) * s_)
    throw InputError(msg(fn, ": first block row is ", K.row.rows(), " x ", K.row.cols(),
                         ", expected ", s_, " x ", Index(n_) * s_));
  if (!is_finite(ridge) || ridge < T(0))
    throw UsageError(msg(fn, ": ridge = ", to_double(ridge), " must be finite and >= 0"));
  check_finite(K.row, fn);
  {
    using std::sqrt;
    const T scale = max_abs_of(K.row);
    T asym = T(0);
    for (int j = 0; j < n_; ++j)
      asym = std::max(asym, max_abs_of(K.block(j) - K.block(n_ - j).transpose()));
    if (asym > sqrt(std::numeric_limits<T>::epsilon()) * scale)
      throw InputError(msg(fn, ": kernel is not symmetric (max |C_{-j} - C_j^T| = ",
                           to_double(asym), ", max |C| = ", to_double(scale), ")"));
  }
  twiddles<T>(n_, cos_, sin_);
  bool done = false;
  if constexpr (std::is_same_v<T, double>) {
    if (fast) {
      detail::fast_inverse_spectrum(K.row, n_, s_, ridge, policy, inv_re_, inv_im_, non_pd_);
      done = true;
    }
  }
  if (!done) generic_inverse_spectrum(K, ridge, policy, cos_, sin_, inv_re_, inv_im_, non_pd_);
  inv_diag_ = inverse_block(0);
}

template <class T>
Vec<T> BlockCirculantSolver<T>::solve(const Vec<T>& y) const {
  const Index S = s_, N = n_;
  check_labels(y, N * S, "BlockCirculantSolver::solve");
  const int h = n_ / 2;
  // yhat_m = sum_k w^{-k m} y_k = Yr_m + i Yi_m.
  Eigen::Map<const Mat<T>> Y(y.data(), S, N);
  Mat<T> Cm(N, h + 1), Sm(N, h + 1);
  for (int k = 0; k < n_; ++k)
    for (int m = 0; m <= h; ++m) {
      const int t = static_cast<int>((static_cast<long long>(k) * m) % n_);
      Cm(k, m) = cos_[t];
      Sm(k, m) = sin_[t];
    }
  const Mat<T> Yr = Y * Cm, Yi = Y * Sm;
  Mat<T> Zr(S, h + 1), Zi(S, h + 1);
  for (int m = 0; m <= h; ++m) {
    Zr.col(m) = inv_re_[m] * Yr.col(m) - inv_im_[m] * Yi.col(m);
    Zi.col(m) = inv_im_[m] * Yr.col(m) + inv_re_[m] * Yi.col(m);
  }
  // alpha_k = (1/N) sum_m w^{k m} z_m, z_{N-m} = conj(z_m): weights 1 (m = 0, N/2) or 2.
  for (int m = 0; m <= h; ++m) {
    const T wgt = (m == 0 || 2 * m == n_) ? T(1) : T(2);
    Cm.col(m) *= wgt / T(n_);
    Sm.col(m) *= wgt / T(n_);
  }
  Mat<T> A = Zr * Cm.transpose() + Zi * Sm.transpose();
  return Eigen::Map<const Vec<T>>(A.data(), N * S);
}

template <class T>
Mat<T> BlockCirculantSolver<T>::inverse_block(int j) const {
  const int jj = ((j % n_) + n_) % n_;
  const int h = n_ / 2;
  Mat<T> B = Mat<T>::Zero(s_, s_);
  for (int m = 0; m <= h; ++m) {
    const int t = static_cast<int>((static_cast<long long>(jj) * m) % n_);
    const T wgt = (m == 0 || 2 * m == n_) ? T(1) : T(2);
    if (cos_[t] != T(0)) B += (wgt * cos_[t]) * inv_re_[m];
    if (sin_[t] != T(0)) B -= (wgt * sin_[t]) * inv_im_[m];
  }
  return B / T(n_);
}

template <class T>
T BlockCirculantSolver<T>::inverse_entry(Index p, Index q) const {
  const Index n = Index(n_) * s_;
  if (p < 0 || p >= n || q < 0 || q >= n)
    throw InputError(msg("BlockCirculantSolver::inverse_entry: index (", p, ", ", q,
                         ") out of range [0, ", n, ")"));
  const int j = static_cast<int>(((q / s_ - p / s_) % n_ + n_) % n_);
  const int h = n_ / 2;
  const Index a = p % s_, b = q % s_;
  T v = T(0);
  for (int m = 0; m <= h; ++m) {
    const int t = static_cast<int>((static_cast<long long>(j) * m) % n_);
    const T wgt = (m == 0 || 2 * m == n_) ? T(1) : T(2);
    v += wgt * (cos_[t] * inv_re_[m](a, b) - sin_[t] * inv_im_[m](a, b));
  }
  return v / T(n_);
}

template <class T>
Vec<T> BlockCirculantSolver<T>::leave_out(const Vec<T>& y, const std::vector<Index>& P) const {
  check_leave_out(used_min_norm(), P, Index(n_) * s_, "BlockCirculantSolver::leave_out",
                  "left-out index");
  const Vec<T> alpha = solve(y);
  const Index np = static_cast<Index>(P.size());
  if (np == 0) return Vec<T>();
  std::vector<Mat<T>> cache(n_);
  std::vector<char> have(n_, 0);
  Mat<T> G(np, np);
  Vec<T> aP(np), yP(np);
  for (Index a = 0; a < np; ++a) {
    aP(a) = alpha(P[a]);
    yP(a) = y(P[a]);
    for (Index b = 0; b < np; ++b) {
      const int j = static_cast<int>(((P[b] / s_ - P[a] / s_) % n_ + n_) % n_);
      if (!have[j]) {
        cache[j] = inverse_block(j);
        have[j] = 1;
      }
      G(a, b) = cache[j](P[a] % s_, P[b] % s_);
    }
  }
  const Mat<T> Gs = (G + G.transpose()) / T(2);
  return yP - detail::spd_solve<T>(Gs, aP, "block-circulant leave-out");
}

template <class T>
Mat<T> BlockCirculantSolver<T>::leave_angle_out(const Vec<T>& y,
                                                const std::vector<int>& orbit_set) const {
  check_leave_out(used_min_norm(), orbit_set, s_, "BlockCirculantSolver::leave_angle_out", "orbit");
  const Vec<T> alpha = solve(y);
  const Index ni = static_cast<Index>(orbit_set.size());
  Mat<T> out(n_, ni);
  if (ni == 0) return out;
  Mat<T> D(ni, ni), rhs(ni, n_), yI(ni, n_);
  for (Index a = 0; a < ni; ++a) {
    for (Index b = 0; b < ni; ++b) D(a, b) = inv_diag_(orbit_set[a], orbit_set[b]);
    for (int k = 0; k < n_; ++k) {
      rhs(a, k) = alpha(Index(k) * s_ + orbit_set[a]);
      yI(a, k) = y(Index(k) * s_ + orbit_set[a]);
    }
  }
  out = (yI - detail::spd_solve<T>(D, rhs, "block-circulant leave-out")).transpose();
  return out;
}

#define SYMKIT_INST(T)                                                                        \
  template struct BlockCirculant<T>;                                                          \
  template T block_circulant_defect<T>(const Mat<T>&, int);                                   \
  template BlockCirculant<T> block_circulant_from_dense<T>(const Mat<T>&, int, const T&, T*); \
  template BlockCirculant<T> block_circularize<T>(const Mat<T>&, int);                        \
  template class BlockCirculantSolver<T>;
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::spectral
