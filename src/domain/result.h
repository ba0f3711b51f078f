// Result<T>: a value or an Error. Expected failures (bad input, not found, conflict)
// are values, never exceptions (STYLE.md).
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace fangpin {

// What went wrong, and nothing else: adapters derive their answer from the kind alone
// (CLI exit code, HTTP status — see README "Errors"), never from the message or field.
//   Invalid            bad input: a malformed value, an unknown name, a missing option
//   NotFound           the thing asked for does not exist (or is outside the caller's scope)
//   Conflict           a concurrent change won (stale version, duplicate key)
//   PermissionDenied   the caller's role may not do this
//   Refused            a policy rule said no (公示 under 5 days, elimination before 6 months …)
//   FailedPrecondition the system is not in a state where this can run (wrong step order,
//                      database not initialised, already verified, bad configuration)
//   Unsupported        a format or backend this build cannot handle
//   Internal           a fault: storage error, broken invariant
enum class ErrorKind { Invalid, NotFound, Conflict, PermissionDenied, Refused, FailedPrecondition, Unsupported, Internal };

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
inline Error conflict(std::string message, std::string field = {}) {
  return Error{ErrorKind::Conflict, std::move(message), std::move(field)};
}
inline Error permission_denied(std::string message, std::string field = {}) {
  return Error{ErrorKind::PermissionDenied, std::move(message), std::move(field)};
}
inline Error refused(std::string message, std::string field = {}) {
  return Error{ErrorKind::Refused, std::move(message), std::move(field)};
}
inline Error failed_precondition(std::string message, std::string field = {}) {
  return Error{ErrorKind::FailedPrecondition, std::move(message), std::move(field)};
}
inline Error internal_error(std::string message, std::string field = {}) {
  return Error{ErrorKind::Internal, std::move(message), std::move(field)};
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
