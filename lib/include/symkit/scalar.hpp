// Scalar types shared by every generic code path in symkit.
//
// symkit's numerics are templates over the scalar type T. Four types are instantiated:
//   double, long double, symkit::mp50 and symkit::mp100 (MPFR-backed Boost.Multiprecision
//   numbers with 50 and 100 decimal digits, expression templates off so that Eigen can use them).
// Generic code never writes a double literal: use T(1) / T(2), symkit::pi<T>(), ...
#pragma once

#include <Eigen/Core>
#include <boost/multiprecision/mpfr.hpp>
#include <cmath>
#include <complex>
#include <limits>
#include <string>

namespace symkit {

namespace bmp = boost::multiprecision;

/// 50 significant decimal digits (MPFR backend, no expression templates).
using mp50 = bmp::number<bmp::mpfr_float_backend<50>, bmp::et_off>;
/// 100 significant decimal digits (MPFR backend, no expression templates).
using mp100 = bmp::number<bmp::mpfr_float_backend<100>, bmp::et_off>;

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T>
using CVec = Eigen::Matrix<std::complex<T>, Eigen::Dynamic, 1>;

/// The constant pi in the precision of T.
template <class T>
inline T pi() {
  if constexpr (std::is_floating_point_v<T>) {
    return T(3.141592653589793238462643383279502884197169399375105820974944592307816406286L);
  } else {
    return boost::math::constants::pi<T>();
  }
}

/// Number of decimal digits needed to print T without loss (17 for double).
template <class T>
constexpr int print_digits() {
  return std::numeric_limits<T>::max_digits10;
}

/// A short name of the scalar type: "double", "long", "50", "100".
template <class T>
const char* scalar_name();
template <>
inline const char* scalar_name<double>() {
  return "double";
}
template <>
inline const char* scalar_name<long double>() {
  return "long";
}
template <>
inline const char* scalar_name<mp50>() {
  return "50";
}
template <>
inline const char* scalar_name<mp100>() {
  return "100";
}

/// Converts any symkit scalar to double (rounding to nearest).
template <class T>
inline double to_double(const T& x) {
  return static_cast<double>(x);
}

/// Writes x with all the significant digits of its type (17 for double).
template <class T>
std::string to_string_full(const T& x);

/// |x| for any symkit scalar (std::abs or Boost.Multiprecision's abs, by argument type).
template <class T>
inline T abs_of(const T& x) {
  using boost::multiprecision::abs;
  using std::abs;
  return abs(x);
}

/// max |m(i, j)| over the entries of a matrix or expression of symkit scalars (0 when empty).
template <class Derived>
inline auto max_abs_of(const Eigen::MatrixBase<Derived>& m) {
  using T = typename Derived::Scalar;
  T r = T(0);
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      const T a = abs_of<T>(m(i, j));
      if (a > r) r = a;
    }
  return r;
}

/// True when x is neither NaN nor infinite.
template <class T>
inline bool is_finite(const T& x) {
  using boost::multiprecision::isfinite;
  using std::isfinite;
  return isfinite(x);
}

}  // namespace symkit

// Eigen needs NumTraits for the multiprecision types. Boost's own eigen.hpp adapter lacks
// infinity()/quiet_NaN() in Boost 1.74 (SelfAdjointEigenSolver then fails to compile), so
// symkit defines the traits itself.
namespace Eigen {
template <unsigned Digits>
struct NumTraits<boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<Digits>,
                                               boost::multiprecision::et_off>>
    : GenericNumTraits<boost::multiprecision::number<
          boost::multiprecision::mpfr_float_backend<Digits>, boost::multiprecision::et_off>> {
  using Self = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<Digits>,
                                             boost::multiprecision::et_off>;
  enum {
    IsInteger = 0,
    IsSigned = 1,
    IsComplex = 0,
    RequireInitialization = 1,
    ReadCost = 1,
    AddCost = 4,
    MulCost = 8
  };
  using Real = Self;
  using NonInteger = Self;
  using Literal = Self;
  using Nested = Self;
  static inline Real epsilon() { return std::numeric_limits<Self>::epsilon(); }
  static inline Real dummy_precision() {
    // Ten digits fewer than the type carries.
    return boost::multiprecision::pow(Self(10), -static_cast<int>(Digits) + 10);
  }
  static inline int digits10() { return static_cast<int>(Digits); }
  static inline Real highest() { return (std::numeric_limits<Self>::max)(); }
  static inline Real lowest() { return std::numeric_limits<Self>::lowest(); }
  static inline Real infinity() { return std::numeric_limits<Self>::infinity(); }
  static inline Real quiet_NaN() { return std::numeric_limits<Self>::quiet_NaN(); }
};
}  // namespace Eigen

/// Instantiates a template declaration macro M(T) for the four symkit scalar types.
#define SYMKIT_FOR_EACH_SCALAR(M) \
  M(double)                       \
  M(long double)                  \
  M(::symkit::mp50)               \
  M(::symkit::mp100)
