// libFuzzer target for symkit's binary readers: every input is parsed as an IDX image (raw, or
// gzip when it starts with 0x1f 0x8b), then gzip-compressed and parsed again (so that arbitrary
// IDX contents also travel through the incremental gzip path, whose CRC random mutations rarely
// get right), and parsed as an NPY image, all in memory. symkit errors are the
// expected outcome of bad bytes; anything else (a crash, a sanitizer report, another exception,
// a leak, an allocation beyond -rss_limit_mb) is a bug.
//
// The library is built with -fsanitize=fuzzer-no-link,address,undefined in the fuzz build
// (CMake option SYMKIT_FUZZ), so the readers are instrumented for coverage and memory errors.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <zlib.h>

#include "symkit/error.hpp"
#include "symkit/io/idx.hpp"
#include "symkit/io/npy.hpp"

namespace {

// One gzip member holding `data` (level 1: speed matters more than size here).
std::vector<std::uint8_t> gzip(const std::uint8_t* data, std::size_t size) {
  z_stream zs{};
  if (deflateInit2(&zs, 1, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  std::vector<std::uint8_t> out(deflateBound(&zs, static_cast<uLong>(size)) + 64);
  zs.next_in = const_cast<Bytef*>(data);
  zs.avail_in = static_cast<uInt>(size);
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

void check_idx(const std::uint8_t* data, std::size_t size) {
  symkit::io::IdxLimits limits;
  limits.max_bytes = std::uint64_t(64) << 20;  // 64 MiB of decoded data at most
  try {
    const symkit::io::IdxArray a = symkit::io::parse_idx(data, size, "fuzz.idx", limits);
    // A parsed array is consistent with its header.
    const std::size_t n = a.type == symkit::io::IdxType::u8 ? a.bytes.size() : a.values.size();
    if (n != a.size() || a.dims.empty()) std::abort();
  } catch (const symkit::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_idx(data, size);
  const std::vector<std::uint8_t> gz = gzip(data, size);
  check_idx(gz.data(), gz.size());
  try {
    const symkit::io::NpyMatrix m = symkit::io::parse_npy(data, size, "fuzz.npy");
    if (m.values.size() == 0) std::abort();
  } catch (const symkit::Error&) {
  }
  return 0;
}
