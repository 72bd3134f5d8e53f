// Group actions on n x n single-channel images (row-major vectors, pixel (i, j) at i*n + j;
// i is the row (y), j the column (x)).
//
// (2) C4Rotation: exact pixel permutation of order 4,
//       (g x)[i][j] = x[j][n-1-i]
//     i.e. numpy.rot90(x) and scipy.ndimage.rotate(x, +90). (Eq. 16 of the paper as printed is
//     off by one for 0-based indices.)
// (3) CircularTranslation with step s (eq. 14 along x): order n/s, s must divide n,
//       (g^k x)[i][j] = x[i][(j + k s) mod n]
//     i.e. the content moves k*s columns towards smaller j (numpy.roll(x, -k s, axis=1)).
//     The paper's eq. 14 writes g_T x(i_x, i_y) = x(i_x + 1, i_y) with i_x the horizontal index;
//     symkit follows it. The paper's code (gpsymm utils/data_utils.py, xshift_img(x, t / n))
//     shifts along x too but the other way, and through mag * exp(-i (phase + ...)) it also
//     conjugates the spectrum: checked numerically, xshift_img(x, t / n) equals symkit's
//     fourier_shift(x', n, -t) with x'[i][j] = x[(-i) mod n][(-j) mod n] (same Nyquist rule).
//     For orthogonal-invariant kernels this only reorders the orbit (k -> -k) of a reflected
//     seed; symkit keeps the plain translation.
// (4) InterpolatedRotation by 2 pi k / N about the image centre ((n-1)/2, (n-1)/2), same size,
//     zero outside: exactly scipy.ndimage.rotate(x, 360 k / N, reshape=False, order=1 or 3,
//     mode='constant', cval=0, prefilter=True) for SciPy >= 1.6 (checked against SciPy 1.10):
//       output pixel o = (i, j) reads the input at r = R (o - c) + c with
//       R = [[cos a, sin a], [-sin a, cos a]] acting on (row, column) and c the centre, so a
//       positive angle turns the picture counter-clockwise as displayed with row 0 on top;
//       points r outside [0, n-1]^2 (either coordinate) give 0, points inside are interpolated;
//       order 3 first applies the cubic B-spline prefilter along each axis with mirror
//       (whole-sample symmetric) boundaries, order 1 is bilinear; taps falling outside the image
//       are mirrored (index -m -> m, n-1+m -> n-1-m).
//     Not exact: g^k x is computed directly from x (one rotation by 2 pi k / N, as the paper's
//     code does), and k = 0 returns x itself.
// (5) FourierTranslation along x by t = k n / N pixels (any real t): trigonometric interpolation
//       (g^k x)[i][j] = sum_m X_i[m] exp(2 pi i m (j + t) / n) / n
//     over the frequencies |m| <= n/2 of each row's DFT X_i, with the Nyquist frequency (n even)
//     taken as its real part, i.e. multiplied by cos(pi t) (what numpy's irfft does with the
//     paper's phase-shifted rfft output). For integer t this is exactly the circular translation
//     (g^k x)[i][j] = x[i][(j + t) mod n], up to rounding. Computed with FFTW (double).
#pragma once

#include <memory>

#include "symkit/group/action.hpp"

namespace symkit::group {

/// Common part of the exact pixel permutations (2) and (3) on n x n images: dimension n*n,
/// exact, g^k x computed as apply_permutation(permutation(k), x).
class PixelPermutationAction : public CyclicAction {
 public:
  Index dim() const override { return n_ * n_; }
  bool exact() const override { return true; }
  bool is_permutation() const override { return true; }

 protected:
  explicit PixelPermutationAction(Index n) : n_(n) {}
  Vec<double> act_checked(const Vec<double>& x, int k) const override;

  Index n_;
};

/// (2) C4 rotation of n x n images; exact permutation.
class C4Rotation final : public PixelPermutationAction {
 public:
  /// UsageError when n < 1.
  explicit C4Rotation(Index n);
  int order() const override { return 4; }
  std::string name() const override;
  Permutation permutation(long long k) const override;
};

/// (3) Circular translation along x with step s; exact permutation of order n / s.
class CircularTranslation final : public PixelPermutationAction {
 public:
  /// UsageError when n < 2, s < 1, s does not divide n, or n / s < 2.
  CircularTranslation(Index n, Index step = 1);
  int order() const override { return static_cast<int>(n_ / s_); }
  std::string name() const override;
  Permutation permutation(long long k) const override;

 private:
  Index s_;
};

/// Interpolation order of InterpolatedRotation: bilinear or cubic B-spline.
enum class Interp { linear = 1, cubic = 3 };

/// Rotates an n x n image by `degrees` as scipy.ndimage.rotate(reshape=False, mode='constant',
/// cval=0, order=1 or 3) does (see the header comment). InputError when x.size() != n*n or x has
/// NaN/Inf entries, UsageError when n < 1.
Vec<double> rotate_image(const Vec<double>& x, Index n, double degrees, Interp order);

/// The N x n*n matrix whose row k is x rotated by 360 (k + phase) / N degrees (row 0 is x itself
/// when phase = 0). phase = 1/2 gives the half-step offset orbit that the paper's rotated-MNIST
/// scripts use for class B (angles + pi / N), each point interpolated once from x.
/// Errors as rotate_image, plus UsageError for N < 2 and InputError for a non-finite phase.
Mat<double> rotation_orbit(const Vec<double>& x, Index n, int N, Interp order, double phase = 0.0);

/// (4) Rotation by 2 pi k / N with interpolation; not exact.
class InterpolatedRotation final : public CyclicAction {
 public:
  /// UsageError when n < 1 or N < 2.
  InterpolatedRotation(Index n, int N, Interp order = Interp::cubic);
  int order() const override { return N_; }
  Index dim() const override { return n_ * n_; }
  bool exact() const override { return false; }
  std::string name() const override;

 protected:
  Vec<double> act_checked(const Vec<double>& x, int k) const override;

 private:
  Index n_;
  int N_;
  Interp interp_;
};

/// Shifts an n x n image by tx pixels along x (columns) and ty along y (rows) by Fourier
/// interpolation: y[i][j] = x~(i + ty, j + tx), x~ the trigonometric interpolant of the header
/// comment (separable, Nyquist terms as real parts). InputError for a wrong length or NaN/Inf
/// in x or in the shifts; UsageError when n < 1.
Vec<double> fourier_shift(const Vec<double>& x, Index n, double tx, double ty = 0.0);

/// (5) Sub-pixel translation along x by t = k n / N pixels (Fourier phase shift). A true
/// orthogonal representation (up to rounding) when n is odd or N divides n; for even n and N not
/// dividing n the Nyquist factor cos(pi t) breaks g^a g^b = g^{a+b}, and exact() is false.
class FourierTranslation final : public CyclicAction {
 public:
  /// UsageError when n < 1 or N < 2.
  FourierTranslation(Index n, int N);
  int order() const override { return N_; }
  Index dim() const override { return n_ * n_; }
  bool exact() const override { return n_ % 2 == 1 || n_ % N_ == 0; }
  std::string name() const override;
  /// The shift in pixels of g^k: k n / N with k reduced modulo N.
  double shift(long long k) const;

 protected:
  Vec<double> act_checked(const Vec<double>& x, int k) const override;

 private:
  Index n_;
  int N_;
};

}  // namespace symkit::group
