// The ReLU arc-cosine update of one kernel entry, shared by the generic path (compute.cpp, any
// scalar) and the fast double path's matrix layers (fast.cpp): one piece of code, so that the two
// paths agree bitwise on nearly collinear pairs, where the angle is ill-conditioned.
#pragma once

#include <cmath>

#include "symkit/scalar.hpp"

namespace symkit::kernel::detail {

/// pi, pi/2 and 1/(2 pi) in the precision of T.
template <class T>
struct ReluConsts {
  T pi, half_pi, inv_two_pi;
  ReluConsts() : pi(symkit::pi<T>()), half_pi(pi / T(2)), inv_two_pi(T(1) / (T(2) * pi)) {}
};

/// k <- (s + (pi - theta) k) / (2 pi), t <- t (pi - theta) / (2 pi), with
/// theta = atan2(s, k), s = sqrt(max(v1 v2 - k^2, 0)), and theta = pi/2 when v1 v2 = 0.
template <class T>
inline void relu_entry(T& k, T& t, const T& v1, const T& v2, const ReluConsts<T>& c) {
  using std::atan2;
  using std::sqrt;
  const T prod = v1 * v2;
  // v1 v2 - c^2 as (sqrt(v1 v2) - c)(sqrt(v1 v2) + c): exactly 0 when v1 = v2 = c (the square
  // root of a rounded square is exact), so identical inputs get theta = 0 exactly, whatever
  // fused multiply-adds the compiler forms.
  const T root = sqrt(prod);
  T gap = (root - k) * (root + k);
  if (gap < T(0)) gap = T(0);
  const T s = sqrt(gap);
  T theta;
  if (prod == T(0) || (s == T(0) && k == T(0))) {
    theta = c.half_pi;  // a zero variance (all-zero patch): the angle is undefined, use pi/2
  } else {
    theta = atan2(s, k);
  }
  const T factor = (c.pi - theta) * c.inv_two_pi;
  k = s * c.inv_two_pi + factor * k;
  t = t * factor;
}

}  // namespace symkit::kernel::detail
