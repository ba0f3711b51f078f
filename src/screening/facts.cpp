#include "screening/facts.h"

#include <algorithm>

#include <fmt/format.h>

namespace fangpin::screening {

namespace {

constexpr char kFactTag = 0x01;
constexpr std::size_t kMaxText = 4096;

void put_varint(std::uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
std::uint64_t zigzag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

struct Reader {
  std::string_view s;
  std::size_t pos = 0;
  bool ok = true;
  std::uint8_t byte() {
    if (pos >= s.size()) {
      ok = false;
      return 0;
    }
    return static_cast<std::uint8_t>(s[pos++]);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const std::uint8_t b = byte();
      if (!ok) return 0;
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok = false;
    return 0;
  }
  std::string text() {
    const std::uint64_t n = varint();
    if (!ok || n > s.size() - pos) {
      ok = false;
      return {};
    }
    std::string t(s.substr(pos, static_cast<std::size_t>(n)));
    pos += static_cast<std::size_t>(n);
    return t;
  }
};

std::string date_text(int ymd) {
  return fmt::format("{:04d}-{:02d}-{:02d}", ymd / 10000, ymd / 100 % 100, ymd % 100);
}

}  // namespace

std::string describe(const Fact& f) {
  if (f.area) return fmt::format("应急 区域灾害事件：{}（区划 {}，{} 年）", f.t1, f.t2, f.a1);
  const std::string_view dl = label(f.department);
  const std::string ds = date_text(f.date);
  switch (f.department) {
    case Department::Medical:
      if (f.t1 == kUninsured)
        return fmt::format("{} {}：成员未参加基本医疗保险{}{}", dl, ds,
                           f.a1 > 0 || f.a2 > 0 ? fmt::format("，医疗总费用 {} 元，合规自付费用 {} 元", format_yuan(f.a1),
                                                              format_yuan(f.a2))
                                                : "",
                           f.flag ? "，大病" : "");
      return fmt::format("{} {}：医疗总费用 {} 元，合规自付费用 {} 元{}", dl, ds, format_yuan(f.a1), format_yuan(f.a2),
                         f.flag ? "，大病" : "");
    case Department::Disability:
      return fmt::format("{} {}：{}残疾 {} 级{}", dl, ds, f.t1, f.a1, f.flag ? "（主要劳动力）" : "");
    case Department::Education:
      return fmt::format("{} {}：{} {}（{} 岁）{}", dl, ds, f.t1, f.t2, f.a2, f.flag ? "，已受资助" : "");
    case Department::Housing:
      return fmt::format("{} {}：房屋鉴定等级 {} 级（危房）", dl, ds, f.t1);
    case Department::Water:
      return fmt::format("{} {}：饮水问题 {}", dl, ds, f.t1);
    case Department::Disaster:
    case Department::Agriculture:
      return fmt::format("{} {}：{}，损失 {} 元", dl, ds, f.t1, format_yuan(f.a1));
    case Department::PublicSecurity:
      return fmt::format("{} {}：成员{}，户内无其他劳动力", dl, ds, f.t1);
    default:
      return f.t1.empty() ? fmt::format("{} {}", dl, ds) : fmt::format("{} {}：{}", dl, ds, f.t1);
  }
}

void encode_fact(const Fact& f, std::string& out) {
  out.push_back(kFactTag);
  out.push_back(static_cast<char>(f.department));
  out.push_back(static_cast<char>((f.area ? 1 : 0) | (f.flag ? 2 : 0)));
  put_varint(static_cast<std::uint64_t>(std::max(0, f.date)), out);
  put_varint(zigzag(f.a1), out);
  put_varint(zigzag(f.a2), out);
  for (const std::string* t : {&f.t1, &f.t2}) {
    std::size_t n = std::min(t->size(), kMaxText);
    // Cut at a character boundary: never before a UTF-8 continuation byte.
    while (n < t->size() && n > 0 && (static_cast<unsigned char>((*t)[n]) & 0xC0) == 0x80) --n;
    put_varint(n, out);
    out.append(*t, 0, n);
  }
}

std::vector<std::string> describe_facts(std::string_view encoded, std::int64_t signals) {
  std::vector<std::string> lines;
  std::size_t start = encoded.find(kFactTag);
  // Text written before the structured encoding: ready lines.
  const std::string_view legacy = encoded.substr(0, start);
  for (std::size_t b = 0; b < legacy.size();) {
    const std::size_t e = std::min(legacy.find('\n', b), legacy.size());
    if (e > b) lines.emplace_back(legacy.substr(b, e - b));
    b = e + 1;
  }
  std::size_t structured = 0;
  Reader r{encoded, start == std::string_view::npos ? encoded.size() : start};
  while (r.pos < encoded.size()) {
    if (r.byte() != kFactTag) {
      lines.emplace_back("（事实记录损坏，其余从略）");
      return lines;
    }
    Fact f;
    const std::uint8_t d = r.byte();
    const std::uint8_t bits = r.byte();
    f.date = static_cast<int>(r.varint() & 0x7FFFFFFF);
    f.a1 = unzigzag(r.varint());
    f.a2 = unzigzag(r.varint());
    f.t1 = r.text();
    f.t2 = r.text();
    if (!r.ok || d >= kDepartmentCount) {
      lines.emplace_back("（事实记录损坏，其余从略）");
      return lines;
    }
    f.department = static_cast<Department>(d);
    f.area = (bits & 1) != 0;
    f.flag = (bits & 2) != 0;
    lines.push_back(describe(f));
    ++structured;
  }
  if (structured > 0 && signals > static_cast<std::int64_t>(lines.size()))
    lines.push_back(fmt::format("…另有 {} 条同类信息", signals - static_cast<std::int64_t>(lines.size())));
  return lines;
}

}  // namespace fangpin::screening
