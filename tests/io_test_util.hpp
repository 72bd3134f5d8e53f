// Helpers shared by the IO and command-line tests: temporary files, the CLI runner, and byte
// builders written independently of the library (big-endian fields, gzip through zlib's deflate).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace iotest {

using Bytes = std::vector<std::uint8_t>;

/// A fresh temporary directory per test (removed with its files at the end).
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/symkit_io_XXXXXX";
    const char* d = mkdtemp(tmpl);
    if (!d) throw std::runtime_error("mkdtemp failed");
    dir_ = d;
  }
  ~TempDir() { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

inline void put_be32(Bytes& b, std::uint32_t v) {
  b.push_back(std::uint8_t(v >> 24));
  b.push_back(std::uint8_t(v >> 16));
  b.push_back(std::uint8_t(v >> 8));
  b.push_back(std::uint8_t(v));
}

/// IDX header: 0, 0, type, ndims, then the dims big-endian.
inline Bytes idx_header(std::uint8_t type, const std::vector<std::uint32_t>& dims) {
  Bytes b = {0, 0, type, std::uint8_t(dims.size())};
  for (auto d : dims) put_be32(b, d);
  return b;
}

inline void write_bytes(const std::string& path, const Bytes& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

inline Bytes read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

/// gzip-compresses b (one member) with zlib's deflate.
inline Bytes gzip(const Bytes& b) {
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  Bytes out(deflateBound(&zs, uLong(b.size())) + 64);
  zs.next_in = const_cast<Bytef*>(b.data());
  zs.avail_in = uInt(b.size());
  zs.next_out = out.data();
  zs.avail_out = uInt(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

/// gunzips b with zlib's inflate (for checking what the writer produced).
inline Bytes gunzip(const Bytes& b) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("inflateInit2");
  Bytes out(1 << 20);
  zs.next_in = const_cast<Bytef*>(b.data());
  zs.avail_in = uInt(b.size());
  zs.next_out = out.data();
  zs.avail_out = uInt(out.size());
  if (inflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("inflate");
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

/// The whole content of a file ("" when it cannot be read).
inline std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

/// One run of the symkit binary (SYMKIT_CLI): exit code, standard output and standard error.
struct CliRun {
  int code;
  std::string out, err;
};

/// Runs `symkit ARGS` with stdout and stderr captured in files of `dir`.
inline CliRun run_cli(const std::string& dir, const std::string& args) {
  const std::string out = dir + "/stdout.txt", err = dir + "/stderr.txt";
  const std::string cmd =
      std::string("'") + SYMKIT_CLI + "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int rc = std::system(cmd.c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, slurp(out), slurp(err)};
}

/// Runs f, expects an exception of type E whose message contains every one of `parts`.
template <class E, class F>
void expect_error(F&& f, const std::vector<std::string>& parts) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected one mentioning '" << (parts.empty() ? "" : parts[0])
                  << "'";
  } catch (const E& e) {
    const std::string m = e.what();
    for (const auto& p : parts) {
      EXPECT_NE(m.find(p), std::string::npos) << "message '" << m << "' lacks '" << p << "'";
    }
  }
}

}  // namespace iotest
