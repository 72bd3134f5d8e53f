#include "symkit/data/normalize.hpp"

#include <cmath>
#include <string>

#include "symkit/error.hpp"
#include "symkit/group/action.hpp"

namespace symkit::data {

Vec<double> normalize_sphere(const Vec<double>& x, bool demean, const char* what) {
  if (x.size() == 0) throw InputError(msg(what, ": empty image cannot be normalised"));
  group::require_finite(x, what, "pixel");
  Vec<double> v = x;
  if (demean) v.array() -= v.mean();
  const double norm = v.norm();
  if (!(norm > 0.0)) {
    if (demean) {
      throw InputError(msg(what, ": image is constant (every pixel ", x[0],
                           "), its mean-subtracted norm is 0 and it cannot be normalised"));
    }
    throw InputError(msg(what, ": image is all zero and cannot be normalised"));
  }
  return v / norm;
}

Vec<double> normalize_sphere(const std::vector<std::uint8_t>& bytes, bool demean,
                             const char* what) {
  Vec<double> x(static_cast<Index>(bytes.size()));
  for (std::size_t i = 0; i < bytes.size(); ++i) x[static_cast<Index>(i)] = bytes[i] / 255.0;
  return normalize_sphere(x, demean, what);
}

Mat<double> normalize_rows(const Mat<double>& X, bool demean) {
  Mat<double> out(X.rows(), X.cols());
  for (Index r = 0; r < X.rows(); ++r) {
    const std::string what = msg("image (row ", r, ")");
    out.row(r) =
        normalize_sphere(Vec<double>(X.row(r).transpose()), demean, what.c_str()).transpose();
  }
  return out;
}

}  // namespace symkit::data
