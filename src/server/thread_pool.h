// The server's worker pool. Internal to src/server.
#pragma once
#include <httplib.h>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fangpin::server::detail {

// httplib's ThreadPool queues without limit; this one makes the accept loop wait when
// max_queued connections are already waiting (back-pressure into the kernel backlog).
class BoundedThreadPool final : public httplib::TaskQueue {
 public:
  BoundedThreadPool(std::size_t threads, std::size_t max_queued) : max_queued_(std::max<std::size_t>(1, max_queued)) {
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return jobs_.size() < max_queued_ || shutdown_; });
    jobs_.push_back(std::move(fn));
    not_empty_.notify_one();
  }
  // The I/O thread never waits: false when max_queued jobs are already waiting.
  bool try_enqueue(std::function<void()> fn) {
    std::lock_guard lock(mutex_);
    if (jobs_.size() >= max_queued_ || shutdown_) return false;
    jobs_.push_back(std::move(fn));
    not_empty_.notify_one();
    return true;
  }
  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      shutdown_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shutdown and drained: queued connections are still served
        fn = std::move(jobs_.front());
        jobs_.pop_front();
        not_full_.notify_one();
      }
      fn();
    }
  }
  std::size_t max_queued_;
  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
};

}  // namespace fangpin::server::detail
