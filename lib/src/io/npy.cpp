#include "symkit/io/npy.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

#include "source.hpp"
#include "symkit/error.hpp"

namespace symkit::io {

namespace {

constexpr std::uint64_t kMaxHeader = std::uint64_t(1) << 20;

// A parser of the header dict: {'key': value, ...} with values a quoted string, True/False, or a
// tuple of non-negative integers. Anything else is a FormatError naming the file and the field.
struct HeaderParser {
  const std::string& s;
  const std::string& name;
  std::size_t i = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw FormatError(
        msg(name, ": NPY header: ", what, " at offset ", i, " of '", printable(), "'"));
  }
  std::string printable() const {
    std::string out;
    for (char c : s.substr(0, 200)) out += (c >= 32 && c < 127) ? c : '?';
    return out;
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(msg("expected '", c, "'"));
  }
  std::string str() {
    ws();
    if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) fail("expected a quoted string");
    const char q = s[i++];
    const std::size_t start = i;
    while (i < s.size() && s[i] != q) ++i;
    if (i >= s.size()) fail("unterminated string");
    return s.substr(start, i++ - start);
  }
  bool boolean() {
    ws();
    if (s.compare(i, 4, "True") == 0) {
      i += 4;
      return true;
    }
    if (s.compare(i, 5, "False") == 0) {
      i += 5;
      return false;
    }
    fail("expected True or False");
  }
  std::vector<std::uint64_t> tuple() {
    expect('(');
    std::vector<std::uint64_t> t;
    while (!eat(')')) {
      ws();
      if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) {
        fail("expected a non-negative integer in the shape");
      }
      std::uint64_t v = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        const unsigned d = static_cast<unsigned>(s[i++] - '0');
        if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) fail("shape value overflows");
        v = v * 10 + d;
      }
      ws();
      if (i < s.size() && s[i] == 'L') ++i;  // Python 2 long suffix
      t.push_back(v);
      if (t.size() > 32) fail("too many dimensions in the shape");
      if (!eat(',')) {
        expect(')');
        break;
      }
    }
    return t;
  }
};

struct Dtype {
  std::size_t size;
  bool little;
  char kind;  // 'f' or 'u'
};

Dtype parse_descr(const std::string& d, const std::string& name) {
  if (d == "<f8") return {8, true, 'f'};
  if (d == ">f8") return {8, false, 'f'};
  if (d == "<f4") return {4, true, 'f'};
  if (d == ">f4") return {4, false, 'f'};
  if (d == "|u1" || d == "u1" || d == "<u1" || d == ">u1") return {1, true, 'u'};
  throw FormatError(msg(name, ": NPY field 'descr' is '", d,
                        "'; symkit reads '<f8', '>f8', '<f4', '>f4' and '|u1'"));
}

double decode(const Dtype& t, const std::uint8_t* p) {
  if (t.kind == 'u') return p[0];
  std::uint8_t b[8];
  for (std::size_t k = 0; k < t.size; ++k) b[k] = t.little ? p[k] : p[t.size - 1 - k];
  // b now holds the little-endian representation; assemble the integer value portably.
  std::uint64_t u = 0;
  for (std::size_t k = t.size; k-- > 0;) u = (u << 8) | b[k];
  if (t.size == 8) {
    double d;
    std::memcpy(&d, &u, 8);
    return d;
  }
  const auto u32 = static_cast<std::uint32_t>(u);
  float f;
  std::memcpy(&f, &u32, 4);
  return f;
}

NpyMatrix read_from(detail::Source& src) {
  const std::string& name = src.name();
  std::uint8_t pre[12];
  std::size_t k = src.read(pre, 8);
  static const std::uint8_t magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (k < 6 || std::memcmp(pre, magic, 6) != 0) {
    throw FormatError(msg(name, ": wrong magic: an NPY file starts with \\x93NUMPY"));
  }
  if (k < 8) throw FormatError(msg(name, ": truncated file: no NPY version field"));
  const unsigned major = pre[6];
  const unsigned minor = pre[7];
  if (major < 1 || major > 3) {
    throw FormatError(msg(name, ": NPY version ", major, ".", minor,
                          " is not supported (symkit reads 1.x, 2.x, 3.x)"));
  }
  const std::size_t lenbytes = major == 1 ? 2 : 4;
  k = src.read(pre + 8, lenbytes);
  if (k < lenbytes) throw FormatError(msg(name, ": truncated file: no NPY header length field"));
  std::uint64_t hlen = 0;
  for (std::size_t b = lenbytes; b-- > 0;) hlen = (hlen << 8) | pre[8 + b];
  if (hlen > kMaxHeader) {
    throw FormatError(msg(name, ": NPY header length field is ", hlen,
                          " bytes, more than symkit's limit of ", kMaxHeader));
  }
  if (const auto rem = src.remaining(); rem && *rem < hlen) {
    throw FormatError(msg(name, ": truncated file: the NPY header length field says ", hlen,
                          " bytes but the file holds ", *rem));
  }
  std::string header(static_cast<std::size_t>(hlen), '\0');
  if (src.read(reinterpret_cast<std::uint8_t*>(header.data()), header.size()) < header.size()) {
    throw FormatError(
        msg(name, ": truncated file: the NPY header is shorter than its length field"));
  }
  NpyMatrix out;
  bool have_descr = false, have_order = false, have_shape = false;
  HeaderParser p{header, name};
  p.expect('{');
  while (!p.eat('}')) {
    const std::string key = p.str();
    p.expect(':');
    if (key == "descr") {
      out.descr = p.str();
      have_descr = true;
    } else if (key == "fortran_order") {
      out.fortran_order = p.boolean();
      have_order = true;
    } else if (key == "shape") {
      out.shape = p.tuple();
      have_shape = true;
    } else {
      p.fail(msg("unknown key '", key, "'"));
    }
    if (!p.eat(',')) {
      p.expect('}');
      break;
    }
  }
  if (!have_descr || !have_order || !have_shape) {
    throw FormatError(msg(name, ": NPY header lacks the field '",
                          !have_descr   ? "descr"
                          : !have_order ? "fortran_order"
                                        : "shape",
                          "'"));
  }
  const Dtype dt = parse_descr(out.descr, name);
  const auto& sh = out.shape;
  if (sh.empty() || sh.size() > 3) {
    throw FormatError(msg(name, ": NPY field 'shape' has ", sh.size(),
                          " dimensions; symkit reads 1-D, 2-D and 3-D arrays"));
  }
  std::uint64_t count = 1;
  for (std::size_t d = 0; d < sh.size(); ++d) {
    if (sh[d] == 0) throw FormatError(msg(name, ": NPY field 'shape' has a zero dimension"));
    if (count > std::numeric_limits<std::uint64_t>::max() / sh[d]) {
      throw FormatError(msg(name, ": NPY field 'shape': the element count overflows 64 bits"));
    }
    count *= sh[d];
  }
  if (count > std::numeric_limits<std::uint64_t>::max() / 8 ||
      count > static_cast<std::uint64_t>(std::numeric_limits<Eigen::Index>::max())) {
    throw FormatError(msg(name, ": NPY field 'shape': the element count overflows"));
  }
  const std::uint64_t bytes = count * dt.size;
  if (const auto rem = src.remaining()) {
    if (*rem < bytes) {
      throw FormatError(msg(name, ": truncated file: NPY field 'shape' promises ", bytes,
                            " data bytes but the file holds ", *rem));
    }
    if (*rem > bytes) {
      throw FormatError(msg(name, ": trailing garbage: ", *rem - bytes, " bytes after the ", bytes,
                            " data bytes that NPY field 'shape' describes"));
    }
  }
  std::vector<std::uint8_t> raw = detail::read_up_to(src, bytes);
  if (raw.size() < bytes) {
    throw FormatError(msg(name, ": truncated file: NPY field 'shape' promises ", bytes,
                          " data bytes but only ", raw.size(), " follow"));
  }
  const std::uint64_t n = sh[0];
  const std::uint64_t h = sh.size() == 3 ? sh[1] : 1;
  const std::uint64_t w = sh.size() == 1 ? 1 : sh.back();
  const std::uint64_t cols = h * w;
  if (sh.size() == 3) {
    out.image_h = static_cast<std::size_t>(h);
    out.image_w = static_cast<std::size_t>(w);
  }
  out.values.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(cols));
  // Element (i, a, b) of an n x h x w array sits at ((i*h + a)*w + b) in C order and at
  // (i + n*(a + h*b)) in Fortran order; it goes to row i, column a*w + b.
  for (std::uint64_t i = 0; i < n; ++i) {
    for (std::uint64_t a = 0; a < h; ++a) {
      for (std::uint64_t b = 0; b < w; ++b) {
        const std::uint64_t pos = out.fortran_order ? i + n * (a + h * b) : (i * h + a) * w + b;
        const double v = decode(dt, raw.data() + pos * dt.size);
        if (!std::isfinite(v)) {
          throw InputError(msg(name, ": element (row ", i, ", column ", a * w + b, ") is ", v,
                               " (NaN and Inf are not accepted)"));
        }
        out.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(a * w + b)) = v;
      }
    }
  }
  return out;
}

}  // namespace

NpyMatrix read_npy(const std::string& path) {
  detail::FileSource f(path);
  return read_from(f);
}

NpyMatrix parse_npy(const std::uint8_t* data, std::size_t size, const std::string& name) {
  detail::MemorySource s(data, size, name);
  return read_from(s);
}

void write_npy(const std::string& path, const Mat<double>& m) {
  std::string header =
      msg("{'descr': '<f8', 'fortran_order': False, 'shape': (", m.rows(), ", ", m.cols(), "), }");
  // Pad with spaces so that magic (6) + version (2) + length (2) + header ends at a multiple of 64,
  // the last byte being '\n'.
  const std::size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<std::uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<std::uint8_t>(header.size() & 0xff));
  out.push_back(static_cast<std::uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      const double v = m(i, j);
      std::uint64_t u;
      std::memcpy(&u, &v, 8);
      for (int b = 0; b < 8; ++b) out.push_back(static_cast<std::uint8_t>(u >> (8 * b)));
    }
  }
  detail::write_file(path, out, false);
}

}  // namespace symkit::io
