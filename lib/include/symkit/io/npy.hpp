// NPY files (NumPy's binary array format, versions 1.0, 2.0 and 3.0).
//
// Layout: "\x93NUMPY", major and minor version bytes, the header length (little-endian uint16
// for 1.x, uint32 for 2.x/3.x), then a Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (n, d), } padded with spaces and ended by
// '\n', then the raw elements.
//
// Conventions of symkit's reader:
//   - dtypes: '<f8', '>f8', '<f4', '>f4' and '|u1' (also written 'u1' or '<u1'); values are
//     returned as doubles (exact for all of them);
//   - shapes: (n,) gives n rows of 1 column; (n, d) gives n rows of d; (n, h, w) gives n rows of
//     h*w, each image flattened row-major, with the image side (h, w) reported. Other ranks and
//     zero-sized dimensions are FormatErrors;
//   - fortran_order True is honoured: the data are read in column-major order and placed
//     correctly, so the returned matrix is the same as for the C-order file of the same array;
//   - the data must be exactly prod(shape) * itemsize bytes: fewer (a header lying about the
//     shape, a truncated file) or more (trailing bytes) is a FormatError, checked before any
//     allocation; the header itself is limited to 1 MiB;
//   - NaN or infinite values are an InputError naming the file and the element (row, column).
// The writer writes version 1.0, '<f8', C order, shape (rows, cols), the header padded so that
// the data start at a multiple of 64 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "symkit/scalar.hpp"

namespace symkit::io {

/// A decoded NPY array as a real matrix.
struct NpyMatrix {
  Mat<double> values;                ///< rows = first dimension
  std::vector<std::uint64_t> shape;  ///< the shape written in the header
  std::string descr;                 ///< the dtype written in the header
  bool fortran_order = false;
  std::size_t image_h = 0, image_w = 0;  ///< the image side of a 3-D array, 0 otherwise
};

/// Reads an NPY file.
NpyMatrix read_npy(const std::string& path);

/// Parses an NPY image held in memory; `name` labels error messages.
NpyMatrix parse_npy(const std::uint8_t* data, std::size_t size, const std::string& name);

/// Writes m as a 2-D '<f8' C-order NPY file (version 1.0). InputError when it cannot be written.
void write_npy(const std::string& path, const Mat<double>& m);

}  // namespace symkit::io
