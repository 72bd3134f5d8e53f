// Helpers shared by the group-action and orbit-data tests: vectors written out by hand and
// reproducible random vectors.
#pragma once

#include <initializer_list>
#include <random>

#include "symkit/scalar.hpp"

namespace grouptest {

/// The vector with the listed entries.
inline symkit::Vec<double> vec(std::initializer_list<double> v) {
  symkit::Vec<double> x(static_cast<Eigen::Index>(v.size()));
  Eigen::Index i = 0;
  for (double a : v) x[i++] = a;
  return x;
}

/// d entries uniform in [-1, 1), reproducible from `seed`.
inline symkit::Vec<double> random_vec(Eigen::Index d, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  symkit::Vec<double> x(d);
  for (Eigen::Index i = 0; i < d; ++i) x[i] = u(rng);
  return x;
}

}  // namespace grouptest
