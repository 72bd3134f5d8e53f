#include "symkit/spectral/dft.hpp"

#include <fftw3.h>

#include <mutex>

#include "mirror_symmetry.hpp"
#include "symkit/error.hpp"
#include "symkit/fftw_lock.hpp"

namespace symkit::spectral {

using Index = Eigen::Index;

namespace {

// FFTW's planner is not thread-safe: plan creation and destruction happen under the process-wide
// planner lock (symkit/fftw_lock.hpp).
using symkit::fftw_planner_mutex;

template <class T>
void check_input(const Vec<T>& x) {
  if (x.size() == 0) throw InputError("DFT input is empty");
  for (Index i = 0; i < x.size(); ++i)
    if (!is_finite(x(i)))
      throw InputError(msg("DFT input entry ", i, " is ", to_string_full(x(i))));
}

template <class T>
CVec<T> direct(const Vec<T>& x) {
  const Index n = x.size();
  // Twiddles w^m = cos(2 pi m / n) - i sin(2 pi m / n), m = 0..n-1, at full precision.
  Vec<T> cs(n), sn(n);
  const T two_pi = T(2) * pi<T>();
  for (Index m = 0; m < n; ++m) {
    using std::cos;
    using std::sin;
    const T a = two_pi * T(static_cast<double>(m)) / T(static_cast<double>(n));
    cs(m) = cos(a);
    sn(m) = sin(a);
  }
  CVec<T> X(n);
  for (Index k = 0; k < n; ++k) {
    T re = T(0), im = T(0);
    for (Index j = 0; j < n; ++j) {
      const Index m = static_cast<Index>((static_cast<long long>(j) * k) % n);
      re += x(j) * cs(m);
      im -= x(j) * sn(m);
    }
    X(k) = std::complex<T>(re, im);
  }
  return X;
}

// The FFTW entry points of one precision: fftw_ for double, fftwl_ for long double.
template <class T>
struct Fftw;

template <>
struct Fftw<double> {
  using complex = fftw_complex;
  using plan = fftw_plan;
  static double* alloc_real(std::size_t n) { return fftw_alloc_real(n); }
  static complex* alloc_complex(std::size_t n) { return fftw_alloc_complex(n); }
  static plan plan_r2c(int n, double* in, complex* out) {
    return fftw_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
  }
  static void execute(plan p) { fftw_execute(p); }
  static void destroy(plan p) { fftw_destroy_plan(p); }
  static void free(void* p) { fftw_free(p); }
};

template <>
struct Fftw<long double> {
  using complex = fftwl_complex;
  using plan = fftwl_plan;
  static long double* alloc_real(std::size_t n) { return fftwl_alloc_real(n); }
  static complex* alloc_complex(std::size_t n) { return fftwl_alloc_complex(n); }
  static plan plan_r2c(int n, long double* in, complex* out) {
    return fftwl_plan_dft_r2c_1d(n, in, out, FFTW_ESTIMATE);
  }
  static void execute(plan p) { fftwl_execute(p); }
  static void destroy(plan p) { fftwl_destroy_plan(p); }
  static void free(void* p) { fftwl_free(p); }
};

template <class T>
CVec<T> fast(const Vec<T>& x) {
  using F = Fftw<T>;
  const int n = static_cast<int>(x.size());
  T* in = F::alloc_real(static_cast<std::size_t>(n));
  typename F::complex* out = F::alloc_complex(static_cast<std::size_t>(n / 2 + 1));
  if (in == nullptr || out == nullptr) {
    F::free(in);
    F::free(out);
    throw std::bad_alloc();
  }
  typename F::plan plan;
  {
    std::lock_guard<std::mutex> lock(fftw_planner_mutex());
    plan = F::plan_r2c(n, in, out);
  }
  for (int i = 0; i < n; ++i) in[i] = x(i);
  F::execute(plan);
  CVec<T> X(n);
  for (int k = 0; k <= n / 2; ++k) X(k) = std::complex<T>(out[k][0], out[k][1]);
  for (int k = n / 2 + 1; k < n; ++k) X(k) = std::conj(X(n - k));
  {
    std::lock_guard<std::mutex> lock(fftw_planner_mutex());
    F::destroy(plan);
  }
  F::free(in);
  F::free(out);
  return X;
}

}  // namespace

template <class T>
CVec<T> dft(const Vec<T>& x) {
  check_input(x);
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, long double>) {
    if (x.size() > (1 << 30)) throw InputError(msg("DFT input too long: ", x.size()));
    return fast(x);
  } else {
    return direct(x);
  }
}

template <class T>
CVec<T> dft_direct(const Vec<T>& x) {
  check_input(x);
  return direct(x);
}

template <class T>
Vec<T> circulant_spectrum(const Vec<T>& c, double symmetry_tol) {
  check_input(c);
  const Index n = c.size();
  if (const Index j = detail::first_mirror_mismatch(c, symmetry_tol))
    throw InputError(
        msg("circulant first row is not symmetric: c[", j, "] = ", to_string_full(c(j)), " but c[",
            n - j, "] = ", to_string_full(c(n - j)), " (relative tolerance ", symmetry_tol, ")"));
  // Symmetrise so that the transform is real up to rounding, then keep the real part.
  Vec<T> s(n);
  s(0) = c(0);
  for (Index j = 1; j < n; ++j) s(j) = (c(j) + c(n - j)) / T(2);
  const CVec<T> X = dft(s);
  Vec<T> lambda(n);
  for (Index k = 0; k < n; ++k) lambda(k) = X(k).real();
  return lambda;
}

#define SYMKIT_INST(T)                           \
  template CVec<T> dft<T>(const Vec<T>&);        \
  template CVec<T> dft_direct<T>(const Vec<T>&); \
  template Vec<T> circulant_spectrum<T>(const Vec<T>&, double);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::spectral
