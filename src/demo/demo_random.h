// Portable, seeded randomness for the demo county. Everything here is defined bit for bit
// (splitmix64, xoshiro256**, IEEE basic arithmetic only), so the same seed gives the same
// county on every platform and standard library — unlike std::uniform_*_distribution,
// whose algorithms are implementation-defined.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>

namespace fangpin::demo {

// splitmix64 (Steele, Lea, Flood 2014): advances `state` and returns the next output.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// A 64-bit mix of two words, for deriving independent streams (seed, household index).
constexpr std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ull);
  splitmix64(s);
  return splitmix64(s);
}

// xoshiro256** 1.0 (Blackman, Vigna), state filled from splitmix64 as its authors advise.
// Not thread-safe; cheap to create, so use one per stream.
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed) {
    for (auto& word : s_) word = splitmix64(seed);
  }

  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0, unbiased (rejection of the short top range).
  constexpr std::uint64_t below(std::uint64_t n) {
    const std::uint64_t limit = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      const std::uint64_t r = next();
      if (r >= limit) return r % n;
    }
  }

  // Uniform integer in [lo, hi] (inclusive), lo <= hi.
  constexpr int range(int lo, int hi) {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1) with 53 random bits.
  constexpr double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  constexpr double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  constexpr bool chance(double p) { return unit() < p; }

  // Approximately standard normal (Irwin–Hall: sum of 12 uniforms − 6; range ±6).
  constexpr double normal() {
    double sum = 0;
    for (int i = 0; i < 12; ++i) sum += unit();
    return sum - 6.0;
  }

  // Index i drawn with probability (cumulative[i] - cumulative[i-1]) / cumulative.back(),
  // for a non-decreasing running sum with a positive last element.
  std::size_t from_cumulative(std::span<const std::uint32_t> cumulative) {
    const std::uint64_t r = below(cumulative.back());
    std::size_t lo = 0, hi = cumulative.size() - 1;  // first index with cumulative > r
    while (lo < hi) {
      const std::size_t mid = (lo + hi) / 2;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  // Index drawn with probability weights[i] / sum(weights); weights non-negative, sum > 0.
  std::size_t weighted(std::span<const std::uint32_t> weights) {
    std::uint64_t total = 0;
    for (std::uint32_t w : weights) total += w;
    std::uint64_t r = below(total);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

// e^x from basic IEEE operations only (range reduction by ln 2, Taylor series, exact
// scaling by 2^k), so results do not depend on the platform's libm. |x| is clamped to 30.
inline double portable_exp(double x) {
  if (x > 30) x = 30;
  if (x < -30) x = -30;
  constexpr double kLn2 = 0.69314718055994530942;
  const int k = static_cast<int>(x / kLn2 + (x >= 0 ? 0.5 : -0.5));
  const double r = x - k * kLn2;  // |r| <= ln2 / 2
  double term = 1.0, sum = 1.0;
  for (int i = 1; i <= 18; ++i) {
    term *= r / i;
    sum += term;
  }
  return std::ldexp(sum, k);
}

}  // namespace fangpin::demo
