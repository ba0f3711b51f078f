// The server's connections: its own listening socket and accept loop in front of httplib's
// request parser. One I/O thread (epoll) reads every request head — and small bodies — with
// deadlines, and keeps idle keep-alive connections; a worker is taken only once a whole head
// is in, so slow or idle clients cannot hold the worker pool (issue 15, slowloris).
// Internal to src/server.
#pragma once
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/result.h"
#include "server/thread_pool.h"

namespace fangpin::server::detail {

using SteadyClock = std::chrono::steady_clock;

// Every connection limit (README "Security and limits").
struct ConnectionLimits {
  std::size_t max_head_bytes = 64u << 10;            // request line + headers; larger → 431
  std::chrono::milliseconds head_timeout{10'000};    // first byte of a request → whole head (+ small body); → 408
  std::chrono::milliseconds idle_timeout{5'000};     // keep-alive connection with no request
  std::chrono::milliseconds body_timeout{120'000};   // a large body, from its head to its last byte
  std::chrono::milliseconds write_timeout{60'000};   // a whole response
  std::chrono::milliseconds shutdown_grace{5'000};   // in-flight reads/writes after stop()
  std::size_t prebuffer_body = 64u << 10;            // bodies up to this are read before a worker is taken
  std::size_t max_connections = 1000;                // open at once; more are closed at accept
  int backlog = 1024;                                // listen(2) backlog
  int keep_alive_max = 1000;                         // requests per connection
  std::size_t max_streaming = 0;                     // large bodies read at once (0 = half the workers)
};

// A connection's bytes as httplib reads them: first what the I/O thread buffered, then the
// socket, each read and write bounded by the request's deadlines and the shutdown grace.
class ConnStream final : public httplib::Stream {
 public:
  ConnStream(int fd, std::string buffered, SteadyClock::time_point read_deadline,
             std::chrono::milliseconds write_timeout, const std::atomic<std::int64_t>* abort_at);
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

  // Bytes to be read again before the socket's (a decoded chunked body).
  void unread(std::string bytes);
  // Bytes read from the socket but not by httplib (a pipelined next request).
  std::string take_buffered();
  bool wrote() const { return write_deadline_.has_value(); }

 private:
  // Waits for `events` until `deadline`; false on timeout, error or shutdown.
  bool wait(short events, SteadyClock::time_point deadline) const;
  int fd_;
  std::string buf_;
  std::size_t pos_ = 0;
  SteadyClock::time_point read_deadline_;
  std::chrono::milliseconds write_timeout_;
  std::optional<SteadyClock::time_point> write_deadline_;
  const std::atomic<std::int64_t>* abort_at_;
};

// What the request pipeline decided before the body is read (set by the setup hook,
// answered by the pre-routing handler): a refusal, and whether to close the connection.
struct RequestGate {
  int status = 0;  // 0 = go on
  std::string code, message, field;
  std::string route = "unmatched";  // the route template, for the log and metrics
  bool close = false;
  bool streaming = false;  // holds a slot of max_streaming
  bool prepared = false;   // the head parsed (httplib answers a malformed one without reading it all)
  ConnStream* stream = nullptr;
};
// The request being read on this worker.
extern thread_local RequestGate t_gate;

// httplib's parser and router, fed by our connections.
class HttpEngine final : public httplib::Server {
 public:
  bool serve_request(httplib::Stream& strm, bool close_connection, bool& connection_closed,
                     const std::function<void(httplib::Request&)>& setup) {
    return process_request(strm, close_connection, connection_closed, setup);
  }
};

class Listener {
 public:
  // `setup` runs for every request after its head is parsed and before its body is read.
  Listener(HttpEngine& http, ConnectionLimits limits, std::function<void(httplib::Request&)> setup);
  ~Listener();

  // Binds host:port (no SO_REUSEPORT: a port in use is an error); port 0 = any free port.
  Status bind(const std::string& host, int port);
  int port() const { return port_; }
  // Accepts and serves until stop(); requests being handled finish (within the grace).
  void run(std::size_t threads, std::size_t max_queued);
  void stop();  // thread-safe
  bool running() const { return running_; }
  std::size_t open_connections() const { return open_.load(); }
  std::size_t prebuffer_body() const { return limits_.prebuffer_body; }

 private:
  struct Conn;
  void io_loop();
  void handle(std::unique_ptr<Conn> c);  // on a worker
  void give_back(std::unique_ptr<Conn> c);
  void wake();

  HttpEngine& http_;
  ConnectionLimits limits_;
  std::function<void(httplib::Request&)> setup_;
  int listen_fd_ = -1, wake_fd_ = -1, epoll_fd_ = -1;
  int port_ = -1;
  std::atomic<bool> stopping_{false}, running_{false};
  std::atomic<std::int64_t> abort_at_{INT64_MAX};  // steady-clock ns after which I/O is abandoned
  std::atomic<std::size_t> open_{0};
  std::atomic<std::size_t> streaming_{0};
  std::size_t max_streaming_ = 1;
  std::mutex back_mutex_;
  std::vector<std::unique_ptr<Conn>> back_;  // keep-alive connections returned by workers
  std::unique_ptr<BoundedThreadPool> pool_;

 public:
  // A slot for reading a large body: false when max_streaming are taken.
  bool take_streaming_slot();
  void release_streaming_slot();
};

}  // namespace fangpin::server::detail
