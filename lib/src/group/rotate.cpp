// Interpolated image rotation with scipy.ndimage.rotate's conventions (reshape=False,
// mode='constant', cval=0, order 1 or 3 with prefilter), see symkit/group/image.hpp.
#include <cmath>
#include <vector>

#include "symkit/error.hpp"
#include "symkit/group/image.hpp"

namespace symkit::group {

namespace {

// Whole-sample mirror of an index into [0, n-1] (period 2n - 2).
Index mirror_index(Index i, Index n) {
  if (n == 1) return 0;
  const Index p = 2 * n - 2;
  i = i < 0 ? -i : i;
  i %= p;
  return i >= n ? p - i : i;
}

// In-place cubic B-spline prefilter of one line with mirror boundaries: the coefficients c
// such that sum_k c[k] beta3(j - k) = s[j] with c mirror-extended. Pole z = sqrt(3) - 2, gain 6.
void spline_prefilter_line(double* s, Index len, Index stride) {
  if (len < 2) return;
  const double z = std::sqrt(3.0) - 2.0;
  auto at = [&](Index k) -> double& { return s[k * stride]; };
  for (Index k = 0; k < len; ++k) at(k) *= 6.0;
  // Causal initial value: the full mirror-periodic sum, closed form.
  const double zn1 = std::pow(z, static_cast<double>(len - 1));
  double c0 = at(0) + zn1 * at(len - 1);
  double zi = z;
  for (Index k = 1; k < len - 1; ++k) {
    c0 += zi * (at(k) + zn1 * at(len - 1 - k));
    zi *= z;
  }
  at(0) = c0 / (1.0 - zn1 * zn1);
  for (Index k = 1; k < len; ++k) at(k) += z * at(k - 1);
  // Anti-causal initial value for mirror boundaries.
  at(len - 1) = (z / (z * z - 1.0)) * (at(len - 1) + z * at(len - 2));
  for (Index k = len - 2; k >= 0; --k) at(k) = z * (at(k + 1) - at(k));
}

double bspline3(double y) {
  y = std::fabs(y);
  if (y < 1.0) return (y * y * (y - 2.0) * 3.0 + 4.0) / 6.0;
  if (y < 2.0) {
    const double u = 2.0 - y;
    return u * u * u / 6.0;
  }
  return 0.0;
}

// cos and sin of an angle in degrees, exact at multiples of 90 degrees (as scipy's cosdg/sindg).
void cos_sin_degrees(double deg, double& c, double& s) {
  double r = std::fmod(deg, 360.0);
  if (r < 0) r += 360.0;
  if (r == 0.0) {
    c = 1.0, s = 0.0;
  } else if (r == 90.0) {
    c = 0.0, s = 1.0;
  } else if (r == 180.0) {
    c = -1.0, s = 0.0;
  } else if (r == 270.0) {
    c = 0.0, s = -1.0;
  } else {
    const double a = r * (pi<double>() / 180.0);
    c = std::cos(a);
    s = std::sin(a);
  }
}

void require_interp(Interp order, const char* what) {
  if (order != Interp::linear && order != Interp::cubic) {
    throw UsageError(
        msg(what, ": interpolation order ", static_cast<int>(order), " is not 1 or 3"));
  }
}

}  // namespace

Vec<double> rotate_image(const Vec<double>& x, Index n, double degrees, Interp order) {
  require_side(n, "rotate_image");
  require_interp(order, "rotate_image");
  if (!std::isfinite(degrees))
    throw InputError(msg("rotate_image: angle is ", degrees, " degrees"));
  require_image(x, n, "rotate_image");

  // Coefficient image: the prefiltered spline coefficients (order 3) or the pixels (order 1).
  std::vector<double> coef(x.data(), x.data() + x.size());
  if (order == Interp::cubic) {
    for (Index j = 0; j < n; ++j)
      spline_prefilter_line(coef.data() + j, n, n);  // along rows (axis 0)
    for (Index i = 0; i < n; ++i) spline_prefilter_line(coef.data() + i * n, n, 1);  // axis 1
  }

  double c, s;
  cos_sin_degrees(degrees, c, s);
  // Input coordinate of output pixel o: R o + offset, offset = centre - R centre (as scipy).
  const double ctr = (static_cast<double>(n) - 1.0) / 2.0;
  const double off_r = ctr - (c * ctr + s * ctr);
  const double off_q = ctr - (-s * ctr + c * ctr);
  const double last = static_cast<double>(n - 1);
  const int ord = static_cast<int>(order);

  Vec<double> y = Vec<double>::Zero(n * n);
  double wr[4], wq[4];
  Index ir[4], iq[4];
  for (Index i = 0; i < n; ++i) {
    for (Index j = 0; j < n; ++j) {
      const double di = static_cast<double>(i), dj = static_cast<double>(j);
      const double r = di * c + dj * s + off_r;
      const double q = di * -s + dj * c + off_q;
      if (!(r >= 0.0 && r <= last && q >= 0.0 && q <= last)) continue;  // zero fill
      if (ord == 1) {
        const Index r0 = static_cast<Index>(std::floor(r)), q0 = static_cast<Index>(std::floor(q));
        for (int l = 0; l < 2; ++l) {
          wr[l] = std::max(0.0, 1.0 - std::fabs(static_cast<double>(r0 + l) - r));
          wq[l] = std::max(0.0, 1.0 - std::fabs(static_cast<double>(q0 + l) - q));
          ir[l] = mirror_index(r0 + l, n);
          iq[l] = mirror_index(q0 + l, n);
        }
      } else {
        const Index r0 = static_cast<Index>(std::floor(r)) - 1;
        const Index q0 = static_cast<Index>(std::floor(q)) - 1;
        for (int l = 0; l < 4; ++l) {
          wr[l] = bspline3(static_cast<double>(r0 + l) - r);
          wq[l] = bspline3(static_cast<double>(q0 + l) - q);
          ir[l] = mirror_index(r0 + l, n);
          iq[l] = mirror_index(q0 + l, n);
        }
      }
      double v = 0.0;
      for (int a = 0; a <= ord; ++a) {
        for (int b = 0; b <= ord; ++b)
          v += coef[static_cast<std::size_t>(ir[a] * n + iq[b])] * wr[a] * wq[b];
      }
      y[i * n + j] = v;
    }
  }
  return y;
}

Mat<double> rotation_orbit(const Vec<double>& x, Index n, int N, Interp order, double phase) {
  require_order(N, "rotation orbit order N");
  if (!std::isfinite(phase)) throw InputError(msg("rotation_orbit: phase is ", phase));
  require_side(n, "rotation_orbit");
  require_interp(order, "rotation_orbit");
  require_image(x, n, "rotation_orbit");
  Mat<double> out(N, x.size());
  for (int k = 0; k < N; ++k) {
    const double steps = static_cast<double>(k) + phase;
    if (steps == 0.0) {
      out.row(k) = x.transpose();
    } else {
      out.row(k) = rotate_image(x, n, 360.0 * steps / static_cast<double>(N), order).transpose();
    }
  }
  return out;
}

InterpolatedRotation::InterpolatedRotation(Index n, int N, Interp order)
    : n_(n), N_(N), interp_(order) {
  require_side(n, "interpolated rotation");
  require_order(N, "interpolated rotation order N");
  require_interp(order, "interpolated rotation");
}

std::string InterpolatedRotation::name() const {
  return msg("rotation(n=", n_, ", N=", N_, ", order=", static_cast<int>(interp_), ")");
}

Vec<double> InterpolatedRotation::act_checked(const Vec<double>& x, int k) const {
  if (k == 0) return x;
  return rotate_image(x, n_, 360.0 * static_cast<double>(k) / static_cast<double>(N_), interp_);
}

}  // namespace symkit::group
