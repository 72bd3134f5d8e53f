#include "symkit/io/idx.hpp"

#include <cmath>
#include <cstring>
#include <iomanip>
#include <iterator>
#include <limits>
#include <sstream>

#include "source.hpp"
#include "symkit/error.hpp"

namespace symkit::io {

namespace {

constexpr unsigned kMaxDims = 16;

std::string hex(std::uint64_t v, int width) {
  std::ostringstream os;
  os << "0x" << std::hex << std::setw(width) << std::setfill('0') << v;
  return os.str();
}

// The six element types: code (the third magic byte), name, size in bytes.
struct TypeInfo {
  IdxType type;
  const char* name;
  std::size_t size;
};
constexpr TypeInfo kTypes[] = {
    {IdxType::u8, "unsigned byte", 1}, {IdxType::i8, "signed byte", 1},
    {IdxType::i16, "int16", 2},        {IdxType::i32, "int32", 4},
    {IdxType::f32, "float32", 4},      {IdxType::f64, "float64", 8},
};

// The table entry of type byte t, nullptr for an unknown byte.
const TypeInfo* type_info(std::uint8_t t) {
  for (const TypeInfo& i : kTypes) {
    if (static_cast<std::uint8_t>(i.type) == t) return &i;
  }
  return nullptr;
}

bool known_type(std::uint8_t t) { return type_info(t) != nullptr; }

// "0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E": the known type bytes.
std::string known_type_list() {
  std::ostringstream os;
  const std::size_t n = std::size(kTypes);
  for (std::size_t i = 0; i < n; ++i) {
    if (i) os << (i + 1 == n ? " or " : ", ");
    os << "0x" << std::hex << std::uppercase << std::setw(2) << std::setfill('0')
       << static_cast<unsigned>(kTypes[i].type);
  }
  return os.str();
}

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) |
         std::uint32_t(p[3]);
}

std::uint64_t be64(const std::uint8_t* p) { return (std::uint64_t(be32(p)) << 32) | be32(p + 4); }

double decode(IdxType t, const std::uint8_t* p) {
  switch (t) {
    case IdxType::u8:
      return p[0];
    case IdxType::i8:
      return static_cast<std::int8_t>(p[0]);
    case IdxType::i16:
      return static_cast<std::int16_t>(static_cast<std::uint16_t>((p[0] << 8) | p[1]));
    case IdxType::i32:
      return static_cast<std::int32_t>(be32(p));
    case IdxType::f32: {
      const std::uint32_t u = be32(p);
      float f;
      std::memcpy(&f, &u, 4);
      return f;
    }
    case IdxType::f64: {
      const std::uint64_t u = be64(p);
      double d;
      std::memcpy(&d, &u, 8);
      return d;
    }
  }
  return 0;
}

IdxArray read_from(detail::Source& src, const IdxLimits& limits) {
  const std::string& name = src.name();
  std::uint8_t head[4];
  const std::size_t k = src.read(head, 4);
  if (k < 4) {
    throw FormatError(msg(name, ": truncated file: ", k, " bytes, the IDX magic number needs 4"));
  }
  const std::uint32_t magic = be32(head);
  if (head[0] != 0 || head[1] != 0 || !known_type(head[2])) {
    throw FormatError(msg(name, ": wrong magic ", hex(magic, 8),
                          ": an IDX file starts with 0x00 0x00, a type byte (", known_type_list(),
                          ") and ndims"));
  }
  IdxArray a;
  a.type = static_cast<IdxType>(head[2]);
  const unsigned nd = head[3];
  if (nd == 0 || nd > kMaxDims) {
    throw FormatError(msg(name, ": field ndims (4th magic byte) is ", nd, "; symkit reads 1..",
                          kMaxDims, " dimensions"));
  }
  std::uint8_t dimbytes[4 * kMaxDims];
  const std::size_t kd = src.read(dimbytes, 4 * nd);
  if (kd < 4 * nd) {
    throw FormatError(msg(name, ": truncated file: the header promises ", nd, " dimension fields (",
                          4 * nd, " bytes) but only ", kd, " follow"));
  }
  std::uint64_t count = 1;
  bool overflow = false;
  for (unsigned i = 0; i < nd; ++i) {
    const std::uint32_t d = be32(dimbytes + 4 * i);
    if (d == 0) throw FormatError(msg(name, ": dimension field ", i, " is 0 (empty array)"));
    a.dims.push_back(d);
    if (count > std::numeric_limits<std::uint64_t>::max() / d) overflow = true;
    if (!overflow) count *= d;
  }
  const std::size_t esize = idx_type_size(a.type);
  const std::string dimtext = dims_text(a);
  if (overflow || count > std::numeric_limits<std::uint64_t>::max() / esize) {
    throw FormatError(
        msg(name, ": dimension fields ", dimtext, ": the element count overflows 64 bits"));
  }
  const std::uint64_t data_bytes = count * esize;
  if (const auto rem = src.remaining()) {
    if (*rem < data_bytes) {
      throw FormatError(msg(name, ": truncated file: dimension fields ", dimtext, " promise ",
                            data_bytes, " data bytes but the file holds ", *rem));
    }
    if (*rem > data_bytes) {
      throw FormatError(msg(name, ": trailing garbage: ", *rem - data_bytes, " bytes after the ",
                            data_bytes, " data bytes that dimension fields ", dimtext,
                            " describe"));
    }
  }
  const std::uint64_t mem = a.type == IdxType::u8 ? count : count * sizeof(double);
  if (count > std::numeric_limits<std::uint64_t>::max() / sizeof(double) ||
      mem > limits.max_bytes) {
    throw FormatError(msg(name, ": dimension fields ", dimtext, " describe ", count,
                          " elements, more than the reader's limit of ", limits.max_bytes,
                          " bytes"));
  }
  std::vector<std::uint8_t> raw = detail::read_up_to(src, data_bytes);
  if (raw.size() < data_bytes) {
    throw FormatError(msg(name, ": truncated file: dimension fields ", dimtext, " promise ",
                          data_bytes, " data bytes but only ", raw.size(), " follow"));
  }
  std::uint8_t probe;
  if (src.read(&probe, 1) != 0) {
    throw FormatError(msg(name, ": trailing garbage after the ", data_bytes,
                          " data bytes that dimension fields ", dimtext, " describe"));
  }
  if (a.type == IdxType::u8) {
    a.bytes = std::move(raw);
    return a;
  }
  a.values.resize(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    const double v = decode(a.type, raw.data() + i * esize);
    if (!std::isfinite(v)) {
      throw InputError(msg(name, ": element ", i, " is ", v, " (NaN and Inf are not accepted)"));
    }
    a.values[i] = v;
  }
  return a;
}

IdxArray read_any(detail::Source& src, bool gz, const IdxLimits& limits) {
  if (!gz) return read_from(src, limits);
  detail::GzipSource z(src);
  return read_from(z, limits);
}

}  // namespace

const char* idx_type_name(IdxType t) {
  const TypeInfo* i = type_info(static_cast<std::uint8_t>(t));
  return i ? i->name : "unknown";
}

std::size_t idx_type_size(IdxType t) {
  const TypeInfo* i = type_info(static_cast<std::uint8_t>(t));
  return i ? i->size : 1;
}

std::size_t IdxArray::size() const {
  std::size_t n = 1;
  for (auto d : dims) n *= d;
  return dims.empty() ? 0 : n;
}

double IdxArray::at(std::size_t flat) const {
  return type == IdxType::u8 ? double(bytes.at(flat)) : values.at(flat);
}

std::string dims_text(const IdxArray& a) {
  std::string s;
  for (std::size_t i = 0; i < a.dims.size(); ++i) s += (i ? " x " : "") + std::to_string(a.dims[i]);
  return s;
}

std::uint32_t IdxArray::magic() const {
  return (std::uint32_t(static_cast<std::uint8_t>(type)) << 8) |
         static_cast<std::uint32_t>(dims.size());
}

IdxArray read_idx(const std::string& path, const IdxLimits& limits) {
  detail::FileSource f(path);
  std::uint8_t m[2] = {0, 0};
  const std::size_t k = f.read(m, 2);
  f.rewind();
  return read_any(f, detail::is_gzip(m, k), limits);
}

IdxArray parse_idx(const std::uint8_t* data, std::size_t size, const std::string& name,
                   const IdxLimits& limits) {
  detail::MemorySource s(data, size, name);
  return read_any(s, detail::is_gzip(data, size), limits);
}

void write_idx(const std::string& path, const IdxArray& a) {
  if (a.dims.empty() || a.dims.size() > kMaxDims) {
    throw UsageError(
        msg(path, ": an IDX array needs 1..", kMaxDims, " dimensions, got ", a.dims.size()));
  }
  std::uint64_t count = 1;
  for (std::size_t i = 0; i < a.dims.size(); ++i) {
    if (a.dims[i] == 0) throw UsageError(msg(path, ": dimension ", i, " is 0"));
    if (count > (std::uint64_t(1) << 62) / a.dims[i]) {
      throw UsageError(msg(path, ": the dimensions overflow"));
    }
    count *= a.dims[i];
  }
  const bool u8 = a.type == IdxType::u8;
  const std::size_t have = u8 ? a.bytes.size() : a.values.size();
  if (count != have) {
    throw UsageError(
        msg(path, ": the dimensions hold ", count, " elements but ", have, " are given"));
  }
  if (!known_type(static_cast<std::uint8_t>(a.type))) {
    throw UsageError(msg(path, ": unknown IDX element type"));
  }
  const std::size_t esize = idx_type_size(a.type);
  std::vector<std::uint8_t> out;
  out.reserve(4 + 4 * a.dims.size() + have * esize);
  auto put32 = [&](std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  };
  put32(a.magic());
  for (auto d : a.dims) put32(d);
  if (u8) {
    out.insert(out.end(), a.bytes.begin(), a.bytes.end());
  } else {
    for (std::size_t i = 0; i < have; ++i) {
      const double v = a.values[i];
      if (!std::isfinite(v)) throw UsageError(msg(path, ": element ", i, " is ", v));
      auto int_in = [&](double lo, double hi) {
        if (v != std::floor(v) || v < lo || v > hi) {
          throw UsageError(
              msg(path, ": element ", i, " = ", v, " is not a ", idx_type_name(a.type)));
        }
      };
      switch (a.type) {
        case IdxType::i8:
          int_in(-128, 127);
          out.push_back(static_cast<std::uint8_t>(static_cast<std::int8_t>(v)));
          break;
        case IdxType::i16: {
          int_in(-32768, 32767);
          const auto u = static_cast<std::uint16_t>(static_cast<std::int16_t>(v));
          out.push_back(static_cast<std::uint8_t>(u >> 8));
          out.push_back(static_cast<std::uint8_t>(u));
          break;
        }
        case IdxType::i32:
          int_in(-2147483648.0, 2147483647.0);
          put32(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)));
          break;
        case IdxType::f32: {
          const float f = static_cast<float>(v);
          if (!std::isfinite(f)) throw UsageError(msg(path, ": element ", i, " overflows float32"));
          std::uint32_t u;
          std::memcpy(&u, &f, 4);
          put32(u);
          break;
        }
        case IdxType::f64: {
          std::uint64_t u;
          std::memcpy(&u, &v, 8);
          put32(static_cast<std::uint32_t>(u >> 32));
          put32(static_cast<std::uint32_t>(u));
          break;
        }
        case IdxType::u8:
          break;
      }
    }
  }
  detail::write_file(path, out, detail::ends_with(path, ".gz"));
}

void write_idx_u8(const std::string& path, const std::vector<std::uint32_t>& dims,
                  const std::vector<std::uint8_t>& bytes) {
  IdxArray a;
  a.type = IdxType::u8;
  a.dims = dims;
  a.bytes = bytes;
  write_idx(path, a);
}

}  // namespace symkit::io
