// Matrix files for the command line: samples (one per row) in, kernel matrices out.
//
// The format follows the file name:
//   .csv                          comma-separated text, one row per line;
//   .npy                          NumPy binary (see symkit/io/npy.hpp);
//   .idx, *-ubyte, *.gz           IDX (see symkit/io/idx.hpp): 1-D gives one column, 2-D
//                                 n x d rows, 3-D n x h x w gives n rows of h*w (image side
//                                 reported); bytes are returned unscaled (0..255).
// Any other name is a UsageError listing the accepted extensions.
//
// CSV conventions (reader):
//   - fields are decimal numbers ([+-]digits[.digits][e[+-]digits]), optionally surrounded by
//     spaces or tabs; line ends "\n" or "\r\n";
//   - a FIRST line whose fields are all non-numbers (e.g. "x0,x1,x2") is a header and is
//     skipped; a first line mixing numbers and non-numbers is an error like any other line;
//   - blank lines at the end of the file are ignored; a blank line between rows is an error;
//   - every row must have as many fields as the first data row (ragged rows are errors); an
//     empty file (or a header alone) is an error;
//   - NaN, Inf, and numbers that overflow the scalar type are errors;
//   - each error is an InputError "FILE:LINE:COLUMN: reason" (line and column counted from 1,
//     column = the field's position in the row).
//   - values are parsed directly in the target scalar type, so a 50-digit CSV read as mp50
//     keeps all its digits.
// CSV writer: comma-separated, "\n" line ends, no header; each value printed with `digits`
// significant digits (default: all digits of the type, via to_string_full; 17 for double).
// NPY writer: '<f8' (values of wider types are rounded to double). IDX writer: a 2-D float64
// IDX file (gzip when the name ends in .gz).
#pragma once

#include <cstddef>
#include <string>

#include "symkit/scalar.hpp"

namespace symkit::io {

enum class MatrixFormat { csv, npy, idx };

/// The format of `path` from its name (UsageError for an unknown extension).
MatrixFormat matrix_format_of(const std::string& path);

/// A matrix read from a file, with the image side when the file says it (3-D NPY or IDX).
template <class T>
struct MatrixData {
  Mat<T> values;
  std::size_t image_h = 0, image_w = 0;
};

/// Reads a matrix in the format given by the extension. When `index_spec` is not empty only the
/// rows it selects are kept, in its order (see parse_index_ranges in symkit/io/mnist.hpp).
template <class T>
MatrixData<T> read_matrix(const std::string& path, const std::string& index_spec = "");

/// Reads a CSV matrix (conventions above).
template <class T>
Mat<T> read_csv(const std::string& path);

/// Parses CSV text held in memory; `name` labels error messages.
template <class T>
Mat<T> parse_csv(const std::string& text, const std::string& name);

/// Writes a CSV matrix with `digits` significant digits (0: all digits of T).
template <class T>
void write_csv(const std::string& path, const Mat<T>& m, int digits = 0);

/// Writes a matrix in the format given by the extension (.csv, .npy, or IDX float64).
template <class T>
void write_matrix(const std::string& path, const Mat<T>& m);

}  // namespace symkit::io
