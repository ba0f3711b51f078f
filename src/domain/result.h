// Result<T>: a value or an Error. Expected failures (bad input, not found, conflict)
// are values, never exceptions (STYLE.md).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace fangpin {

enum class ErrorKind { Invalid, NotFound, Conflict, Unsupported, Internal };

struct Error {
  ErrorKind kind = ErrorKind::Invalid;
  std::string message;  // user-facing, may be Chinese
  std::string field;    // the field/column concerned, empty if none
};

inline Error invalid(std::string message, std::string field = {}) {
  return Error{ErrorKind::Invalid, std::move(message), std::move(field)};
}
inline Error not_found(std::string message, std::string field = {}) {
  return Error{ErrorKind::NotFound, std::move(message), std::move(field)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(implicit)
  Result(Error error) : v_(std::move(error)) {}      // NOLINT(implicit)
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void> equivalent.
struct Ok {};
using Status = Result<Ok>;

}  // namespace fangpin
