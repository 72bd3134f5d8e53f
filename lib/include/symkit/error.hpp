// Typed errors. Everything a user can get wrong (files, fields, arguments, values) raises a
// symkit::InputError or symkit::UsageError whose message names the culprit; the command line
// turns both into one line on stderr and exit code 2. NumericalError reports a computation that
// cannot give a trustworthy number (exit code 1). Internal invariants use assert.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace symkit {

/// Base of all symkit errors.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input data: a file, a field of a file, or a value (NaN, wrong shape, ...).
class InputError : public Error {
 public:
  using Error::Error;
};

/// A file-format violation (missing file, truncated data, bad magic, corrupt stream, lying header).
class FormatError : public InputError {
 public:
  using InputError::InputError;
};

/// A bad argument or option (unknown architecture, step that does not divide, N < 2, ...).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// A computation that cannot produce a trustworthy number.
class NumericalError : public Error {
 public:
  using Error::Error;
};

namespace detail {
inline void cat(std::ostringstream&) {}
template <class A, class... R>
void cat(std::ostringstream& os, const A& a, const R&... r) {
  os << a;
  cat(os, r...);
}
}  // namespace detail

/// Builds a message from pieces: msg("file ", f, ": bad magic ", m).
template <class... A>
std::string msg(const A&... a) {
  std::ostringstream os;
  detail::cat(os, a...);
  return os.str();
}

}  // namespace symkit
