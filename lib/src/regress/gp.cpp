#include "symkit/regress/gp.hpp"

#include <Eigen/Cholesky>
#include <Eigen/QR>
#include <algorithm>
#include <limits>

#include "symkit/error.hpp"

namespace symkit::regress {

const char* to_string(Convention c) { return c == Convention::Exact ? "exact" : "paper"; }
const char* to_string(Method m) {
  return m == Method::Cholesky ? "cholesky" : "complete-orthogonal";
}

namespace {

template <class T>
void check_ridge(const T& r) {
  if (!is_finite(r) || r < T(0))
    throw UsageError(msg("ridge must be finite and >= 0, got ", to_string_full(r)));
}

}  // namespace

template <class T>
void validate_kernel(const Mat<T>& K, const char* what, double symmetry_tol) {
  if (K.rows() == 0 || K.cols() == 0)
    throw InputError(msg(what, ": empty matrix (", K.rows(), "x", K.cols(), ")"));
  if (K.rows() != K.cols())
    throw InputError(msg(what, ": not square (", K.rows(), "x", K.cols(), ")"));
  for (Index j = 0; j < K.cols(); ++j)
    for (Index i = 0; i < K.rows(); ++i)
      if (!is_finite(K(i, j)))
        throw InputError(msg(what, ": entry (", i, ", ", j, ") is ", to_string_full(K(i, j))));
  const T scale = max_abs_of(K);
  const T tol = T(symmetry_tol) * scale;
  // Tiled walk over the strict lower triangle so that K(j, i) stays in cache.
  const Index n = K.rows(), B = 64;
  for (Index jb = 0; jb < n; jb += B)
    for (Index ib = jb; ib < n; ib += B)
      for (Index j = jb; j < std::min(jb + B, n); ++j)
        for (Index i = std::max(ib, j + 1); i < std::min(ib + B, n); ++i) {
          if (abs_of<T>(K(i, j) - K(j, i)) > tol)
            throw InputError(msg(what, ": not symmetric: entry (", i, ", ", j,
                                 ") = ", to_string_full(K(i, j)), " but (", j, ", ", i,
                                 ") = ", to_string_full(K(j, i)), " (relative tolerance ",
                                 symmetry_tol, ")"));
        }
}

template <class T>
struct KernelSolver<T>::Impl {
  Method method = Method::Cholesky;
  T ridge = T(0);
  Index n = 0;
  Eigen::LLT<Mat<T>> llt;
  Eigen::CompleteOrthogonalDecomposition<Mat<T>> cod;
};

template <class T>
KernelSolver<T>::KernelSolver(const Mat<T>& K, const Options<T>& opt) : impl_(new Impl) {
  validate_kernel(K, "kernel", opt.symmetry_tol);
  check_ridge(opt.ridge);
  const Index n = K.rows();
  impl_->n = n;
  Mat<T> A = (K + K.transpose()) / T(2);
  T ridge = opt.ridge;
  if (opt.convention == Convention::Paper) ridge += T(1e-10) * A.trace();
  if (ridge < T(0)) ridge = opt.ridge;  // a negative trace cannot make the ridge negative
  impl_->ridge = ridge;
  A.diagonal().array() += ridge;
  const T eps = std::numeric_limits<T>::epsilon();
  bool use_llt = opt.convention == Convention::Exact;
  if (use_llt) {
    impl_->llt.compute(A);
    use_llt = impl_->llt.info() == Eigen::Success;
    if (use_llt) {
      const T dmax = max_abs_of(A.diagonal());
      const auto L = impl_->llt.matrixLLT();
      T pmin = L(0, 0) * L(0, 0);
      for (Index i = 1; i < n; ++i) pmin = std::min<T>(pmin, L(i, i) * L(i, i));
      use_llt = pmin > T(static_cast<double>(n)) * eps * dmax;
    }
  }
  if (use_llt) {
    impl_->method = Method::Cholesky;
  } else {
    impl_->method = Method::CompleteOrthogonal;
    impl_->cod.setThreshold(T(static_cast<double>(n)) * eps);
    impl_->cod.compute(A);
  }
}

template <class T>
KernelSolver<T>::~KernelSolver() = default;
template <class T>
KernelSolver<T>::KernelSolver(KernelSolver&&) noexcept = default;
template <class T>
KernelSolver<T>& KernelSolver<T>::operator=(KernelSolver&&) noexcept = default;

template <class T>
Mat<T> KernelSolver<T>::solve(const Mat<T>& B) const {
  if (B.rows() != impl_->n)
    throw InputError(
        msg("right-hand side has ", B.rows(), " rows, the kernel has size ", impl_->n));
  for (Index j = 0; j < B.cols(); ++j)
    for (Index i = 0; i < B.rows(); ++i)
      if (!is_finite(B(i, j)))
        throw InputError(
            msg("right-hand side entry (", i, ", ", j, ") is ", to_string_full(B(i, j))));
  if (impl_->method == Method::Cholesky) return impl_->llt.solve(B);
  return impl_->cod.solve(B);
}

template <class T>
Vec<T> KernelSolver<T>::solve(const Vec<T>& b) const {
  Mat<T> B = b;
  return solve(B).col(0);
}

template <class T>
Method KernelSolver<T>::method() const {
  return impl_->method;
}
template <class T>
T KernelSolver<T>::ridge() const {
  return impl_->ridge;
}
template <class T>
Index KernelSolver<T>::size() const {
  return impl_->n;
}

template <class T>
Posterior<T> posterior(const Mat<T>& K_train, const Mat<T>& K_cross, const Vec<T>& y,
                       const Vec<T>& test_prior_var, const Options<T>& opt) {
  KernelSolver<T> solver(K_train, opt);
  const Index n = K_train.rows();
  if (K_cross.rows() != n)
    throw InputError(
        msg("cross kernel has ", K_cross.rows(), " rows, the training kernel has ", n, " points"));
  if (y.size() != n)
    throw InputError(
        msg("labels have ", y.size(), " entries, the training kernel has ", n, " points"));
  for (Index i = 0; i < n; ++i)
    if (!is_finite(y(i))) throw InputError(msg("label ", i, " is ", to_string_full(y(i))));
  for (Index j = 0; j < K_cross.cols(); ++j)
    for (Index i = 0; i < n; ++i)
      if (!is_finite(K_cross(i, j)))
        throw InputError(
            msg("cross kernel entry (", i, ", ", j, ") is ", to_string_full(K_cross(i, j))));
  if (test_prior_var.size() != 0 && test_prior_var.size() != K_cross.cols())
    throw InputError(msg("test prior variances have ", test_prior_var.size(),
                         " entries, the cross kernel has ", K_cross.cols(), " test points"));
  Posterior<T> out;
  out.method = solver.method();
  out.ridge = solver.ridge();
  const Vec<T> alpha = solver.solve(y);
  out.mean = K_cross.transpose() * alpha;
  if (test_prior_var.size() != 0) {
    for (Index j = 0; j < test_prior_var.size(); ++j)
      if (!is_finite(test_prior_var(j)))
        throw InputError(msg("test prior variance ", j, " is ", to_string_full(test_prior_var(j))));
    const Mat<T> V = solver.solve(K_cross);
    out.variance = test_prior_var;
    for (Index j = 0; j < K_cross.cols(); ++j) out.variance(j) -= K_cross.col(j).dot(V.col(j));
  }
  return out;
}

template <class T>
LeaveOut<T> leave_out(const Mat<T>& K_full, const Vec<T>& y_full,
                      const std::vector<Index>& left_out, const Options<T>& opt) {
  validate_kernel(K_full, "kernel", opt.symmetry_tol);
  const Index n = K_full.rows();
  if (y_full.size() != n)
    throw InputError(msg("labels have ", y_full.size(), " entries, the kernel has ", n, " points"));
  if (left_out.empty()) throw UsageError("no point left out");
  std::vector<char> out_mask(static_cast<std::size_t>(n), 0);
  for (Index i : left_out) {
    if (i < 0 || i >= n) throw UsageError(msg("left-out index ", i, " out of range [0, ", n, ")"));
    if (out_mask[static_cast<std::size_t>(i)])
      throw UsageError(msg("left-out index ", i, " repeated"));
    out_mask[static_cast<std::size_t>(i)] = 1;
  }
  const Index p = static_cast<Index>(left_out.size());
  if (p >= n)
    throw UsageError(msg("leaving out ", p, " of ", n, " points leaves no training point"));
  std::vector<Index> train;
  train.reserve(static_cast<std::size_t>(n - p));
  for (Index i = 0; i < n; ++i)
    if (!out_mask[static_cast<std::size_t>(i)]) train.push_back(i);
  const Index m = static_cast<Index>(train.size());
  Mat<T> Kt(m, m), Kc(m, p);
  Vec<T> yt(m), prior(p), label(p);
  for (Index b = 0; b < m; ++b) {
    for (Index a = 0; a < m; ++a) Kt(a, b) = K_full(train[a], train[b]);
    yt(b) = y_full(train[b]);
  }
  for (Index b = 0; b < p; ++b) {
    for (Index a = 0; a < m; ++a) Kc(a, b) = K_full(train[a], left_out[b]);
    prior(b) = K_full(left_out[b], left_out[b]);
    label(b) = y_full(left_out[b]);
  }
  const Posterior<T> post = posterior(Kt, Kc, yt, prior, opt);
  LeaveOut<T> r;
  r.indices = left_out;
  r.label = label;
  r.mean = post.mean;
  r.variance = post.variance;
  r.abs_error = (label - post.mean).cwiseAbs();
  r.method = post.method;
  r.ridge = post.ridge;
  return r;
}

template <class T>
SymmetrisedError<T> symmetrised_error(const Mat<T>& K_full, const Vec<T>& y_full, Index a, Index b,
                                      const Options<T>& opt) {
  if (a == b) throw UsageError(msg("symmetrised error needs two different indices, got ", a));
  const LeaveOut<T> ra = leave_out(K_full, y_full, {a}, opt);
  const LeaveOut<T> rb = leave_out(K_full, y_full, {b}, opt);
  SymmetrisedError<T> s;
  s.error_a = ra.abs_error(0);
  s.error_b = rb.abs_error(0);
  s.error = (s.error_a + s.error_b) / T(2);
  s.mean_a = ra.mean(0);
  s.mean_b = rb.mean(0);
  s.method_a = ra.method;
  s.method_b = rb.method;
  return s;
}

template <class T>
Vec<T> interleaved_labels(Index n) {
  if (n < 0) throw UsageError(msg("label count must be >= 0, got ", n));
  Vec<T> y(n);
  for (Index i = 0; i < n; ++i) y(i) = (i % 2 == 0) ? T(1) : T(-1);
  return y;
}

#define SYMKIT_INST(T)                                                                           \
  template void validate_kernel<T>(const Mat<T>&, const char*, double);                          \
  template class KernelSolver<T>;                                                                \
  template Posterior<T> posterior<T>(const Mat<T>&, const Mat<T>&, const Vec<T>&, const Vec<T>&, \
                                     const Options<T>&);                                         \
  template LeaveOut<T> leave_out<T>(const Mat<T>&, const Vec<T>&, const std::vector<Index>&,     \
                                    const Options<T>&);                                          \
  template SymmetrisedError<T> symmetrised_error<T>(const Mat<T>&, const Vec<T>&, Index, Index,  \
                                                    const Options<T>&);                          \
  template Vec<T> interleaved_labels<T>(Index);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::regress
