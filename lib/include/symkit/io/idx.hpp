// IDX files (the MNIST format): reader and writer, raw or gzip-compressed.
//
// Layout (big-endian throughout): two zero bytes, one element-type byte, one byte ndims, then
// ndims unsigned 32-bit dimension sizes, then prod(dims) elements in row-major order (last
// index fastest). Element types: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16, 0x0C int32,
// 0x0D float32, 0x0E float64.
//
// Conventions of symkit's reader (every violation is a symkit::FormatError whose message names
// the file and the field):
//   - gzip is detected from the content (first bytes 0x1f 0x8b), not from the file name;
//     concatenated gzip members are read as one stream (as gzip -d does);
//   - ndims must be 1..16 and every dimension at least 1 (an empty array is rejected);
//   - the header is validated BEFORE any allocation: a product of dimensions that overflows
//     64 bits, exceeds IdxLimits::max_bytes, or exceeds the bytes the file holds is an error.
//     Compressed data are inflated incrementally, so memory grows only with the bytes that the
//     stream really delivers;
//   - trailing bytes after the data (or after the gzip stream) are an error, not ignored: a file
//     with extra bytes is not what its header says it is;
//   - float32/float64 elements that are NaN or infinite are an InputError naming the element.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace symkit::io {

/// IDX element types (the third byte of the magic number).
enum class IdxType : std::uint8_t {
  u8 = 0x08,
  i8 = 0x09,
  i16 = 0x0B,
  i32 = 0x0C,
  f32 = 0x0D,
  f64 = 0x0E,
};

/// "unsigned byte", "float64", ... for messages and `symkit idx-info`.
const char* idx_type_name(IdxType t);
/// Size in bytes of one element.
std::size_t idx_type_size(IdxType t);

/// Resource limits of the reader.
struct IdxLimits {
  /// Largest decoded array accepted, in bytes of memory (u8: one byte per element, every other
  /// type: eight bytes per element, as doubles). 1 GiB by default.
  std::uint64_t max_bytes = std::uint64_t(1) << 30;
};

/// A decoded IDX array.
struct IdxArray {
  IdxType type = IdxType::u8;
  std::vector<std::uint32_t> dims;
  /// The elements when type == u8 (row-major); empty otherwise.
  std::vector<std::uint8_t> bytes;
  /// The elements of every other type, converted exactly to double (row-major); empty for u8.
  std::vector<double> values;

  /// Number of elements, the product of dims.
  std::size_t size() const;
  /// Element `flat` (row-major index) as a double, whatever the type.
  double at(std::size_t flat) const;
  /// The magic number as a 32-bit value (0x00000803 for MNIST images).
  std::uint32_t magic() const;
};

/// The dimensions as text, "60000 x 28 x 28", for messages and `symkit idx-info`.
std::string dims_text(const IdxArray& a);

/// Reads an IDX file (raw or gzip, detected from the content).
IdxArray read_idx(const std::string& path, const IdxLimits& limits = {});

/// Parses an IDX image held in memory (raw or gzip); `name` labels error messages.
IdxArray parse_idx(const std::uint8_t* data, std::size_t size, const std::string& name,
                   const IdxLimits& limits = {});

/// Writes `a` to `path`, gzip-compressed when the path ends in ".gz". Checks that dims are
/// 1..16 values >= 1 whose product equals the element count, and that every value is
/// representable in the element type (integers in range; finite floats). UsageError otherwise,
/// InputError when the file cannot be written.
void write_idx(const std::string& path, const IdxArray& a);

/// Convenience: an unsigned-byte array with the given dims.
void write_idx_u8(const std::string& path, const std::vector<std::uint32_t>& dims,
                  const std::vector<std::uint8_t>& bytes);

}  // namespace symkit::io
