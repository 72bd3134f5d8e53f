#include "symkit/io/matrix.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <vector>

#include "source.hpp"
#include "symkit/error.hpp"
#include "symkit/io/idx.hpp"
#include "symkit/io/mnist.hpp"
#include "symkit/io/npy.hpp"

namespace symkit::io {

namespace {

using detail::ends_with;
using detail::trim;

// True when t is a decimal number: [+-] (digits [. digits*] | . digits) ([eE] [+-] digits)?
bool is_decimal(const std::string& t) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  if (i < n && t[i] == '.') {
    ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t ed = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(t[i]))) ++i, ++ed;
    if (ed == 0) return false;
  }
  return i == n;
}

bool is_nonfinite_word(const std::string& t) {
  std::string u;
  for (char c : t) {
    if (c != '+' && c != '-') u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return u == "nan" || u == "inf" || u == "infinity";
}

template <class T>
bool parse_value(const std::string& t, T& out) {
  if constexpr (std::is_same_v<T, double>) {
    out = std::strtod(t.c_str(), nullptr);
  } else if constexpr (std::is_same_v<T, long double>) {
    out = std::strtold(t.c_str(), nullptr);
  } else {
    out = T(t);
  }
  return is_finite(out);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> f;
  std::size_t start = 0;
  while (true) {
    const std::size_t c = line.find(',', start);
    f.push_back(trim(line.substr(start, c == std::string::npos ? std::string::npos : c - start)));
    if (c == std::string::npos) break;
    start = c + 1;
  }
  return f;
}

std::string read_text(const std::string& path) {
  detail::FileSource f(path);
  const auto n = *f.remaining();
  std::string s(static_cast<std::size_t>(n), '\0');
  const std::size_t k = f.read(reinterpret_cast<std::uint8_t*>(s.data()), s.size());
  s.resize(k);
  return s;
}

template <class T>
Mat<T> select_rows(const Mat<T>& m, const std::vector<std::size_t>& rows) {
  Mat<T> out(static_cast<Eigen::Index>(rows.size()), m.cols());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out.row(static_cast<Eigen::Index>(r)) = m.row(static_cast<Eigen::Index>(rows[r]));
  }
  return out;
}

bool is_idx_name(const std::string& p) {
  return ends_with(p, ".idx") || ends_with(p, "-ubyte") || ends_with(p, ".gz");
}

}  // namespace

MatrixFormat matrix_format_of(const std::string& path) {
  if (ends_with(path, ".csv")) return MatrixFormat::csv;
  if (ends_with(path, ".npy")) return MatrixFormat::npy;
  if (is_idx_name(path)) return MatrixFormat::idx;
  throw UsageError(msg(path, ": unknown matrix file extension; use .csv, .npy, or IDX (.idx, ",
                       "*-ubyte, .gz)"));
}

template <class T>
Mat<T> parse_csv(const std::string& text, const std::string& name) {
  // Split into lines ("\n" or "\r\n"); drop blank lines at the end.
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t e = text.find('\n', start);
    if (e == std::string::npos) e = text.size();
    std::string l = text.substr(start, e - start);
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(std::move(l));
    start = e + 1;
  }
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) throw InputError(msg(name, ": empty file (no rows)"));
  std::size_t first = 0;
  {
    const auto f = split_fields(lines[0]);
    bool all_words = true;
    for (const auto& x : f) {
      if (x.empty() || is_decimal(x) || is_nonfinite_word(x)) all_words = false;
    }
    if (all_words) first = 1;  // a header line
  }
  if (first >= lines.size()) throw InputError(msg(name, ": no data rows after the header line"));
  std::vector<T> vals;
  std::size_t cols = 0;
  for (std::size_t li = first; li < lines.size(); ++li) {
    const std::size_t lineno = li + 1;
    if (trim(lines[li]).empty()) {
      throw InputError(msg(name, ":", lineno, ": blank line between rows"));
    }
    const auto f = split_fields(lines[li]);
    if (li == first) {
      cols = f.size();
    } else if (f.size() != cols) {
      throw InputError(msg(name, ":", lineno, ": ragged row: ", f.size(), " fields, but line ",
                           first + 1, " has ", cols));
    }
    for (std::size_t c = 0; c < f.size(); ++c) {
      const std::string& x = f[c];
      const std::size_t col = c + 1;
      if (x.empty()) throw InputError(msg(name, ":", lineno, ":", col, ": empty field"));
      if (is_nonfinite_word(x)) {
        throw InputError(msg(name, ":", lineno, ":", col, ": value '", x,
                             "' is not finite (NaN and Inf are not accepted)"));
      }
      if (!is_decimal(x)) {
        throw InputError(msg(name, ":", lineno, ":", col, ": '", x, "' is not a number"));
      }
      T v;
      if (!parse_value(x, v)) {
        throw InputError(msg(name, ":", lineno, ":", col, ": value '", x, "' overflows the ",
                             scalar_name<T>(), " scalar type"));
      }
      vals.push_back(v);
    }
  }
  const std::size_t rows = lines.size() - first;
  Mat<T> m(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      m(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = vals[r * cols + c];
    }
  }
  return m;
}

template <class T>
Mat<T> read_csv(const std::string& path) {
  return parse_csv<T>(read_text(path), path);
}

template <class T>
void write_csv(const std::string& path, const Mat<T>& m, int digits) {
  // digits == 0 prints as to_string_full does: default flags, print_digits<T>() precision.
  std::ostringstream os;
  os << std::setprecision(digits > 0 ? digits : print_digits<T>());
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      if (j) os << ',';
      os << m(i, j);
    }
    os << '\n';
  }
  const std::string s = os.str();
  detail::write_file(path, std::vector<std::uint8_t>(s.begin(), s.end()), false);
}

template <class T>
MatrixData<T> read_matrix(const std::string& path, const std::string& index_spec) {
  MatrixData<T> out;
  switch (matrix_format_of(path)) {
    case MatrixFormat::csv:
      out.values = read_csv<T>(path);
      break;
    case MatrixFormat::npy: {
      NpyMatrix n = read_npy(path);
      out.values = n.values.template cast<T>();
      out.image_h = n.image_h;
      out.image_w = n.image_w;
      break;
    }
    case MatrixFormat::idx: {
      const IdxArray a = read_idx(path);
      if (a.dims.size() > 3) {
        throw InputError(msg(path, ": IDX array with ", a.dims.size(),
                             " dimensions; a matrix file has 1, 2 or 3"));
      }
      const std::size_t n = a.dims[0];
      const std::size_t cols = a.size() / n;
      if (a.dims.size() == 3) {
        out.image_h = a.dims[1];
        out.image_w = a.dims[2];
      }
      out.values.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(cols));
      // Row-major elements (bytes or doubles, both exact in every T) into the matrix.
      auto copy = [&](const auto* src) {
        for (std::size_t i = 0; i < n; ++i) {
          for (std::size_t c = 0; c < cols; ++c) {
            out.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) =
                T(src[i * cols + c]);
          }
        }
      };
      if (a.type == IdxType::u8) {
        copy(a.bytes.data());
      } else {
        copy(a.values.data());
      }
      break;
    }
  }
  if (!index_spec.empty()) {
    out.values = select_rows(
        out.values,
        parse_index_ranges(index_spec, static_cast<std::size_t>(out.values.rows()), "--index"));
  }
  return out;
}

template <class T>
void write_matrix(const std::string& path, const Mat<T>& m) {
  switch (matrix_format_of(path)) {
    case MatrixFormat::csv:
      write_csv(path, m);
      return;
    case MatrixFormat::npy:
      write_npy(path, m.template cast<double>());
      return;
    case MatrixFormat::idx: {
      IdxArray a;
      a.type = IdxType::f64;
      a.dims = {static_cast<std::uint32_t>(m.rows()), static_cast<std::uint32_t>(m.cols())};
      if (static_cast<Eigen::Index>(a.dims[0]) != m.rows() ||
          static_cast<Eigen::Index>(a.dims[1]) != m.cols()) {
        throw UsageError(msg(path, ": matrix too large for IDX dimension fields"));
      }
      for (Eigen::Index i = 0; i < m.rows(); ++i) {
        for (Eigen::Index j = 0; j < m.cols(); ++j) a.values.push_back(to_double(m(i, j)));
      }
      write_idx(path, a);
      return;
    }
  }
}

#define SYMKIT_INST(T)                                                           \
  template Mat<T> parse_csv<T>(const std::string&, const std::string&);          \
  template Mat<T> read_csv<T>(const std::string&);                               \
  template void write_csv<T>(const std::string&, const Mat<T>&, int);            \
  template MatrixData<T> read_matrix<T>(const std::string&, const std::string&); \
  template void write_matrix<T>(const std::string&, const Mat<T>&);
SYMKIT_FOR_EACH_SCALAR(SYMKIT_INST)
#undef SYMKIT_INST

}  // namespace symkit::io
