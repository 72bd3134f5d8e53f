// Fast double-precision kernel paths.
//
// Recognised architectures (everything else returns std::nullopt and takes the generic path):
//   * flat inputs, any sequence of Dense / Relu layers (the MLP): one BLAS GEMM for the Gram matrix
//     X1 X2^T / d, then the elementwise Dense / ReLU recursion on whole matrices;
//   * images: Conv(f, s, padding, W, b?), Relu, [GlobalAvgPool], Flatten, then any sequence of
//     Dense / Relu layers.
//       - FC readout (no GlobalAvgPool): any padding and stride. Only the diagonal p = q of the
//         spatial covariance is needed: a box filter of the product image x * x'.
//       - GAP readout: CIRCULAR padding with a stride that divides the side. For every circular
//         displacement d of the output grid, c[p, p + d] = W^2 box(x * shift_{s d}(x'))(s p) / f^2
//         (+ b^2), then the ReLU arc-cosine with v1[p], v2[p + d], summed; the P x P covariance of
//         a pair is never stored beyond one displacement (P values) at a time.
//
// Numerical conventions shared with the generic path (theory.md section 2):
//   theta = atan2(sqrt(max(v1 v2 - c^2, 0)), c), theta = pi/2 when v1 v2 = 0 (an all-zero patch);
//   ReLU nngp = (s + (pi - theta) c)/(2 pi), ntk = ntk (pi - theta)/(2 pi). On matrices (MLP and
//   the tails) the entry is computed exactly as the generic path does (relu_entry), and the
//   variances are the ReLU of each input against itself, so that identical inputs keep c == v
//   bitwise through every layer (angle exactly 0). In the CNN sums the two products v1 v2 and c^2
//   are rounded before the subtraction (exactly 0 for identical patches).
// The vectorised arc-tangent (AVX2 + FMA, when enabled at compile time) is a one-division
// polynomial with a documented error bound (see kAtanPoly); std::atan2 otherwise. In an AVX2
// build, the CNN sums run on eight AVX-512 lanes when the processor has AVX-512F (run-time check;
// set SYMKIT_NO_AVX512 to keep the four-lane loop): the same angle per entry, accumulated as
// pi max(c, 0) - phi |c| (see relu_sums_avx512). The CTest suite runs the fast-path tests on both
// loops. For GAP, the displacements run dx-major with b's variances pre-rotated by dx, so the
// variances v2[p + d] of one displacement are one contiguous run. Work is split over image pairs
// with OpenMP, every pair being computed by one thread in a fixed order: results do not depend on
// the thread count.
#include "symkit/kernel/fast.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <vector>

#include "relu_entry.hpp"

#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace symkit::kernel::fast {
namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;
constexpr double kTwoPi = 2.0 * kPi;
constexpr double kHalfPi = 0.5 * kPi;

// ------------------------------------------------------------------ rounding barrier
// The compiler may fuse a*b - c*d into an FMA (GCC contracts by default in C++ mode), which turns
// v1 v2 - c^2 with c == v1 == v2 into the rounding error of c^2 instead of 0, and theta into
// sqrt(eps). `rounded` makes its argument an opaque, already-rounded value, so both products are
// rounded before the subtraction and identical inputs give theta = 0 exactly.
#ifndef __AVX2__
inline double rounded(double x) {
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
  __asm__("" : "+x"(x));
  return x;
#else
  volatile double v = x;
  return v;
#endif
}
#else
inline __m256d rounded(__m256d x) {
  __asm__("" : "+x"(x));
  return x;
}
#endif

// ------------------------------------------------------------------ vectorised arc-tangent
// atan(u) = u + u z P(z), z = u^2, for |u| <= tan(pi/8). P is the degree-9 Chebyshev interpolant
// of (atan(sqrt z) - sqrt z)/z^(3/2) on [0, tan(pi/8)^2], computed in 60-digit arithmetic from the
// alternating series sum_k (-1)^(k+1) z^k/(2k+3); with its coefficients rounded to double, the
// truncation error u z |P - f| is at most 5.4e-17 on the whole interval (about one ulp of
// pi/8 = atan(tan(pi/8))). Evaluated in double by Horner's scheme with FMAs (the same operations
// in detail::atan_reduced, the four-lane and the eight-lane loops), atan(u) stays within 1.52 ulp
// of MPFR's atan on 2e5 evenly spaced points (tests/test_kernel_fast checks <= 2 ulp). Degree 11
// would gain half an ulp for two more FMAs per entry in the hottest loop of the library.
constexpr double kAtanPoly[10] = {-0.3333333333333325,  0.19999999999898407,  -0.1428571426609662,
                                  0.11111109636534361,  -0.09090852557176049, 0.0769105515839315,
                                  -0.06649613695291669, 0.05736332165907643,  -0.04483334622272886,
                                  0.02275052699336167};

#ifdef __AVX2__
// pi - atan2(s, c) for s >= 0, four lanes (lanes with s = c = 0 give NaN: callers blend them).
// Reduction: with a = |c|, num = min(s, a), den = max(s, a), atan(num/den) in [0, pi/4]; when
// num/den > tan(pi/8) it is pi/4 + atan(u) with u = (num - den)/(num + den), so always
// |u| <= tan(pi/8) and one division suffices (kAtanPoly above). The angle then follows from
// pi/2 - . and pi - . (a few ulps of pi in all).
inline __m256d pi_minus_atan2(__m256d s, __m256d c) {
  const __m256d sign = _mm256_set1_pd(-0.0);
  const __m256d a = _mm256_andnot_pd(sign, c);
  const __m256d num = _mm256_min_pd(s, a), den = _mm256_max_pd(s, a);
  const __m256d big =
      _mm256_cmp_pd(num, _mm256_mul_pd(_mm256_set1_pd(0.41421356237309503), den), _CMP_GT_OQ);
  const __m256d n2 = _mm256_blendv_pd(num, _mm256_sub_pd(num, den), big);
  const __m256d d2 = _mm256_blendv_pd(den, _mm256_add_pd(num, den), big);
  const __m256d u = _mm256_div_pd(n2, d2);
  const __m256d z = _mm256_mul_pd(u, u);
  __m256d poly = _mm256_set1_pd(kAtanPoly[9]);
  for (int i = 8; i >= 0; --i) poly = _mm256_fmadd_pd(poly, z, _mm256_set1_pd(kAtanPoly[i]));
  __m256d at = _mm256_fmadd_pd(_mm256_mul_pd(u, z), poly, u);
  at = _mm256_add_pd(at, _mm256_and_pd(big, _mm256_set1_pd(0.25 * kPi)));
  // Angle of (a, s) in [0, pi/2], then pi - theta (theta' itself when c < 0).
  const __m256d th1 = _mm256_blendv_pd(at, _mm256_sub_pd(_mm256_set1_pd(kHalfPi), at),
                                       _mm256_cmp_pd(s, a, _CMP_GT_OQ));
  return _mm256_blendv_pd(_mm256_sub_pd(_mm256_set1_pd(kPi), th1), th1,
                          _mm256_cmp_pd(c, _mm256_setzero_pd(), _CMP_LT_OQ));
}
#endif

// ------------------------------------------------------------------ scalar ReLU angle
#ifndef __AVX2__
inline double relu_angle(double c, double vv, double* s_out) {
  const double dd = rounded(vv) - rounded(c * c);
  const double s = std::sqrt(dd > 0.0 ? dd : 0.0);
  *s_out = s;
  return vv == 0.0 ? kHalfPi : std::atan2(s, c);
}
#endif

// Sums over k < n (n a multiple of 8) of the ReLU terms
//   N = s + (pi - theta) c   and   A = (pi - theta) c,
// with v2 given per entry. Padding entries past the P positions have c = 0 and v1 = 0 (v2 may be
// anything finite): v1 v2 = 0 gives s = 0 and (pi - theta) c = 0, exactly no contribution.
struct Sums {
  double n = 0.0;
  double a = 0.0;
};

#if defined(__AVX2__) && defined(__GNUC__)
// (GCC 12's avx512fintrin.h trips -Wmaybe-uninitialized inside _mm512_sqrt/min/max_pd.)
#if !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// The same angle on eight lanes, for processors with AVX-512F (chosen at run time: the build
// targets AVX2), written for the accumulated quantities: with a = |c| and
// phi = atan2(s, a) in [0, pi/2] (theta = phi for c >= 0, pi - phi for c < 0),
//   (pi - theta) c = pi max(c, 0) - phi a,
// so the loop accumulates s, max(c, 0) and phi a, and never needs the sign of c per entry.
// Lanes with v1 v2 = 0 take phi = pi/2 (theta = pi/2). Horner's scheme for the polynomial: on
// this loop it costs fewer instructions than Estrin's, and the square root and the division (on
// the divider, about 23 cycles per eight lanes) bound the throughput anyway.
__attribute__((target("avx512f"))) Sums relu_sums_avx512(const double* c, const double* v1,
                                                         const double* v2, int n) {
  const __m512d zero = _mm512_setzero_pd();
  const __m512d half_pi = _mm512_set1_pd(kHalfPi);
  const __m512d quarter_pi = _mm512_set1_pd(0.25 * kPi);
  const __m512d tan_pi_8 = _mm512_set1_pd(0.41421356237309503);
  __m512d acc_s = zero, acc_p = zero, acc_phi = zero;
  for (int k = 0; k < n; k += 8) {
    const __m512d cv = _mm512_loadu_pd(c + k);
    __m512d vv = _mm512_mul_pd(_mm512_loadu_pd(v1 + k), _mm512_loadu_pd(v2 + k));
    __m512d cc = _mm512_mul_pd(cv, cv);
    __asm__("" : "+v"(vv));
    __asm__("" : "+v"(cc));
    const __m512d sv = _mm512_sqrt_pd(_mm512_max_pd(_mm512_sub_pd(vv, cc), zero));
    const __m512d a = _mm512_abs_pd(cv);
    const __m512d num = _mm512_min_pd(sv, a), den = _mm512_max_pd(sv, a);
    const __mmask8 big = _mm512_cmp_pd_mask(num, _mm512_mul_pd(tan_pi_8, den), _CMP_GT_OQ);
    const __m512d u = _mm512_div_pd(_mm512_mask_sub_pd(num, big, num, den),
                                    _mm512_mask_add_pd(den, big, num, den));
    const __m512d z = _mm512_mul_pd(u, u);
    __m512d poly = _mm512_set1_pd(kAtanPoly[9]);
    for (int i = 8; i >= 0; --i) poly = _mm512_fmadd_pd(poly, z, _mm512_set1_pd(kAtanPoly[i]));
    __m512d phi = _mm512_fmadd_pd(_mm512_mul_pd(u, z), poly, u);
    phi = _mm512_mask_add_pd(phi, big, phi, quarter_pi);
    phi = _mm512_mask_sub_pd(phi, _mm512_cmp_pd_mask(sv, a, _CMP_GT_OQ), half_pi, phi);
    phi = _mm512_mask_mov_pd(phi, _mm512_cmp_pd_mask(vv, zero, _CMP_EQ_OQ), half_pi);
    acc_s = _mm512_add_pd(acc_s, sv);
    acc_p = _mm512_add_pd(acc_p, _mm512_max_pd(cv, zero));
    acc_phi = _mm512_fmadd_pd(phi, a, acc_phi);
  }
  const __m512d acc_a = _mm512_sub_pd(_mm512_mul_pd(_mm512_set1_pd(kPi), acc_p), acc_phi);
  alignas(64) double ls[8], la[8];
  _mm512_store_pd(ls, acc_s);
  _mm512_store_pd(la, acc_a);
  const double sum_s = ((ls[0] + ls[1]) + (ls[2] + ls[3])) + ((ls[4] + ls[5]) + (ls[6] + ls[7]));
  const double sum_a = ((la[0] + la[1]) + (la[2] + la[3])) + ((la[4] + la[5]) + (la[6] + la[7]));
  return {sum_s + sum_a, sum_a};
}

#if !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// True when the processor has AVX-512F, unless the environment variable SYMKIT_NO_AVX512 is set
// (to exercise the AVX2 loop on such processors).
bool cpu_has_avx512() {
  static const bool has =
      __builtin_cpu_supports("avx512f") && std::getenv("SYMKIT_NO_AVX512") == nullptr;
  return has;
}
#endif

Sums relu_sums(const double* c, const double* v1, const double* v2, int n) {
#if defined(__AVX2__) && defined(__GNUC__)
  if (cpu_has_avx512()) {
    return relu_sums_avx512(c, v1, v2, n);
  }
#endif
#ifdef __AVX2__
  const __m256d zero = _mm256_setzero_pd();
  const __m256d half_pi = _mm256_set1_pd(kHalfPi);
  __m256d acc_n = zero, acc_a = zero;
  for (int k = 0; k < n; k += 4) {
    const __m256d cv = _mm256_loadu_pd(c + k);
    const __m256d vv = rounded(_mm256_mul_pd(_mm256_loadu_pd(v1 + k), _mm256_loadu_pd(v2 + k)));
    const __m256d dd = _mm256_max_pd(_mm256_sub_pd(vv, rounded(_mm256_mul_pd(cv, cv))), zero);
    const __m256d sv = _mm256_sqrt_pd(dd);
    const __m256d t =
        _mm256_blendv_pd(pi_minus_atan2(sv, cv), half_pi, _mm256_cmp_pd(vv, zero, _CMP_EQ_OQ));
    const __m256d tc = _mm256_mul_pd(t, cv);
    acc_n = _mm256_add_pd(acc_n, _mm256_add_pd(sv, tc));
    acc_a = _mm256_add_pd(acc_a, tc);
  }
  alignas(32) double ln[4], la[4];
  _mm256_store_pd(ln, acc_n);
  _mm256_store_pd(la, acc_a);
  return {(ln[0] + ln[1]) + (ln[2] + ln[3]), (la[0] + la[1]) + (la[2] + la[3])};
#else
  double ln[4] = {0, 0, 0, 0}, la[4] = {0, 0, 0, 0};
  for (int k = 0; k < n; k += 4) {
    for (int r = 0; r < 4; ++r) {
      double s;
      const double th = relu_angle(c[k + r], v1[k + r] * v2[k + r], &s);
      const double tc = (kPi - th) * c[k + r];
      ln[r] += s + tc;
      la[r] += tc;
    }
  }
  return {(ln[0] + ln[1]) + (ln[2] + ln[3]), (la[0] + la[1]) + (la[2] + la[3])};
#endif
}

// ------------------------------------------------------------------ elementwise layers

// The state after the spatial part (or the input of an MLP): kernels n1 x n2 and variances.
struct State {
  Mat<double> nngp, ntk;
  Vec<double> v1, v2;
};

// Dense on one entry; explicit FMAs so that kernel entries and variances take the same rounding
// (equal inputs stay bitwise equal).
inline void dense_entry(double& k, double& t, double w2, double b2) {
  k = std::fma(w2, k, b2);
  t = std::fma(w2, t, k);
}

// With `upper` (a batch against itself), only the upper triangle i <= j is computed: finish()
// mirrors it at the end.
void apply_dense(State& st, const Layer& l, bool upper) {
  const double w2 = l.w_std * l.w_std;
  const double b2 = l.has_bias ? l.b_std * l.b_std : 0.0;
  const Eigen::Index n1 = st.nngp.rows(), n2 = st.nngp.cols();
  for (Eigen::Index j = 0; j < n2; ++j) {
    double* k = st.nngp.col(j).data();
    double* t = st.ntk.col(j).data();
    const Eigen::Index rows = upper ? j + 1 : n1;
    for (Eigen::Index i = 0; i < rows; ++i) dense_entry(k[i], t[i], w2, b2);
  }
  for (Eigen::Index i = 0; i < st.v1.size(); ++i) st.v1(i) = std::fma(w2, st.v1(i), b2);
  for (Eigen::Index i = 0; i < st.v2.size(); ++i) st.v2(i) = std::fma(w2, st.v2(i), b2);
}

// ReLU on the matrices, entry by entry through the generic path's own relu_entry (bitwise equal
// results on nearly collinear pairs); the variances are the ReLU of each input against itself
// (theta = 0).
void apply_relu(State& st, bool upper) {
  using kernel::detail::relu_entry;
  const kernel::detail::ReluConsts<double> consts;
  const Eigen::Index n1 = st.nngp.rows(), n2 = st.nngp.cols();
  for (Eigen::Index j = 0; j < n2; ++j) {
    double* c = st.nngp.col(j).data();
    double* t = st.ntk.col(j).data();
    const double v2 = st.v2(j);
    const Eigen::Index rows = upper ? j + 1 : n1;
    for (Eigen::Index i = 0; i < rows; ++i) relu_entry(c[i], t[i], st.v1(i), v2, consts);
  }
  double unused = 0.0;
  for (Eigen::Index i = 0; i < n1; ++i) {
    const double v = st.v1(i);
    relu_entry(st.v1(i), unused, v, v, consts);
  }
  for (Eigen::Index j = 0; j < n2; ++j) {
    const double v = st.v2(j);
    relu_entry(st.v2(j), unused, v, v, consts);
  }
}

// Applies a tail of Dense / Relu layers. With `symmetric`, only the upper triangle of the state
// is meaningful on entry; the layers work on it alone and the result is mirrored from it, so that
// it is exactly symmetric.
KernelPair<double> finish(State st, const Architecture& arch, std::size_t first, bool symmetric) {
  for (std::size_t k = first; k < arch.size(); ++k) {
    if (arch[k].type == Layer::Type::Dense) {
      apply_dense(st, arch[k], symmetric);
    } else {
      apply_relu(st, symmetric);
    }
  }
  if (symmetric) {
    st.nngp.triangularView<Eigen::StrictlyLower>() = st.nngp.transpose();
    st.ntk.triangularView<Eigen::StrictlyLower>() = st.ntk.transpose();
  }
  return {std::move(st.nngp), std::move(st.ntk)};
}

bool is_elementwise_tail(const Architecture& arch, std::size_t first) {
  for (std::size_t k = first; k < arch.size(); ++k) {
    if (arch[k].type != Layer::Type::Dense && arch[k].type != Layer::Type::Relu) return false;
  }
  return true;
}

bool tail_has_relu(const Architecture& arch, std::size_t first) {
  for (std::size_t k = first; k < arch.size(); ++k) {
    if (arch[k].type == Layer::Type::Relu) return true;
  }
  return false;
}

// ------------------------------------------------------------------ MLP

// Canonical dot product: sum_k fma(a_k, b_k, acc), k = 0, 1, ..., d - 1 in this order (a and b
// read with strides). The variances and the Gram entries of nearly collinear pairs use this one
// order, so that identical rows give c == v bitwise (angle exactly 0).
double canonical_dot(const double* a, Eigen::Index sa, const double* b, Eigen::Index sb,
                     Eigen::Index d) {
  double s = 0.0;
  for (Eigen::Index k = 0; k < d; ++k) s = std::fma(a[k * sa], b[k * sb], s);
  return s;
}

// Canonical squared norms of all rows at once (column by column: the same order per row).
Vec<double> canonical_row_norms(const Mat<double>& X) {
  Vec<double> v = Vec<double>::Zero(X.rows());
  double* out = v.data();
  for (Eigen::Index k = 0; k < X.cols(); ++k) {
    const double* col = X.col(k).data();
    for (Eigen::Index i = 0; i < X.rows(); ++i) out[i] = std::fma(col[i], col[i], out[i]);
  }
  return v;
}

KernelPair<double> compute_mlp(const Architecture& arch, const Mat<double>& X1,
                               const Mat<double>* X2) {
  const bool symmetric = (X2 == nullptr);
  const Mat<double>& Y = symmetric ? X1 : *X2;
  const Eigen::Index d = X1.cols(), n1 = X1.rows(), n2 = Y.rows();
  const double dd = static_cast<double>(d);
  State st;
  if (symmetric) {
    // Upper triangle only (BLAS SYRK); finish() mirrors it.
    st.nngp = Mat<double>::Zero(n1, n1);
    st.nngp.selfadjointView<Eigen::Upper>().rankUpdate(X1);
  } else {
    st.nngp.resize(n1, n2);
    st.nngp.noalias() = X1 * Y.transpose();  // one BLAS GEMM
  }
  st.nngp /= dd;
  const Vec<double> s1 = canonical_row_norms(X1);
  const Vec<double> s2 = symmetric ? s1 : canonical_row_norms(Y);
  st.v1 = s1 / dd;
  st.v2 = s2 / dd;
  // Nearly collinear pairs (|correlation| > 1 - 1e-6): the Gram entry in the canonical order.
  for (Eigen::Index j = 0; j < n2; ++j) {
    for (Eigen::Index i = 0; i < (symmetric ? j + 1 : n1); ++i) {
      const double c = st.nngp(i, j), vv = st.v1(i) * st.v2(j);
      if (c * c >= (1.0 - 1e-6) * vv) {
        const double raw =
            (symmetric && i == j) ? s1(i) : canonical_dot(&X1(i, 0), n1, &Y(j, 0), n2, d);
        st.nngp(i, j) = raw / dd;
      }
    }
  }
  st.ntk = Mat<double>::Zero(n1, n2);
  return finish(std::move(st), arch, 0, symmetric);
}

// ------------------------------------------------------------------ convolutional networks

struct Geometry {
  int n = 0;     // image side
  int f = 0;     // filter side
  int s = 1;     // stride
  int out = 0;   // output positions per axis
  int low = 0;   // window start offset: input index = s p - low + delta
  int ext = 0;   // extended grid side read by one window pass: s (out - 1) + f
  int wide = 0;  // side of the stored per-image extended array
  Padding padding = Padding::Circular;
  double w2f = 0.0;  // W^2 / f^2
  double b2 = 0.0;
  int positions() const { return out * out; }
  int padded_positions() const { return (out * out + 7) / 8 * 8; }
};

Geometry make_geometry(const Layer& conv, int n, bool gap) {
  Geometry g;
  g.n = n;
  g.f = conv.filter;
  g.s = conv.stride;
  g.padding = conv.padding;
  g.out = conv_output_side(n, g.f, g.s, g.padding);
  g.low = conv_window_low(n, g.f, g.s, g.padding);
  g.ext = g.s * (g.out - 1) + g.f;
  g.wide = gap ? g.ext + n : g.ext;
  g.w2f = conv.w_std * conv.w_std / static_cast<double>(g.f * g.f);
  g.b2 = conv.has_bias ? conv.b_std * conv.b_std : 0.0;
  return g;
}

// wide x wide array: value of the (padded) input at index u - low per axis, wrapped for CIRCULAR,
// zero outside for SAME / VALID.
void extend_image(const Mat<double>& X, Eigen::Index row, const Geometry& g, double* out) {
  for (int uy = 0; uy < g.wide; ++uy) {
    for (int ux = 0; ux < g.wide; ++ux) {
      int iy = uy - g.low, ix = ux - g.low;
      double value = 0.0;
      if (g.padding == Padding::Circular) {
        iy = ((iy % g.n) + g.n) % g.n;
        ix = ((ix % g.n) + g.n) % g.n;
        value = X(row, static_cast<Eigen::Index>(iy) * g.n + ix);
      } else if (iy >= 0 && iy < g.n && ix >= 0 && ix < g.n) {
        value = X(row, static_cast<Eigen::Index>(iy) * g.n + ix);
      }
      out[static_cast<std::size_t>(uy) * g.wide + ux] = value;
    }
  }
}

// Per-thread scratch for one window pass.
struct Scratch {
  std::vector<double> z, h, c, v2;
  explicit Scratch(const Geometry& g)
      : z(static_cast<std::size_t>(g.ext) * g.ext),
        h(static_cast<std::size_t>(g.ext) * g.out),
        c(static_cast<std::size_t>(g.padded_positions()), 0.0),
        v2(static_cast<std::size_t>(2 * g.out * g.out + 8), 0.0) {}
};

void horizontal_strided(const double* a, const double* b, const Geometry& g, int oy, int ox,
                        double* z, double* h);

#ifdef __AVX2__
// Stride 1, filter F, out >= 4: four output columns at a time, walking down the rows with the
// horizontal sums of the last F rows kept in registers (the last block of a row overlaps the
// previous one when out is not a multiple of 4: it recomputes the same values).
template <int F>
void window_unit_stride(const double* a, const double* b, const Geometry& g, int oy, int ox,
                        double* c) {
  const int W = g.wide, out = g.out, E = g.ext;
  const __m256d w2f = _mm256_set1_pd(g.w2f), b2 = _mm256_set1_pd(g.b2);
  for (int px = 0; px < out; px += 4) {
    const int x0 = std::min(px, out - 4);
    __m256d ring[F];
    for (int r = 0; r < F; ++r) ring[r] = _mm256_setzero_pd();
    for (int uy = 0; uy < E; ++uy) {
      const double* ar = a + static_cast<std::size_t>(uy) * W + x0;
      const double* br = b + static_cast<std::size_t>(uy + oy) * W + ox + x0;
      __m256d h = _mm256_mul_pd(_mm256_loadu_pd(ar), _mm256_loadu_pd(br));
      for (int dl = 1; dl < F; ++dl) {
        h = _mm256_fmadd_pd(_mm256_loadu_pd(ar + dl), _mm256_loadu_pd(br + dl), h);
      }
      for (int r = 0; r + 1 < F; ++r) ring[r] = ring[r + 1];
      ring[F - 1] = h;
      if (uy >= F - 1) {
        __m256d sum = ring[0];
        for (int r = 1; r < F; ++r) sum = _mm256_add_pd(sum, ring[r]);
        _mm256_storeu_pd(c + static_cast<std::size_t>(uy - F + 1) * out + x0,
                         _mm256_fmadd_pd(w2f, sum, b2));
      }
    }
  }
}
#endif

// c[p] = W^2/f^2 sum_delta a(s p + delta) b(s p + delta + offset) + b^2 for the out x out output
// positions p; a and b are extended arrays (side g.wide), offset (oy, ox) in input pixels.
void window_products(const double* a, const double* b, const Geometry& g, int oy, int ox,
                     Scratch& w, double* c) {
  const int E = g.ext, W = g.wide, out = g.out, f = g.f, s = g.s;
  double* z = w.z.data();
  double* h = w.h.data();
#ifdef __AVX2__
  if (s == 1 && out >= 4) {
    switch (f) {
      case 2:
        return window_unit_stride<2>(a, b, g, oy, ox, c);
      case 3:
        return window_unit_stride<3>(a, b, g, oy, ox, c);
      case 4:
        return window_unit_stride<4>(a, b, g, oy, ox, c);
      case 5:
        return window_unit_stride<5>(a, b, g, oy, ox, c);
      default:
        break;
    }
  }
#endif
  if (s == 1) {
    // Stride 1: h(uy, px) = sum_delta a(uy, px + delta) b(uy + oy, px + ox + delta), contiguous.
    for (int uy = 0; uy < E; ++uy) {
      const double* ar = a + static_cast<std::size_t>(uy) * W;
      const double* br = b + static_cast<std::size_t>(uy + oy) * W + ox;
      double* hr = h + static_cast<std::size_t>(uy) * out;
      for (int px = 0; px < out; ++px) hr[px] = ar[px] * br[px];
      for (int dl = 1; dl < f; ++dl) {
        const double* ad = ar + dl;
        const double* bd = br + dl;
        for (int px = 0; px < out; ++px) hr[px] += ad[px] * bd[px];
      }
    }
  } else {
    horizontal_strided(a, b, g, oy, ox, z, h);
  }
  for (int py = 0; py < out; ++py) {
    double* cr = c + static_cast<std::size_t>(py) * out;
    const double* h0 = h + static_cast<std::size_t>(s * py) * out;
    for (int px = 0; px < out; ++px) cr[px] = h0[px];
    for (int dl = 1; dl < f; ++dl) {
      const double* hd = h + static_cast<std::size_t>(s * py + dl) * out;
      for (int px = 0; px < out; ++px) cr[px] += hd[px];
    }
    for (int px = 0; px < out; ++px) cr[px] = g.w2f * cr[px] + g.b2;
  }
}

// Stride s > 1: products on the extended grid, then the horizontal window sums at s px.
void horizontal_strided(const double* a, const double* b, const Geometry& g, int oy, int ox,
                        double* z, double* h) {
  const int E = g.ext, W = g.wide, out = g.out, f = g.f, s = g.s;
  for (int uy = 0; uy < E; ++uy) {
    const double* ar = a + static_cast<std::size_t>(uy) * W;
    const double* br = b + static_cast<std::size_t>(uy + oy) * W + ox;
    double* zr = z + static_cast<std::size_t>(uy) * E;
    for (int ux = 0; ux < E; ++ux) zr[ux] = ar[ux] * br[ux];
  }
  for (int uy = 0; uy < E; ++uy) {
    const double* zr = z + static_cast<std::size_t>(uy) * E;
    double* hr = h + static_cast<std::size_t>(uy) * out;
    for (int px = 0; px < out; ++px) hr[px] = zr[s * px];
    for (int dl = 1; dl < f; ++dl) {
      for (int px = 0; px < out; ++px) hr[px] += zr[s * px + dl];
    }
  }
}

// Per-image data: the extended image, its variances on the output grid (padded with zeros) and,
// for GAP, the variances wrapped on a (2 out) x (2 out) grid.
struct ImageData {
  std::vector<double> ext;
  std::vector<double> var;
  std::vector<double> var_wrap;
};

std::vector<ImageData> prepare_images(const Mat<double>& X, const Geometry& g, bool gap) {
  std::vector<ImageData> data(static_cast<std::size_t>(X.rows()));
  const int rows = static_cast<int>(X.rows());
#pragma omp parallel
  {
    Scratch w(g);
#pragma omp for schedule(static)
    for (int i = 0; i < rows; ++i) {
      ImageData& im = data[static_cast<std::size_t>(i)];
      im.ext.resize(static_cast<std::size_t>(g.wide) * g.wide);
      extend_image(X, i, g, im.ext.data());
      im.var.assign(static_cast<std::size_t>(g.padded_positions()), 0.0);
      window_products(im.ext.data(), im.ext.data(), g, 0, 0, w, im.var.data());
      if (gap) {
        const int o2 = 2 * g.out;
        im.var_wrap.resize(static_cast<std::size_t>(o2) * o2);
        for (int y = 0; y < o2; ++y) {
          for (int x = 0; x < o2; ++x) {
            im.var_wrap[static_cast<std::size_t>(y) * o2 + x] =
                im.var[static_cast<std::size_t>(y % g.out) * g.out + x % g.out];
          }
        }
      }
    }
  }
  return data;
}

// Flatten readout: (nngp, ntk) after Conv, Relu, Flatten for one image pair.
std::pair<double, double> pair_fc(const ImageData& a, const ImageData& b, const Geometry& g,
                                  Scratch& w) {
  window_products(a.ext.data(), b.ext.data(), g, 0, 0, w, w.c.data());
  const Sums sums = relu_sums(w.c.data(), a.var.data(), b.var.data(), g.padded_positions());
  const double scale = 1.0 / (kTwoPi * static_cast<double>(g.positions()));
  return {sums.n * scale, sums.a * scale};
}

// Copies n doubles (a short row: inline vector moves rather than a library call).
inline void copy_row(const double* src, int n, double* dst) {
  int k = 0;
#ifdef __AVX2__
  for (; k + 4 <= n; k += 4) _mm256_storeu_pd(dst + k, _mm256_loadu_pd(src + k));
#endif
  for (; k < n; ++k) dst[k] = src[k];
}

// GlobalAvgPool readout: (nngp, ntk) after Conv, Relu, GlobalAvgPool for one image pair.
// Displacements run dx-major: for one dx, w.v2 holds b's variances with columns rotated by dx on
// 2 out rows (plus zero padding), so that v2[p + d] for the displacement (dy, dx) is the
// contiguous run starting at row dy. Entries past the P positions meet a's zero padding (v1 = 0,
// c = 0) and contribute exactly 0.
std::pair<double, double> pair_gap(const ImageData& a, const ImageData& b, const Geometry& g,
                                   Scratch& w) {
  const int out = g.out, o2 = 2 * out;
  double total_n = 0.0, total_a = 0.0;
  for (int dx = 0; dx < out; ++dx) {
    for (int y = 0; y < o2; ++y) {
      copy_row(b.var_wrap.data() + static_cast<std::size_t>(y) * o2 + dx, out,
               w.v2.data() + static_cast<std::size_t>(y) * out);
    }
    for (int dy = 0; dy < out; ++dy) {
      window_products(a.ext.data(), b.ext.data(), g, g.s * dy, g.s * dx, w, w.c.data());
      const Sums sums =
          relu_sums(w.c.data(), a.var.data(), w.v2.data() + static_cast<std::size_t>(dy) * out,
                    g.padded_positions());
      total_n += sums.n;
      total_a += sums.a;
    }
  }
  const double p = static_cast<double>(g.positions());
  const double scale = 1.0 / (kTwoPi * p * p);
  return {total_n * scale, total_a * scale};
}

std::optional<KernelPair<double>> compute_cnn(const Architecture& arch, const Mat<double>& X1,
                                              const Mat<double>* X2, int image_side) {
  // Pattern: Conv, Relu, [GlobalAvgPool], Flatten, Dense/Relu tail.
  if (arch.size() < 3 || image_side <= 0) return std::nullopt;
  const Layer& conv = arch[0];
  if (conv.type != Layer::Type::Conv || arch[1].type != Layer::Type::Relu) return std::nullopt;
  std::size_t k = 2;
  const bool gap = arch[k].type == Layer::Type::GlobalAvgPool;
  if (gap) ++k;
  if (k >= arch.size() || arch[k].type != Layer::Type::Flatten) return std::nullopt;
  ++k;
  if (!is_elementwise_tail(arch, k)) return std::nullopt;
  const int n = image_side;
  if (conv.filter <= 0 || conv.stride <= 0) return std::nullopt;
  // A 1x1 filter makes every patch a single pixel, so every pair of patches is collinear in exact
  // arithmetic (theta = 0 or pi) and the angle is as ill-conditioned as it gets: rounding makes
  // it up to ~1e-8 in both paths, differently (the generic path factors v1 v2 - c^2, this path
  // subtracts the rounded products). To keep the two paths equal to 1e-12, f = 1 takes the
  // generic path; it is not more accurate there.
  if (conv.filter == 1) return std::nullopt;
  if (X1.cols() != static_cast<Eigen::Index>(n) * n) return std::nullopt;
  if (X2 != nullptr && X2->cols() != X1.cols()) return std::nullopt;
  if (conv.padding == Padding::Valid && conv.filter > n) return std::nullopt;
  if (gap && (conv.padding != Padding::Circular || n % conv.stride != 0)) return std::nullopt;

  const Geometry g = make_geometry(conv, n, gap);
  const bool symmetric = (X2 == nullptr);
  const std::vector<ImageData> A = prepare_images(X1, g, gap);
  const std::vector<ImageData> B =
      symmetric ? std::vector<ImageData>() : prepare_images(*X2, g, gap);
  const std::vector<ImageData>& Bref = symmetric ? A : B;
  const int n1 = static_cast<int>(X1.rows()), n2 = static_cast<int>(Bref.size());

  // The list of pairs (upper triangle when symmetric); each is one fixed output slot.
  std::vector<std::pair<int, int>> pairs;
  for (int i = 0; i < n1; ++i) {
    for (int j = symmetric ? i : 0; j < n2; ++j) pairs.emplace_back(i, j);
  }
  const bool self_vars = !symmetric && tail_has_relu(arch, k);
  State st;
  st.nngp.resize(n1, n2);
  st.ntk.resize(n1, n2);
  st.v1 = Vec<double>::Zero(n1);
  st.v2 = Vec<double>::Zero(n2);
  const long long npairs = static_cast<long long>(pairs.size());
  const int nself = self_vars ? n1 + n2 : 0;
#pragma omp parallel
  {
    Scratch w(g);
#pragma omp for schedule(dynamic, 1)
    for (long long t = 0; t < npairs + nself; ++t) {
      if (t < npairs) {
        const auto [i, j] = pairs[static_cast<std::size_t>(t)];
        const ImageData& a = A[static_cast<std::size_t>(i)];
        const ImageData& b = Bref[static_cast<std::size_t>(j)];
        const auto r = gap ? pair_gap(a, b, g, w) : pair_fc(a, b, g, w);
        st.nngp(i, j) = r.first;
        st.ntk(i, j) = r.second;
      } else {
        // Variances of single images after the spatial part (for a Relu in the tail).
        const int u = static_cast<int>(t - npairs);
        const ImageData& a =
            u < n1 ? A[static_cast<std::size_t>(u)] : Bref[static_cast<std::size_t>(u - n1)];
        const double v = (gap ? pair_gap(a, a, g, w) : pair_fc(a, a, g, w)).first;
        if (u < n1) {
          st.v1(u) = v;
        } else {
          st.v2(u - n1) = v;
        }
      }
    }
  }
  if (symmetric) {  // the upper triangle is filled; finish() mirrors it
    st.v1 = st.nngp.diagonal();
    st.v2 = st.v1;
  }
  return finish(std::move(st), arch, k, symmetric);
}

bool is_flat_mlp(const Architecture& arch) { return is_elementwise_tail(arch, 0); }

}  // namespace

double detail::atan_reduced(double u) {
  const double z = u * u;
  double poly = kAtanPoly[9];
  for (int i = 8; i >= 0; --i) poly = std::fma(poly, z, kAtanPoly[i]);
  return std::fma(u * z, poly, u);
}

std::optional<KernelPair<double>> try_compute(const Architecture& arch, const Mat<double>& X1,
                                              const Mat<double>* X2, int image_side) {
  if (X1.rows() == 0 || X1.cols() == 0) return std::nullopt;
  if (X2 != nullptr && (X2->rows() == 0 || X2->cols() != X1.cols())) return std::nullopt;
  if (is_flat_mlp(arch)) return compute_mlp(arch, X1, X2);
  if (!arch.empty() && arch[0].type == Layer::Type::Conv)
    return compute_cnn(arch, X1, X2, image_side);
  return std::nullopt;
}

}  // namespace symkit::kernel::fast
