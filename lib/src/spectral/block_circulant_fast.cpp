// Fast double path of the block-circulant solver: one batched real-to-complex FFTW transform over
// the angle index gives Lambda_0..Lambda_{N/2}; each is factorised and inverted by LAPACK
// (zpotrf + zpotri), in a fixed order of m.
#include <fftw3.h>
#include <lapacke.h>

#include <algorithm>
#include <complex>
#include <cstring>
#include <mutex>
#include <vector>

#include "block_circulant_detail.hpp"
#include "symkit/error.hpp"
#include "symkit/fftw_lock.hpp"

namespace symkit::spectral::detail {

void fast_inverse_spectrum(const Mat<double>& row, int N, int S, double ridge, NonPositive policy,
                           std::vector<Mat<double>>& re, std::vector<Mat<double>>& im,
                           std::vector<int>& non_pd) {
  using cd = std::complex<double>;
  const int h = N / 2, nf = h + 1;
  const std::size_t SS = static_cast<std::size_t>(S) * S;
  std::vector<cd> spec(SS * nf);
  {
    // Entry e = s + s' S of block j sits at row.data()[j SS + e]: a batch of SS transforms of
    // length N with stride SS. FFTW_FORWARD: out[m] = sum_j in[j] exp(-2 pi i j m / N).
    // FFTW's planner is not thread-safe: plans are made and destroyed under the process-wide lock.
    fftw_plan plan;
    {
      std::lock_guard<std::mutex> lock(fftw_planner_mutex());
      int n = N;
      plan = fftw_plan_many_dft_r2c(1, &n, static_cast<int>(SS), const_cast<double*>(row.data()),
                                    nullptr, static_cast<int>(SS), 1,
                                    reinterpret_cast<fftw_complex*>(spec.data()), nullptr,
                                    static_cast<int>(SS), 1, FFTW_ESTIMATE);
    }
    if (!plan) throw NumericalError("block-circulant solver: FFTW could not plan the transform");
    fftw_execute(plan);
    std::lock_guard<std::mutex> lock(fftw_planner_mutex());
    fftw_destroy_plan(plan);
  }
  // Hermitian part + ridge; scale for the min-norm cutoff.
  double maxdiag = 0;
  for (int m = 0; m < nf; ++m) {
    cd* A = spec.data() + SS * m;
    for (int c = 0; c < S; ++c) {
      for (int r = c + 1; r < S; ++r) {
        const cd v = 0.5 * (A[r + std::size_t(c) * S] + std::conj(A[c + std::size_t(r) * S]));
        A[r + std::size_t(c) * S] = v;
        A[c + std::size_t(r) * S] = std::conj(v);
      }
      cd& d = A[c + std::size_t(c) * S];
      d = cd(d.real() + ridge, 0.0);
      maxdiag = std::max(maxdiag, std::abs(d.real()));
    }
  }
  const double cutoff = double(N) * double(S) * std::numeric_limits<double>::epsilon() * maxdiag;

  re.assign(nf, Mat<double>());
  im.assign(nf, Mat<double>());
  std::vector<cd> copy;
  for (int m = 0; m < nf; ++m) {
    cd* A = spec.data() + SS * m;
    auto* Az = reinterpret_cast<lapack_complex_double*>(A);
    if (policy == NonPositive::MinNorm) copy.assign(A, A + SS);
    lapack_int info = LAPACKE_zpotrf(LAPACK_COL_MAJOR, 'L', S, Az, S);
    if (info < 0) throw NumericalError(msg("block-circulant solver: zpotrf argument ", -info));
    if (info == 0) {
      info = LAPACKE_zpotri(LAPACK_COL_MAJOR, 'L', S, Az, S);
      if (info != 0)
        throw NumericalError(msg("block-circulant solver: zpotri failed, info ", info));
    } else {
      if (policy == NonPositive::Throw) throw NumericalError(non_positive_message(m, N, S));
      non_pd.push_back(m);
      std::copy(copy.begin(), copy.end(), A);
      std::vector<double> w(S);
      info = LAPACKE_zheevd(LAPACK_COL_MAJOR, 'V', 'L', S, Az, S, w.data());
      if (info != 0)
        throw NumericalError(msg("block-circulant solver: zheevd failed, info ", info));
      // Pseudo-inverse V diag(1/w) V^H written into the lower triangle of `copy`.
      for (int c = 0; c < S; ++c)
        for (int r = c; r < S; ++r) {
          cd acc = 0;
          for (int e = 0; e < S; ++e) {
            if (std::abs(w[e]) <= cutoff) continue;
            acc += A[r + std::size_t(e) * S] * std::conj(A[c + std::size_t(e) * S]) / w[e];
          }
          copy[r + std::size_t(c) * S] = acc;
        }
      std::copy(copy.begin(), copy.end(), A);
    }
    // Lower triangle holds the Hermitian inverse.
    Mat<double>& R = re[m];
    Mat<double>& I = im[m];
    R.resize(S, S);
    I.resize(S, S);
    const bool real_only = (m == 0) || (2 * m == N);
    for (int c = 0; c < S; ++c) {
      for (int r = c; r < S; ++r) {
        const cd v = A[r + std::size_t(c) * S];
        R(r, c) = v.real();
        R(c, r) = v.real();
        const double iv = (r == c || real_only) ? 0.0 : v.imag();
        I(r, c) = iv;
        I(c, r) = -iv;
      }
    }
  }
}

}  // namespace symkit::spectral::detail
