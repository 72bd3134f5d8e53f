// Geometric correlates of an orbit pair (paper Fig. 4D-E):
//   Delta^2 = || mean(orbit A) - mean(orbit B) ||^2   (squared distance of the two centroids)
//   rho     = (rho_A + rho_B) / 2, rho_X = mean over the orbit's points of || x - mean(orbit X) ||
// For an exact (orthogonal) action every point of an orbit is equally far from the centroid, so
// rho_X is also the distance of any single point; the paper's code (get_projected_radius) uses
// the orbit's first point, which differs from the mean only for inexact (interpolated) actions.
// Orbits are matrices with one point per row (OrbitSet::orbit_points).
#pragma once

#include "symkit/data/orbits.hpp"

namespace symkit::data {

/// Centroid (mean of the rows) of an orbit. InputError for an empty orbit.
template <class T>
Vec<T> centroid(const Mat<T>& orbit);

/// ||centroid(a) - centroid(b)||^2. InputError when the dimensions differ or an orbit is empty.
template <class T>
T delta_squared(const Mat<T>& orbit_a, const Mat<T>& orbit_b);

/// Mean distance of an orbit's points to its centroid.
template <class T>
T orbit_radius(const Mat<T>& orbit);

/// (orbit_radius(a) + orbit_radius(b)) / 2.
template <class T>
T pair_radius(const Mat<T>& orbit_a, const Mat<T>& orbit_b);

/// Delta^2 and rho of orbits oa and ob of a set.
template <class T>
T delta_squared(const OrbitSet<T>& set, int oa = 0, int ob = 1);
template <class T>
T pair_radius(const OrbitSet<T>& set, int oa = 0, int ob = 1);

}  // namespace symkit::data
