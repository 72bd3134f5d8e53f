#include "symkit/spectral/circulant.hpp"

#include "symkit/error.hpp"

namespace symkit::spectral {

namespace {

template <class T>
void check_square_finite(const Mat<T>& K) {
  if (K.rows() == 0 || K.cols() == 0)
    throw InputError(msg("kernel: empty matrix (", K.rows(), "x", K.cols(), ")"));
  if (K.rows() != K.cols())
    throw InputError(msg("kernel: not square (", K.rows(), "x", K.cols(), ")"));
  for (Index j = 0; j < K.cols(); ++j)
    for (Index i = 0; i < K.rows(); ++i)
      if (!is_finite(K(i, j)))
        throw InputError(msg("kernel: entry (", i, ", ", j, ") is ", to_string_full(K(i, j))));
}

}  // namespace

template <class T>
T circulant_defect(const Mat<T>& K) {
  check_square_finite(K);
  using std::abs;
  const Index n = K.rows();
  T dmax = T(0), kmax = T(0);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i) {
      const Index d = (j - i + n) % n;
      const T a = abs(K(i, j));
      if (a > kmax) kmax = a;
      const T e = abs(K(i, j) - K(0, d));
      if (e > dmax) dmax = e;
    }
  if (kmax == T(0)) return T(0);
  return dmax / kmax;
}

template <class T>
Vec<T> circularised_row(const Mat<T>& K) {
  check_square_finite(K);
  const Index n = K.rows();
  Vec<T> c = Vec<T>::Zero(n);
  // Column-major walk: entry (i, j) lies on wrapped diagonal d = (j - i) mod n.
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i) c((j - i + n) % n) += K(i, j);
  c /= T(static_cast<double>(n));
  return c;
}

template <class T>
Mat<T> circulant_from_row(const Vec<T>& c) {
  const Index n = c.size();
  Mat<T> C(n, n);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < n; ++i) C(i, j) = c((j - i + n) % n);
  return C;
}

template <class T>
Mat<T> circularise(const Mat<T>& K) {
  return circulant_from_row<T>(circularised_row(K));
}

#define SYMKIT_INST(T)                                  \
  template T circulant_defect<T>(const Mat<T>&);        \
  template Vec<T> circularised_row<T>(const Mat<T>&);   \
  template Mat<T> circulant_from_row<T>(const Vec<T>&); \
  template Mat<T> circularise<T>(const Mat<T>&);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::spectral
