// What triggered a warning (预警事实), kept structured: a province's month can raise
// millions of warnings, and formatting and storing a sentence for each would cost more
// than finding them. Facts are stored as a compact byte string and described in Chinese
// only when someone looks (CLI, API).
//
// Encoding of one fact: 0x01, department, bits (1 = area event, 2 = flag), then LEB128
// varints: date (YYYYMMDD), zig-zag a1, zig-zag a2, length + bytes of t1, of t2. A
// warning's facts are such records back to back; merging appends. Text stored before this
// encoding (bytes up to the first 0x01, lines separated by '\n') is read as ready lines.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/money.h"
#include "screening/department.h"

namespace fangpin::screening {

// 医保 t1 marking a member outside basic medical insurance (是否参保 = 否).
inline constexpr std::string_view kUninsured = "未参保";

struct Fact {
  Department department = Department::Medical;
  bool area = false;  // 区域灾害事件: t1 灾种, t2 区划代码前缀, a1 year
  bool flag = false;  // 医保 大病, 教育 受资助, 残联 主要劳动力
  int date = 0;       // YYYYMMDD of the department's record
  // Per department: 医保 a1 总费用 a2 自付 (分); 残联 a1 等级; 教育 a2 age; 应急/农业 a1 损失.
  Fen a1 = 0, a2 = 0;
  std::string t1, t2;  // 残联 类别; 教育 学段, 在读状态; 住建 等级; 水务 问题; 应急/农业/人社/公安 事项
};

// One line of Chinese, e.g. "医保 2023-03-16：医疗总费用 111665.11 元，合规自付费用 62797.38 元".
std::string describe(const Fact& f);

// Appends the encoding of `f` to `out`.
void encode_fact(const Fact& f, std::string& out);

// Every fact in `encoded`, as lines; malformed bytes end the list with a note, never throw.
// `signals` (the warning's count) adds "…另有 N 条同类信息" when fewer facts were kept.
std::vector<std::string> describe_facts(std::string_view encoded, std::int64_t signals = 0);

}  // namespace fangpin::screening
