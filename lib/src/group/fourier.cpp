// Sub-pixel translation by a Fourier phase shift (FFTW, double precision).
#include <fftw3.h>

#include <cmath>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "symkit/error.hpp"
#include "symkit/fftw_lock.hpp"
#include "symkit/group/image.hpp"

namespace symkit::group {

namespace {

// FFTW's planner is not thread-safe: plans are made once per length under the process-wide
// planner lock and cached for the life of the program; executing a plan (new-array interface) is
// thread-safe.
using symkit::fftw_planner_mutex;

struct LinePlans {
  fftw_plan forward = nullptr;   // r2c, length n
  fftw_plan backward = nullptr;  // c2r, length n
};

// Plans live until the end of the program; the cache destroys them at exit.
struct PlanCache {
  std::map<Index, LinePlans> plans;
  PlanCache() = default;
  PlanCache(const PlanCache&) = delete;
  PlanCache& operator=(const PlanCache&) = delete;
  ~PlanCache() {
    std::lock_guard<std::mutex> lock(fftw_planner_mutex());
    for (auto& kv : plans) {
      fftw_destroy_plan(kv.second.forward);
      fftw_destroy_plan(kv.second.backward);
    }
  }
};

const LinePlans& line_plans(Index n) {
  // Constructed after the mutex (so destroyed before it).
  std::mutex& m = fftw_planner_mutex();
  static PlanCache store;
  auto& cache = store.plans;
  std::lock_guard<std::mutex> lock(m);
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  const int len = static_cast<int>(n);
  double* in = fftw_alloc_real(static_cast<std::size_t>(n));
  fftw_complex* out = fftw_alloc_complex(static_cast<std::size_t>(n / 2 + 1));
  LinePlans p;
  p.forward = fftw_plan_dft_r2c_1d(len, in, out, FFTW_ESTIMATE);
  p.backward = fftw_plan_dft_c2r_1d(len, out, in, FFTW_ESTIMATE);
  fftw_free(in);
  fftw_free(out);
  if (p.forward == nullptr || p.backward == nullptr) {
    if (p.forward != nullptr) fftw_destroy_plan(p.forward);
    if (p.backward != nullptr) fftw_destroy_plan(p.backward);
    throw NumericalError(msg("FFTW could not plan a transform of length ", n));
  }
  return cache.emplace(n, p).first->second;
}

// Aligned scratch buffers for one line (freed on scope exit).
struct LineBuffers {
  double* real;
  fftw_complex* spec;
  explicit LineBuffers(Index n)
      : real(fftw_alloc_real(static_cast<std::size_t>(n))),
        spec(fftw_alloc_complex(static_cast<std::size_t>(n / 2 + 1))) {}
  ~LineBuffers() {
    fftw_free(real);
    fftw_free(spec);
  }
  LineBuffers(const LineBuffers&) = delete;
  LineBuffers& operator=(const LineBuffers&) = delete;
};

// Shifts each of the n rows of the row-major n x n image `img` by t along the row:
// row[j] <- interpolant(j + t).
void shift_rows(double* img, Index n, double t) {
  if (t == 0.0 || n == 1) return;
  const LinePlans& plans = line_plans(n);
  LineBuffers buf(n);
  const Index half = n / 2;
  // Phase factors exp(2 pi i m t / n), m = 0..n/2, with m t reduced modulo n for accuracy.
  std::vector<double> pc(static_cast<std::size_t>(half + 1)), ps(pc.size());
  const double two_pi = 2.0 * pi<double>();
  for (Index m = 0; m <= half; ++m) {
    double a = std::fmod(static_cast<double>(m) * t, static_cast<double>(n));
    a = two_pi * a / static_cast<double>(n);
    pc[static_cast<std::size_t>(m)] = std::cos(a);
    ps[static_cast<std::size_t>(m)] = std::sin(a);
  }
  // Nyquist frequency (n even): real part only, i.e. X[n/2] cos(pi t).
  const double nyq = std::cos(pi<double>() * std::fmod(t, 2.0));
  const double scale = 1.0 / static_cast<double>(n);
  for (Index i = 0; i < n; ++i) {
    double* row = img + i * n;
    for (Index j = 0; j < n; ++j) buf.real[j] = row[j];
    fftw_execute_dft_r2c(plans.forward, buf.real, buf.spec);
    const double nyquist_re = buf.spec[half][0];
    for (Index m = 0; m <= half; ++m) {
      const double re = buf.spec[m][0], im = buf.spec[m][1];
      const double c = pc[static_cast<std::size_t>(m)], s = ps[static_cast<std::size_t>(m)];
      buf.spec[m][0] = re * c - im * s;
      buf.spec[m][1] = re * s + im * c;
    }
    if (n % 2 == 0) {
      buf.spec[half][0] = nyquist_re * nyq;
      buf.spec[half][1] = 0.0;
    }
    fftw_execute_dft_c2r(plans.backward, buf.spec, buf.real);
    for (Index j = 0; j < n; ++j) row[j] = buf.real[j] * scale;
  }
}

void transpose_square(std::vector<double>& a, Index n) {
  for (Index i = 0; i < n; ++i) {
    for (Index j = i + 1; j < n; ++j)
      std::swap(a[static_cast<std::size_t>(i * n + j)], a[static_cast<std::size_t>(j * n + i)]);
  }
}

}  // namespace

Vec<double> fourier_shift(const Vec<double>& x, Index n, double tx, double ty) {
  require_side(n, "fourier_shift");
  if (!std::isfinite(tx)) throw InputError(msg("fourier_shift: shift tx is ", tx));
  if (!std::isfinite(ty)) throw InputError(msg("fourier_shift: shift ty is ", ty));
  require_image(x, n, "fourier_shift");
  std::vector<double> img(x.data(), x.data() + x.size());
  shift_rows(img.data(), n, tx);
  if (ty != 0.0) {
    transpose_square(img, n);
    shift_rows(img.data(), n, ty);
    transpose_square(img, n);
  }
  return Eigen::Map<const Vec<double>>(img.data(), n * n);
}

FourierTranslation::FourierTranslation(Index n, int N) : n_(n), N_(N) {
  require_side(n, "Fourier translation");
  require_order(N, "Fourier translation order N");
  line_plans(n);  // plan once, outside any loop over images
}

std::string FourierTranslation::name() const {
  return msg("fourier-translation(n=", n_, ", N=", N_, ")");
}

double FourierTranslation::shift(long long k) const {
  return static_cast<double>(reduce_power(k, N_)) * static_cast<double>(n_) /
         static_cast<double>(N_);
}

Vec<double> FourierTranslation::act_checked(const Vec<double>& x, int k) const {
  if (k == 0) return x;
  return fourier_shift(x, n_, shift(k), 0.0);
}

}  // namespace symkit::group
