// Byte sources for the file readers (internal to lib/src/io): a file, a memory buffer, or a
// gzip stream inflated incrementally from another source.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace symkit::io::detail {

/// A sequential byte source. read() returns fewer than n bytes only at the end of the data.
class Source {
 public:
  explicit Source(std::string name) : name_(std::move(name)) {}
  virtual ~Source() = default;
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;
  virtual std::size_t read(std::uint8_t* dst, std::size_t n) = 0;
  /// Bytes left, when known without reading them (files and memory; not gzip streams).
  virtual std::optional<std::uint64_t> remaining() const { return std::nullopt; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

class MemorySource : public Source {
 public:
  MemorySource(const std::uint8_t* data, std::size_t size, std::string name)
      : Source(std::move(name)), data_(data), size_(size) {}
  std::size_t read(std::uint8_t* dst, std::size_t n) override;
  std::optional<std::uint64_t> remaining() const override { return size_ - pos_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

/// A regular file opened for reading; FormatError naming the path when it cannot be opened.
class FileSource : public Source {
 public:
  explicit FileSource(const std::string& path);
  ~FileSource() override;
  std::size_t read(std::uint8_t* dst, std::size_t n) override;
  std::optional<std::uint64_t> remaining() const override { return size_ - pos_; }
  /// Rewinds to the first byte.
  void rewind();

 private:
  std::FILE* f_ = nullptr;
  std::uint64_t size_ = 0;
  std::uint64_t pos_ = 0;
};

/// Inflates a gzip stream (one or more members) read from `in`. Corrupt or truncated streams and
/// non-gzip bytes after the last member are FormatErrors naming the source.
class GzipSource : public Source {
 public:
  explicit GzipSource(Source& in);
  ~GzipSource() override;
  std::size_t read(std::uint8_t* dst, std::size_t n) override;

 private:
  bool fill(std::size_t want);  // ensures avail_in >= want when the input allows; false at EOF
  Source& in_;
  z_stream zs_{};
  std::vector<std::uint8_t> buf_;
  bool ended_ = false;
};

/// True when the bytes start with the gzip magic 0x1f 0x8b.
inline bool is_gzip(const std::uint8_t* p, std::size_t n) {
  return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

/// Reads exactly n bytes into a vector grown in steps of at most 1 MiB (doubling), so that memory
/// follows the bytes actually delivered. Returns the bytes read (fewer than n at end of data).
std::vector<std::uint8_t> read_up_to(Source& s, std::uint64_t n);

/// Writes a whole buffer to a file (gzip when gz is true); InputError naming the path on failure.
void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes, bool gz);

/// True when `s` ends with `suffix`.
inline bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// `s` without its leading and trailing spaces and tabs.
inline std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

}  // namespace symkit::io::detail
