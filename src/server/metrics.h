// Prometheus text-format metrics: requests by route/method/status, a latency histogram per
// route, and gauges supplied at scrape time (DB pool). Routes are the documented path
// templates (never concrete ids), so the label set stays small.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace fangpin::server {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  // Labels are bounded: a method outside kMethods counts as "other", a status outside
  // 100–599 as 0, and httplib's unset status (-1) is the 200 it is sent as.
  void observe(const std::string& route, const std::string& method, int status, double seconds);
  static constexpr std::array<const char*, 7> kMethods{"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  static std::string method_label(const std::string& method);

  struct Gauge {
    std::string name, help, type;  // type: gauge or counter
    double value;
  };
  std::string render(const std::vector<Gauge>& extra) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace fangpin::server
