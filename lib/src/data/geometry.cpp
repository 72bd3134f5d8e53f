#include "symkit/data/geometry.hpp"

#include "symkit/error.hpp"

namespace symkit::data {

template <class T>
Vec<T> centroid(const Mat<T>& orbit) {
  if (orbit.rows() == 0 || orbit.cols() == 0) {
    throw InputError(msg("centroid: orbit is empty (", orbit.rows(), " x ", orbit.cols(), ")"));
  }
  Vec<T> c = Vec<T>::Zero(orbit.cols());
  for (Index r = 0; r < orbit.rows(); ++r) c += orbit.row(r).transpose();
  return c / T(orbit.rows());
}

template <class T>
T delta_squared(const Mat<T>& orbit_a, const Mat<T>& orbit_b) {
  if (orbit_a.cols() != orbit_b.cols()) {
    throw InputError(
        msg("delta_squared: orbit A has dimension ", orbit_a.cols(), ", orbit B ", orbit_b.cols()));
  }
  return (centroid<T>(orbit_a) - centroid<T>(orbit_b)).squaredNorm();
}

template <class T>
T orbit_radius(const Mat<T>& orbit) {
  const Vec<T> c = centroid<T>(orbit);
  T sum(0);
  for (Index r = 0; r < orbit.rows(); ++r) sum += (orbit.row(r).transpose() - c).norm();
  return sum / T(orbit.rows());
}

template <class T>
T pair_radius(const Mat<T>& orbit_a, const Mat<T>& orbit_b) {
  return (orbit_radius<T>(orbit_a) + orbit_radius<T>(orbit_b)) / T(2);
}

template <class T>
T delta_squared(const OrbitSet<T>& set, int oa, int ob) {
  return delta_squared<T>(set.orbit_points(oa), set.orbit_points(ob));
}

template <class T>
T pair_radius(const OrbitSet<T>& set, int oa, int ob) {
  return pair_radius<T>(set.orbit_points(oa), set.orbit_points(ob));
}

#define SYMKIT_INST(T)                                       \
  template Vec<T> centroid<T>(const Mat<T>&);                \
  template T delta_squared<T>(const Mat<T>&, const Mat<T>&); \
  template T orbit_radius<T>(const Mat<T>&);                 \
  template T pair_radius<T>(const Mat<T>&, const Mat<T>&);   \
  template T delta_squared<T>(const OrbitSet<T>&, int, int); \
  template T pair_radius<T>(const OrbitSet<T>&, int, int);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::data
