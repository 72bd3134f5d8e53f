#include "source.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>

#include "symkit/error.hpp"

namespace symkit::io::detail {

std::size_t MemorySource::read(std::uint8_t* dst, std::size_t n) {
  const std::size_t k = std::min(n, size_ - pos_);
  if (k > 0) std::memcpy(dst, data_ + pos_, k);
  pos_ += k;
  return k;
}

FileSource::FileSource(const std::string& path) : Source(path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw FormatError(msg(path, ": cannot open file: ", std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    throw FormatError(msg(path, ": not a regular file"));
  }
  f_ = std::fopen(path.c_str(), "rb");
  if (!f_) throw FormatError(msg(path, ": cannot open file: ", std::strerror(errno)));
  size_ = static_cast<std::uint64_t>(st.st_size);
}

FileSource::~FileSource() {
  if (f_) std::fclose(f_);
}

std::size_t FileSource::read(std::uint8_t* dst, std::size_t n) {
  const std::size_t k = std::fread(dst, 1, n, f_);
  if (k < n && std::ferror(f_)) {
    throw FormatError(msg(name(), ": read error: ", std::strerror(errno)));
  }
  pos_ += k;
  if (pos_ > size_) size_ = pos_;  // the file grew while being read
  return k;
}

void FileSource::rewind() {
  if (std::fseek(f_, 0, SEEK_SET) != 0) {
    throw FormatError(msg(name(), ": cannot seek: ", std::strerror(errno)));
  }
  pos_ = 0;
}

GzipSource::GzipSource(Source& in) : Source(in.name()), in_(in), buf_(1 << 16) {
  const int rc = inflateInit2(&zs_, 16 + MAX_WBITS);
  if (rc == Z_MEM_ERROR) throw std::bad_alloc();
  if (rc != Z_OK) throw FormatError(msg(name(), ": cannot start the gzip decoder"));
  zs_.next_in = buf_.data();
  zs_.avail_in = 0;
}

GzipSource::~GzipSource() { inflateEnd(&zs_); }

bool GzipSource::fill(std::size_t want) {
  if (zs_.avail_in >= want) return true;
  // Move the unread input to the front, then top up.
  std::memmove(buf_.data(), zs_.next_in, zs_.avail_in);
  std::size_t have = zs_.avail_in;
  while (have < want) {
    const std::size_t k = in_.read(buf_.data() + have, buf_.size() - have);
    if (k == 0) break;
    have += k;
  }
  zs_.next_in = buf_.data();
  zs_.avail_in = static_cast<uInt>(have);
  return have >= want;
}

std::size_t GzipSource::read(std::uint8_t* dst, std::size_t n) {
  std::size_t got = 0;
  while (got < n && !ended_) {
    if (zs_.avail_in == 0 && !fill(1)) {
      throw FormatError(msg(name(), ": corrupt gzip stream: truncated (ends before the end of the ",
                            "compressed data)"));
    }
    const std::size_t room = std::min<std::size_t>(n - got, UINT_MAX);
    zs_.next_out = dst + got;
    zs_.avail_out = static_cast<uInt>(room);
    const uInt in_before = zs_.avail_in;
    const int rc = inflate(&zs_, Z_NO_FLUSH);
    const std::size_t produced = room - zs_.avail_out;
    got += produced;
    if (rc == Z_STREAM_END) {
      // End of one member: another member may follow; anything else is trailing garbage.
      if (!fill(1)) {
        ended_ = true;
      } else if (fill(2) && is_gzip(zs_.next_in, zs_.avail_in)) {
        if (inflateReset(&zs_) != Z_OK) {
          throw FormatError(msg(name(), ": cannot restart the gzip decoder"));
        }
      } else {
        throw FormatError(msg(name(), ": trailing bytes after the gzip stream"));
      }
    } else if (rc == Z_MEM_ERROR) {
      throw std::bad_alloc();
    } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR) {
      throw FormatError(msg(name(), ": corrupt gzip stream: ", zs_.msg ? zs_.msg : "bad data"));
    } else if (rc == Z_BUF_ERROR || (produced == 0 && zs_.avail_in == in_before)) {
      // No progress although input and output room were available.
      if (zs_.avail_in > 0) throw FormatError(msg(name(), ": corrupt gzip stream: no progress"));
    }
  }
  return got;
}

std::vector<std::uint8_t> read_up_to(Source& s, std::uint64_t n) {
  std::vector<std::uint8_t> out;
  std::uint64_t have = 0;
  while (have < n) {
    const std::uint64_t step =
        std::min<std::uint64_t>(n - have, std::max<std::uint64_t>(std::uint64_t(1) << 20, have));
    out.resize(static_cast<std::size_t>(have + step));
    const std::size_t k = s.read(out.data() + have, static_cast<std::size_t>(step));
    have += k;
    if (k < step) break;
  }
  out.resize(static_cast<std::size_t>(have));
  return out;
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes, bool gz) {
  if (gz) {
    gzFile f = gzopen(path.c_str(), "wb9");
    if (!f) throw InputError(msg(path, ": cannot create file: ", std::strerror(errno)));
    std::size_t pos = 0;
    while (pos < bytes.size()) {
      const unsigned chunk =
          static_cast<unsigned>(std::min<std::size_t>(bytes.size() - pos, 1 << 24));
      if (gzwrite(f, bytes.data() + pos, chunk) != static_cast<int>(chunk)) {
        int err = 0;
        const char* m = gzerror(f, &err);
        const std::string what = m ? m : "write failed";
        gzclose(f);
        throw InputError(msg(path, ": cannot write: ", what));
      }
      pos += chunk;
    }
    if (gzclose(f) != Z_OK) throw InputError(msg(path, ": cannot finish writing the gzip file"));
    return;
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw InputError(msg(path, ": cannot create file: ", std::strerror(errno)));
  const std::size_t k = bytes.empty() ? 0 : std::fwrite(bytes.data(), 1, bytes.size(), f);
  const bool ok = (k == bytes.size());
  if (std::fclose(f) != 0 || !ok) throw InputError(msg(path, ": cannot write the file"));
}

}  // namespace symkit::io::detail
