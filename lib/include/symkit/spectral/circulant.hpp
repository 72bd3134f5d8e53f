// Circulant matrices: the defect measure and circularisation (eq. 12 of Perin & Deny 2024).
//
// An n x n matrix is circulant when K[i, j] depends only on (j - i) mod n; its first row
// c_d = K[0, d] then defines it: K[i, j] = c_{(j - i) mod n}.
#pragma once

#include "symkit/scalar.hpp"

namespace symkit::spectral {

using Index = Eigen::Index;

/// Circulant defect: max_{i,j} |K[i, j] - K[0, (j - i) mod n]| / max_{i,j} |K[i, j]|
/// (0 for the zero matrix). O(n^2). Throws InputError on a non-square, empty or non-finite K.
template <class T>
T circulant_defect(const Mat<T>& K);

/// The first row of the circularised matrix (eq. 12): the mean of each wrapped diagonal,
/// c_d = (1/n) sum_i K[i, (i + d) mod n], d = 0..n-1. O(n^2). Same input checks as above.
template <class T>
Vec<T> circularised_row(const Mat<T>& K);

/// The circulant matrix with first row c: C[i, j] = c_{(j - i) mod n}.
template <class T>
Mat<T> circulant_from_row(const Vec<T>& c);

/// Circularisation (eq. 12): K~[i, j] = (1/n) sum_k K[(i + k) mod n, (j + k) mod n].
/// The result is circulant, symmetric when K is, keeps the trace, equals K when K is circulant,
/// and is idempotent. O(n^2).
template <class T>
Mat<T> circularise(const Mat<T>& K);

}  // namespace symkit::spectral
