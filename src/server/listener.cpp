#include "server/listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "server/http.h"

namespace fangpin::server::detail {

thread_local RequestGate t_gate;

namespace {

std::int64_t to_ns(SteadyClock::time_point t) { return t.time_since_epoch() / std::chrono::nanoseconds(1); }

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

// A short answer on a connection the I/O thread closes itself (408, 431, 503): best effort,
// never blocking.
void send_canned(int fd, int status, std::string_view reason, std::string_view code, std::string_view message) {
  const std::string body =
      fmt::format(R"({{"error":{{"code":"{}","message":"{}","field":null}}}})", code, message);
  std::string out = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n"
      "Connection: close\r\n",
      status, reason, body.size());
  for (const auto& [name, value] : security_headers()) out += fmt::format("{}: {}\r\n", name, value);
  if (status == 503) out += "Retry-After: 1\r\n";
  out += "\r\n" + body;
  (void)::send(fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Closes after a short drain, so a client still sending a body we refused reads our answer
// instead of a connection reset.
void linger_close(int fd) {
  ::shutdown(fd, SHUT_WR);
  const auto until = SteadyClock::now() + std::chrono::milliseconds(500);
  char buf[8192];
  std::size_t drained = 0;
  while (drained < (1u << 20)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - SteadyClock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

// Where the head ends (after its blank line), or npos.
std::size_t head_end(std::string_view b) {
  const std::size_t crlf = b.find("\r\n\r\n"), lf = b.find("\n\n");
  const std::size_t a = crlf == std::string_view::npos ? crlf : crlf + 4;
  const std::size_t c = lf == std::string_view::npos ? lf : lf + 2;
  return std::min(a, c);
}

struct Framing {
  bool chunked = false;
  std::optional<std::uint64_t> length;
};
Framing framing(std::string_view head) {
  Framing f;
  while (!head.empty()) {
    const std::size_t nl = head.find('\n');
    std::string_view line = head.substr(0, nl);
    head = nl == std::string_view::npos ? std::string_view{} : head.substr(nl + 1);
    if (iequals_prefix(line, "transfer-encoding:")) f.chunked = true;  // any coding: not read here
    if (iequals_prefix(line, "content-length:")) {
      std::string_view v = line.substr(15);
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.remove_suffix(1);
      std::uint64_t n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec == std::errc() && end == v.data() + v.size()) f.length = n;
    }
  }
  return f;
}

// Range requests are never honoured (API answers are whole; many overlapping ranges would
// amplify a small request): the header is dropped before httplib parses it.
std::string without_range(std::string_view head) {
  std::string out;
  out.reserve(head.size());
  while (!head.empty()) {
    const std::size_t nl = head.find('\n');
    const std::string_view line = head.substr(0, nl == std::string_view::npos ? head.size() : nl + 1);
    head.remove_prefix(line.size());
    if (!iequals_prefix(line, "range:")) out += line;
  }
  return out;
}

}  // namespace

// --- ConnStream ------------------------------------------------------------------------

ConnStream::ConnStream(int fd, std::string buffered, SteadyClock::time_point read_deadline,
                       std::chrono::milliseconds write_timeout, const std::atomic<std::int64_t>* abort_at)
    : fd_(fd), buf_(std::move(buffered)), read_deadline_(read_deadline), write_timeout_(write_timeout),
      abort_at_(abort_at) {}

bool ConnStream::wait(short events, SteadyClock::time_point deadline) const {
  for (;;) {
    auto limit = deadline;
    const std::int64_t abort = abort_at_->load();
    if (abort != INT64_MAX) limit = std::min(limit, SteadyClock::time_point(std::chrono::nanoseconds(abort)));
    const auto now = SteadyClock::now();
    if (now >= limit) return false;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(limit - now).count() + 1;
    pollfd p{fd_, events, 0};
    // In slices, so a stop() shortens the wait.
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(ms, 200)));
    if (r > 0) return true;  // readiness, hang-up or error: the next call reports which
    if (r < 0 && errno != EINTR) return false;
  }
}

bool ConnStream::is_readable() const { return pos_ < buf_.size() || wait(POLLIN, read_deadline_); }

bool ConnStream::is_writable() const {
  return wait(POLLOUT, write_deadline_.value_or(SteadyClock::now() + write_timeout_));
}

ssize_t ConnStream::read(char* ptr, std::size_t size) {
  if (pos_ < buf_.size()) {
    const std::size_t n = std::min(size, buf_.size() - pos_);
    std::memcpy(ptr, buf_.data() + pos_, n);
    pos_ += n;
    if (pos_ == buf_.size()) {
      buf_.clear();
      pos_ = 0;
    }
    return static_cast<ssize_t>(n);
  }
  for (;;) {
    const ssize_t n = ::recv(fd_, ptr, size, MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!wait(POLLIN, read_deadline_)) return -1;
  }
}

ssize_t ConnStream::write(const char* ptr, std::size_t size) {
  if (!write_deadline_) write_deadline_ = SteadyClock::now() + write_timeout_;
  for (;;) {
    const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!wait(POLLOUT, *write_deadline_)) return -1;
  }
}

namespace {
void address_of(const sockaddr_storage& ss, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}
}  // namespace

void ConnStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) == 0) address_of(ss, ip, port);
}

void ConnStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len) == 0) address_of(ss, ip, port);
}

void ConnStream::unread(std::string bytes) {
  buf_ = std::move(bytes) + buf_.substr(pos_);
  pos_ = 0;
}

std::string ConnStream::take_buffered() {
  std::string rest = buf_.substr(pos_);
  buf_.clear();
  pos_ = 0;
  return rest;
}

// --- Listener ------------------------------------------------------------------------

struct Listener::Conn {
  int fd = -1;
  std::string buf;
  SteadyClock::time_point deadline;
  bool started = false;  // a byte of the current request has arrived
  int served = 0;
};

Listener::Listener(HttpEngine& http, ConnectionLimits limits, std::function<void(httplib::Request&)> setup)
    : http_(http), limits_(limits), setup_(std::move(setup)) {}

Listener::~Listener() {
  for (int fd : {listen_fd_, wake_fd_, epoll_fd_})
    if (fd >= 0) ::close(fd);
}

Status Listener::bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0)
    return failed_precondition(fmt::format("无法解析监听地址 {}: {}", host, ::gai_strerror(rc)), "listen");
  int err = 0;
  for (addrinfo* ai = found; ai && listen_fd_ < 0; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      err = errno;
      continue;
    }
    // SO_REUSEADDR lets a restart bind over TIME_WAIT; never SO_REUSEPORT, which would let
    // a second server share (and split) the port.
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, limits_.backlog) != 0) {
      err = errno;
      ::close(fd);
      continue;
    }
    listen_fd_ = fd;
  }
  ::freeaddrinfo(found);
  if (listen_fd_ < 0) {
    if (err == EADDRINUSE) return failed_precondition(fmt::format("端口 {}:{} 已被占用", host, port), "listen");
    return failed_precondition(fmt::format("无法监听 {}:{}: {}", host, port, std::strerror(err)), "listen");
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&ss), &len);
  std::string ip;
  address_of(ss, ip, port_);
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) return internal_error("epoll/eventfd unavailable");
  return Ok{};
}

void Listener::wake() {
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof one);
}

void Listener::stop() {
  if (stopping_.exchange(true)) return;
  abort_at_ = to_ns(SteadyClock::now() + limits_.shutdown_grace);
  wake();
}

bool Listener::take_streaming_slot() {
  std::size_t n = streaming_.load();
  do {
    if (n >= max_streaming_) return false;
  } while (!streaming_.compare_exchange_weak(n, n + 1));
  return true;
}

void Listener::release_streaming_slot() { --streaming_; }

void Listener::run(std::size_t threads, std::size_t max_queued) {
  running_ = true;
  max_streaming_ = limits_.max_streaming ? limits_.max_streaming : std::max<std::size_t>(1, threads / 2);
  pool_ = std::make_unique<BoundedThreadPool>(threads, max_queued);
  if (!stopping_) io_loop();
  // Workers finish the requests they hold (bounded by the deadlines and the grace).
  pool_->shutdown();
  running_ = false;
}

void Listener::give_back(std::unique_ptr<Conn> c) {
  {
    std::lock_guard lock(back_mutex_);
    if (!stopping_) {
      back_.push_back(std::move(c));
    }
  }
  if (c) {  // stopping: not taken back
    ::close(c->fd);
    --open_;
    return;
  }
  wake();
}

void Listener::handle(std::unique_ptr<Conn> c) {
  ConnStream strm(c->fd, std::move(c->buf), SteadyClock::now() + limits_.body_timeout, limits_.write_timeout,
                  &abort_at_);
  t_gate = RequestGate{};
  t_gate.stream = &strm;
  ++c->served;
  const bool last = stopping_ || c->served >= limits_.keep_alive_max;
  bool closed = false, ok = false;
  try {
    ok = http_.serve_request(strm, last, closed, [this](httplib::Request& req) {
      t_gate.prepared = true;
      setup_(req);
    });
  } catch (const std::exception& e) {
    spdlog::error("connection dropped: {}", e.what());
  }
  if (t_gate.streaming) release_streaming_slot();
  const bool refused = t_gate.close;
  // A head httplib could not parse leaves the rest of it unread: nothing after it can be
  // trusted to start a request.
  const bool malformed = !t_gate.prepared;
  t_gate = RequestGate{};
  if (!ok || closed || last || refused || malformed || stopping_) {
    if (refused) linger_close(c->fd);
    else ::close(c->fd);
    --open_;
    return;
  }
  c->buf = strm.take_buffered();
  give_back(std::move(c));
}

void Listener::io_loop() {
  std::unordered_map<int, std::unique_ptr<Conn>> conns;
  auto watch = [&](int fd, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  };
  auto drop = [&](int fd) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    conns.erase(fd);
    --open_;
  };
  watch(listen_fd_, EPOLLIN);
  watch(wake_fd_, EPOLLIN);
  const std::size_t cap = limits_.max_head_bytes + limits_.prebuffer_body + 1;

  // A whole head (and small body) in the buffer: to a worker. Returns false while waiting.
  auto try_dispatch = [&](int fd) {
    Conn& c = *conns.at(fd);
    const std::size_t end = head_end(c.buf);
    if (end == std::string::npos || end > limits_.max_head_bytes) {
      if (c.buf.size() <= limits_.max_head_bytes) return false;
      send_canned(fd, 431, "Request Header Fields Too Large", "header_too_large",
                  fmt::format("请求行与请求头超过上限 {} 字节", limits_.max_head_bytes));
      drop(fd);
      return true;
    }
    const Framing f = framing(std::string_view(c.buf).substr(0, end));
    if (!f.chunked && f.length && *f.length <= limits_.prebuffer_body && c.buf.size() < end + *f.length)
      return false;  // a small body still arriving: wait here, not on a worker
    c.buf = without_range(std::string_view(c.buf).substr(0, end)) + c.buf.substr(end);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    Conn* raw = conns.at(fd).release();
    conns.erase(fd);
    if (!pool_->try_enqueue([this, raw] { handle(std::unique_ptr<Conn>(raw)); })) {
      send_canned(fd, 503, "Service Unavailable", "unavailable", "服务器繁忙，请稍后重试");
      ::close(fd);
      delete raw;
      --open_;
    }
    return true;
  };

  auto read_some = [&](int fd) {
    Conn& c = *conns.at(fd);
    char buf[16384];
    for (;;) {
      if (c.buf.size() >= cap) break;
      const ssize_t n = ::recv(fd, buf, std::min(sizeof buf, cap - c.buf.size()), MSG_DONTWAIT);
      if (n > 0) {
        if (!c.started) {
          c.started = true;
          c.deadline = SteadyClock::now() + limits_.head_timeout;
        }
        c.buf.append(buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      drop(fd);  // closed by the client, or an error
      return;
    }
    try_dispatch(fd);
  };

  std::vector<epoll_event> events(256);
  auto last_sweep = SteadyClock::now();
  SteadyClock::time_point accept_paused_until{};
  bool accept_paused = false;
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 100);
    if (n < 0 && errno != EINTR) {
      spdlog::error("epoll_wait: {}", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n && !stopping_; ++i) {
      const int fd = events[i].data.fd;
      if (fd == listen_fd_) {
        for (;;) {
          const int cfd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (cfd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) {
              // Out of descriptors: stop polling the listener for a moment (it would stay
              // readable and spin); the waiting connections stay in the backlog.
              ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
              accept_paused_until = SteadyClock::now() + std::chrono::milliseconds(100);
              accept_paused = true;
            }
            break;
          }
          if (open_ >= limits_.max_connections) {
            send_canned(cfd, 503, "Service Unavailable", "unavailable", "服务器繁忙，请稍后重试");
            ::close(cfd);
            continue;
          }
          const int yes = 1;
          ::setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
          auto c = std::make_unique<Conn>();
          c->fd = cfd;
          c->deadline = SteadyClock::now() + limits_.head_timeout;
          ++open_;
          conns.emplace(cfd, std::move(c));
          watch(cfd, EPOLLIN | EPOLLRDHUP);
        }
      } else if (fd == wake_fd_) {
        std::uint64_t v;
        (void)!::read(wake_fd_, &v, sizeof v);
        std::vector<std::unique_ptr<Conn>> back;
        {
          std::lock_guard lock(back_mutex_);
          back.swap(back_);
        }
        for (auto& c : back) {
          const int cfd = c->fd;
          c->started = !c->buf.empty();
          c->deadline = SteadyClock::now() + (c->started ? limits_.head_timeout : limits_.idle_timeout);
          conns.emplace(cfd, std::move(c));
          watch(cfd, EPOLLIN | EPOLLRDHUP);
          if (conns.at(cfd)->started) try_dispatch(cfd);  // a pipelined request already read
        }
      } else if (conns.count(fd)) {
        read_some(fd);
      }
    }
    const auto now = SteadyClock::now();
    if (accept_paused && now >= accept_paused_until) {
      accept_paused = false;
      watch(listen_fd_, EPOLLIN);
    }
    if (now - last_sweep >= std::chrono::milliseconds(100)) {
      last_sweep = now;
      std::vector<int> expired;
      for (const auto& [fd, c] : conns)
        if (c->deadline <= now) expired.push_back(fd);
      for (int fd : expired) {
        if (conns.at(fd)->started)
          send_canned(fd, 408, "Request Timeout", "request_timeout",
                      fmt::format("请求头未在 {} 秒内收齐", limits_.head_timeout.count() / 1000));
        drop(fd);
      }
    }
  }
  // Stopping: connections without a request in progress are closed; workers finish theirs.
  ::close(listen_fd_);
  listen_fd_ = -1;
  std::vector<int> fds;
  for (const auto& [fd, c] : conns) fds.push_back(fd);
  for (int fd : fds) drop(fd);
  std::lock_guard lock(back_mutex_);
  for (auto& c : back_) {
    ::close(c->fd);
    --open_;
  }
  back_.clear();
}

}  // namespace fangpin::server::detail
