#include "server/metrics.h"

#include <fmt/format.h>

namespace fangpin::server {

std::string Metrics::method_label(const std::string& method) {
  for (const char* m : kMethods)
    if (method == m) return method;
  return "other";
}

void Metrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  if (status == -1) status = 200;
  if (status < 100 || status > 599) status = 0;
  std::lock_guard lock(mutex_);
  ++requests_[{route, method_label(method), status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const std::vector<Gauge>& extra) const {
  std::string out;
  std::lock_guard lock(mutex_);
  out += "# HELP fangpin_http_requests_total HTTP requests by route template, method and status.\n";
  out += "# TYPE fangpin_http_requests_total counter\n";
  for (const auto& [k, n] : requests_)
    out += fmt::format("fangpin_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       std::get<0>(k), std::get<1>(k), std::get<2>(k), n);
  out += "# HELP fangpin_http_request_duration_seconds Request handling time by route template.\n";
  out += "# TYPE fangpin_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("fangpin_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", route,
                         kBuckets[i], h.buckets[i]);
    out += fmt::format("fangpin_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", route, h.count);
    out += fmt::format("fangpin_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", route, h.sum);
    out += fmt::format("fangpin_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", route, h.count);
  }
  for (const auto& g : extra) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", g.name, g.help, g.name, g.type, g.name, g.value);
  }
  return out;
}

}  // namespace fangpin::server
