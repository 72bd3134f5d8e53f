#include "symkit/spectral/spectral_error.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <limits>

#include "mirror_symmetry.hpp"
#include "symkit/error.hpp"
#include "symkit/regress/gp.hpp"
#include "symkit/spectral/circulant.hpp"
#include "symkit/spectral/dft.hpp"

namespace symkit::spectral {

namespace {

/// The spectrum after validation and thresholding: vanishing eigenvalues set to exactly 0.
template <class T>
struct Cleaned {
  Vec<T> lambda;           // thresholded, without the ridge
  std::vector<char> zero;  // 1 where lambda_k vanishes
  Index zero_modes = 0;
  T threshold = T(0);
  T ridge = T(0);
};

template <class T>
Cleaned<T> clean(const Vec<T>& spectrum, const SpectralOptions<T>& opt) {
  const Index n = spectrum.size();
  if (n == 0) throw InputError("spectrum is empty");
  if (n % 2 != 0)
    throw InputError(msg("spectrum has odd size ", n,
                         ": the interleaved two-class orbit pair needs an even size 2N"));
  for (Index k = 0; k < n; ++k)
    if (!is_finite(spectrum(k)))
      throw InputError(msg("eigenvalue ", k, " is ", to_string_full(spectrum(k))));
  if (!is_finite(opt.ridge) || opt.ridge < T(0))
    throw UsageError(msg("ridge must be finite and >= 0, got ", to_string_full(opt.ridge)));
  if (!(opt.zero_tol < 0) && !(opt.zero_tol <= 1))
    throw UsageError(
        msg("zero tolerance must be in [0, 1] (or negative for the default), got ", opt.zero_tol));
  const T lmax = max_abs_of(spectrum);
  const T rel = opt.zero_tol < 0
                    ? T(64) * T(static_cast<double>(n)) * std::numeric_limits<T>::epsilon()
                    : T(opt.zero_tol);
  Cleaned<T> c;
  c.threshold = rel * lmax;
  c.ridge = opt.ridge;
  c.lambda = spectrum;
  c.zero.assign(static_cast<std::size_t>(n), 0);
  for (Index k = 0; k < n; ++k) {
    if (abs_of(spectrum(k)) <= c.threshold) {
      c.lambda(k) = T(0);
      c.zero[static_cast<std::size_t>(k)] = 1;
      ++c.zero_modes;
    } else if (spectrum(k) < T(0)) {
      throw InputError(msg("kernel is not positive semidefinite: eigenvalue ", k, " is ",
                           to_string_full(spectrum(k)), " (vanishing threshold ",
                           to_string_full(c.threshold), ")"));
    }
  }
  if (c.zero_modes == n && c.ridge == T(0))
    throw InputError("every eigenvalue vanishes (zero kernel) and the ridge is 0: no prediction");
  return c;
}

template <class T>
void check_symmetric_spectrum(const Vec<T>& lambda) {
  const Index n = lambda.size();
  if (const Index k = detail::first_mirror_mismatch(lambda, 1e-8))
    throw InputError(msg("spectrum is not that of a symmetric circulant kernel: lambda_", k, " = ",
                         to_string_full(lambda(k)), " but lambda_", n - k, " = ",
                         to_string_full(lambda(n - k))));
}

/// g_d = (1/n) sum_l v_l cos(2 pi l d / n): the inverse DFT of a real symmetric vector v.
template <class T>
Vec<T> inverse_real(const Vec<T>& v) {
  const CVec<T> X = dft(v);
  const Index n = v.size();
  Vec<T> g(n);
  for (Index d = 0; d < n; ++d) g(d) = X(d).real() / T(static_cast<double>(n));
  return g;
}

}  // namespace

template <class T>
SpectralError<T> spectral_error(const Vec<T>& spectrum, const SpectralOptions<T>& opt) {
  const Cleaned<T> c = clean(spectrum, opt);
  const Index n = spectrum.size();
  const Index N = n / 2;
  SpectralError<T> r;
  r.zero_modes = c.zero_modes;
  r.threshold = c.threshold;
  r.lambda_N_vanishes = c.zero[static_cast<std::size_t>(N)] != 0;
  r.limit = c.ridge == T(0) && c.zero_modes > 0;
  T sum = T(0);
  for (Index k = 0; k < n; ++k) {
    if (r.limit && c.zero[static_cast<std::size_t>(k)]) continue;
    sum += T(1) / (c.lambda(k) + c.ridge);
  }
  r.mean_inv_lambda = sum / T(static_cast<double>(n));
  r.lambda_N = c.lambda(N) + c.ridge;
  if (!r.limit) {
    r.inv_lambda_N = T(1) / r.lambda_N;
    r.error = r.inv_lambda_N / r.mean_inv_lambda;
  } else if (!r.lambda_N_vanishes) {
    r.inv_lambda_N = T(1) / r.lambda_N;
    r.error = T(0);
  } else {
    r.inv_lambda_N = T(0);
    r.error = T(static_cast<double>(n)) / T(static_cast<double>(c.zero_modes));
  }
  r.prediction = T(1) - r.error;
  return r;
}

template <class T>
MissingPrediction<T> missing_points(const Vec<T>& spectrum, const std::vector<Index>& missing,
                                    const SpectralOptions<T>& opt) {
  const Cleaned<T> c = clean(spectrum, opt);
  const Index n = spectrum.size();
  const Index N = n / 2;
  check_symmetric_spectrum(spectrum);
  if (missing.empty()) throw UsageError("no missing index given");
  std::vector<char> seen(static_cast<std::size_t>(n), 0);
  for (Index i : missing) {
    if (i < 0 || i >= n) throw UsageError(msg("missing index ", i, " out of range [0, ", n, ")"));
    if (seen[static_cast<std::size_t>(i)]) throw UsageError(msg("missing index ", i, " repeated"));
    seen[static_cast<std::size_t>(i)] = 1;
  }
  const Index p = static_cast<Index>(missing.size());
  if (p >= n) throw UsageError(msg(p, " missing indices of ", n, " leave no training point"));
  const bool limit = c.ridge == T(0) && c.zero_modes > 0;
  auto sign = [](Index i) { return (i % 2 == 0) ? T(1) : T(-1); };

  // Inverse-kernel rows: g1 from the non-vanishing modes (all modes when not in the limit), g0
  // from the vanishing ones (the coefficient of 1/sigma^2).
  Vec<T> v1(n), v0(n);
  for (Index k = 0; k < n; ++k) {
    const bool z = c.zero[static_cast<std::size_t>(k)] != 0;
    v0(k) = (limit && z) ? T(1) : T(0);
    v1(k) = (limit && z) ? T(0) : T(1) / (c.lambda(k) + c.ridge);
  }
  const Vec<T> g1 = inverse_real(v1);
  const Vec<T> g0 = limit ? inverse_real(v0) : Vec<T>::Zero(n);
  const bool zN = limit && c.zero[static_cast<std::size_t>(N)] != 0;
  const T invN = zN ? T(0) : T(1) / (c.lambda(N) + c.ridge);

  Mat<T> A1(p, p), A0(p, p);
  Vec<T> b1 = Vec<T>::Zero(p), b0 = Vec<T>::Zero(p);
  for (Index a = 0; a < p; ++a) {
    const Index j = missing[static_cast<std::size_t>(a)];
    for (Index b = 0; b < p; ++b) {
      const Index m = missing[static_cast<std::size_t>(b)];
      const Index d = ((j - m) % n + n) % n;
      A1(a, b) = g1(d);
      A0(a, b) = g0(d);
      b1(a) += sign(m) * g1(d);
      b0(a) += sign(m) * g0(d);
    }
    b1(a) -= sign(j) * invN;
    if (zN) b0(a) -= sign(j);
  }

  Vec<T> mu;
  if (!limit) {
    Eigen::LLT<Mat<T>> llt(A1);
    if (llt.info() != Eigen::Success)
      throw NumericalError("eqs. 59-61: the missing-point system is not positive definite");
    mu = llt.solve(b1);
  } else {
    Eigen::SelfAdjointEigenSolver<Mat<T>> es(A0);
    if (es.info() != Eigen::Success)
      throw NumericalError("eqs. 59-61: eigen-decomposition of the vanishing-mode block failed");
    const Vec<T>& ev = es.eigenvalues();
    const Mat<T>& U = es.eigenvectors();
    const T etol =
        T(64) * T(static_cast<double>(n)) * std::numeric_limits<T>::epsilon() * max_abs_of(ev);
    std::vector<Index> range, null;
    for (Index i = 0; i < p; ++i) (ev(i) > etol ? range : null).push_back(i);
    Vec<T> mu0 = Vec<T>::Zero(p);
    for (Index i : range) mu0 += U.col(i) * (U.col(i).dot(b0) / ev(i));
    mu = mu0;
    if (!null.empty()) {
      const Index q = static_cast<Index>(null.size());
      Mat<T> Z(p, q);
      for (Index i = 0; i < q; ++i) Z.col(i) = U.col(null[static_cast<std::size_t>(i)]);
      const Mat<T> M = Z.transpose() * A1 * Z;
      const Vec<T> rhs = Z.transpose() * (b1 - A1 * mu0);
      Eigen::LLT<Mat<T>> llt(M);
      if (llt.info() != Eigen::Success)
        throw NumericalError(
            "eqs. 59-61: the ridge -> 0 limit is not determined at first order for these "
            "missing indices");
      mu += Z * llt.solve(rhs);
    }
  }

  MissingPrediction<T> r;
  r.indices = missing;
  r.label.resize(p);
  for (Index a = 0; a < p; ++a) r.label(a) = sign(missing[static_cast<std::size_t>(a)]);
  r.mean = mu;
  r.abs_error = (r.label - mu).cwiseAbs();
  r.zero_modes = c.zero_modes;
  r.limit = limit;
  return r;
}

template <class T>
Vec<T> kernel_spectrum(const Mat<T>& K, bool circularize, double circulant_tol,
                       double symmetry_tol) {
  regress::validate_kernel(K, "kernel", symmetry_tol);
  if (!circularize) {
    const T defect = circulant_defect(K);
    if (defect > T(circulant_tol))
      throw InputError(msg("kernel is not circulant: defect ", to_string_full(T(defect)),
                           " > tolerance ", circulant_tol, " (circularise it first)"));
  }
  // The mean of each wrapped diagonal: for a circulant K its first row up to the tolerance (the
  // averaging removes rounding noise), otherwise the first row of circularise(K).
  return circulant_spectrum(circularised_row(K), symmetry_tol);
}

#define SYMKIT_INST(T)                                                                      \
  template SpectralError<T> spectral_error<T>(const Vec<T>&, const SpectralOptions<T>&);    \
  template MissingPrediction<T> missing_points<T>(const Vec<T>&, const std::vector<Index>&, \
                                                  const SpectralOptions<T>&);               \
  template Vec<T> kernel_spectrum<T>(const Mat<T>&, bool, double, double);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::spectral
