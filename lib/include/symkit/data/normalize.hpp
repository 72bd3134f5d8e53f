// "Sphere" normalisation of images, as the paper's code does it (gpsymm utils/mnist_utils.py,
// normalize_mnist): bytes / 255, then subtract the image's own mean, then divide by the L2 norm,
// so every image has mean 0 and unit norm. With demean = false the mean is kept and the image
// is only scaled to unit norm.
//
// The paper's code always subtracts the mean inside normalize_mnist; its optional `--demean`
// flag (default off, shift_cntk.py) subtracts the mean once more after normalising, which
// changes nothing but rounding. symkit's `demean` therefore defaults to true. Note that the
// paper's scripts normalise either before the group action (rotations: images, then orbits) or
// after it (translations: orbits, then every orbit point); symkit provides both building
// blocks and leaves the order to the caller.
//
// Errors: NaN/Inf pixels and images whose norm is zero after the optional demeaning (an
// all-constant image with demean = true, an all-zero image) raise InputError naming the image.
#pragma once

#include <cstdint>
#include <vector>

#include "symkit/scalar.hpp"

namespace symkit::data {

using Index = Eigen::Index;

/// x - mean(x) (if demean), divided by its L2 norm. `what` names the image in error messages.
Vec<double> normalize_sphere(const Vec<double>& x, bool demean = true, const char* what = "image");

/// The same on bytes: bytes / 255 first.
Vec<double> normalize_sphere(const std::vector<std::uint8_t>& bytes, bool demean = true,
                             const char* what = "image");

/// Every row of X normalised (rows are images); errors name the row.
Mat<double> normalize_rows(const Mat<double>& X, bool demean = true);

}  // namespace symkit::data
