#include "app/clues.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>
#include <tuple>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "app/credentials.h"
#include "domain/permission.h"
#include "domain/resident_id.h"
#include "io/policy_loader.h"
#include "io/table.h"

namespace fangpin::app {

namespace {

using std::chrono::seconds;

constexpr std::string_view kPublicUser = "(公众)";
// Crockford base32: no I, L, O, U, so a code read over the phone is not mistaken.
constexpr std::string_view kReceiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kReceiptChars = 16;  // 80 random bits

std::size_t chars_of(std::string_view s) {
  std::size_t n = 0;  // UTF-8 code points: continuation bytes do not start one
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// Text of a form field: UTF-8, trimmed, within max_chars; required or not.
Result<std::string> text_field(std::string_view value, std::string_view field, bool required, std::size_t max_chars) {
  if (!io::is_valid_utf8(value)) return invalid(fmt::format("字段 {} 应为 UTF-8 文本", field), std::string(field));
  std::string t = trimmed(value);
  if (t.empty() && required) return invalid(fmt::format("缺少字段 {}", field), std::string(field));
  if (chars_of(t) > max_chars)
    return invalid(fmt::format("字段 {} 超过 {} 个字符", field, max_chars), std::string(field));
  for (unsigned char ch : t)  // control characters (other than line breaks and tabs) are not text
    if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t')
      return invalid(fmt::format("字段 {} 含有控制字符", field), std::string(field));
  return t;
}

Status check_phone(std::string_view phone, std::string_view field) {
  if (phone.size() != 11 || phone[0] != '1' ||
      !std::all_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return invalid("联系电话应为 11 位手机号码", std::string(field));
  return Ok{};
}

Status check_village(const Policy& policy, std::string_view code) {
  if (!is_region_code_format(code)) return invalid("村级区划代码应为 12 位数字", "village_code");
  if (policy.validate_regions) {
    if (auto why = io::nbs_regions().check_village_code(code); !why.empty()) return invalid(why, "village_code");
  } else if (code.substr(9) == "000") {
    return invalid("区划代码应为村级（后3位不能为000）", "village_code");
  }
  return Ok{};
}

std::string new_receipt() {
  std::array<unsigned char, 10> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string out;
  // 80 bits, 5 at a time.
  for (std::size_t i = 0; i < kReceiptChars; ++i) {
    const std::size_t bit = i * 5;
    unsigned v = (static_cast<unsigned>(raw[bit / 8]) << 8) | (bit / 8 + 1 < raw.size() ? raw[bit / 8 + 1] : 0u);
    v = (v >> (11 - bit % 8)) & 0x1F;
    out += kReceiptAlphabet[v];
    if (i % 4 == 3 && i + 1 < kReceiptChars) out += '-';
  }
  return out;
}

// The canonical form of a code as typed (case, dashes, spaces and look-alikes forgiven);
// nullopt when it cannot be a receipt.
std::optional<std::string> normalise_receipt(std::string_view code) {
  if (code.size() > 64) return std::nullopt;
  std::string out;
  for (char ch : code) {
    if (ch == '-' || ch == ' ') continue;
    char u = (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    if (kReceiptAlphabet.find(u) == std::string_view::npos) return std::nullopt;
    out += u;
  }
  if (out.size() != kReceiptChars) return std::nullopt;
  return out;
}

std::string receipt_hash(std::string_view code) {
  auto n = normalise_receipt(code);
  return token_hash(n ? *n : std::string(code));
}

// The 429 wait: until the oldest counted attempt leaves the window.
seconds retry_after(const store::AttemptCount& a, seconds window, TimePoint now) {
  std::tm tm{};
  if (a.oldest.size() >= 19 && strptime(a.oldest.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr) {
    const auto oldest = std::chrono::system_clock::from_time_t(timegm(&tm));
    const auto left = std::chrono::duration_cast<seconds>(oldest + window - now);
    return std::max(seconds(1), left + seconds(1));
  }
  return window;
}

Result<std::optional<Throttled>> over_limit(store::ClueStore& clues, const std::string& key, int limit,
                                            seconds window, TimePoint now) {
  auto n = clues.attempts_since(key, iso_utc(now - window));
  if (!n) return n.error();
  if (n->count >= limit) return std::optional<Throttled>(Throttled{retry_after(*n, window, now)});
  return std::optional<Throttled>();
}

Status check_role(const workflow::Actor& actor, Action action) {
  if (actor.name.empty()) return invalid("未指明办理人", "user");
  if (!may(actor.role, action))
    return permission_denied(fmt::format("角色“{}”无权办理：{}", label(actor.role), permission(action).name));
  return Ok{};
}

bool in_scope(const workflow::Actor& actor, std::string_view region) { return region.starts_with(actor.scope); }

Error household_not_found() { return not_found("户不存在或不在管辖范围内", "household_id"); }

}  // namespace

int pow_zero_bits(std::string_view challenge, std::string_view nonce) {
  const std::string input = std::string(challenge) + ":" + std::string(nonce);
  std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
  crypto_hash_sha256(h.data(), reinterpret_cast<const unsigned char*>(input.data()), input.size());
  int bits = 0;
  for (unsigned char byte : h) {
    if (byte == 0) {
      bits += 8;
      continue;
    }
    for (int b = 7; b >= 0 && !(byte & (1u << b)); --b) ++bits;
    break;
  }
  return bits;
}

Result<ChallengeOutcome> issue_challenge(store::ClueStore& clues, const ApplicationLimits& limits,
                                         std::string_view address, TimePoint now) {
  const std::string at = iso_utc(now);
  // Housekeeping on the way: old challenges and counters go (a day covers every window).
  if (auto s = clues.purge(at, iso_utc(now - std::max(limits.resident_id_window, limits.address_window))); !s)
    return s.error();
  auto live = clues.live_challenges(address, at);
  if (!live) return live.error();
  if (*live >= limits.live_challenges_per_address)
    return ChallengeOutcome{std::nullopt, Throttled{limits.challenge_ttl}};
  const int bits = std::clamp(limits.pow_bits, 0, 40);
  Challenge c{fmt::format("{}.{}", bits, random_hex(16)), bits, iso_utc(now + limits.challenge_ttl)};
  if (auto s = clues.add_challenge(c.challenge, address, c.expires_at); !s) return s.error();
  return ChallengeOutcome{std::move(c), {}};
}

Result<ApplicationOutcome> submit_application(store::Database& db, const Policy& policy, store::FileStore* files,
                                              const ApplicationLimits& limits, const ApplicationInput& in,
                                              std::string_view address, TimePoint now) {
  // 1. The form itself, without touching the database.
  auto name = text_field(in.name, "name", true, 50);
  if (!name) return name.error();
  auto id_text = text_field(in.resident_id, "resident_id", true, 18);
  if (!id_text) return id_text.error();
  auto id = parse_resident_id(*id_text);
  if (!id) return invalid("身份证号码无效：" + id.error().message, "resident_id");
  auto phone = text_field(in.phone, "phone", true, 11);
  if (!phone) return phone.error();
  if (auto s = check_phone(*phone, "phone"); !s) return s.error();
  auto village = text_field(in.village_code, "village_code", true, 12);
  if (!village) return village.error();
  if (auto s = check_village(policy, *village); !s) return s.error();
  auto description = text_field(in.description, "description", true, 2000);
  if (!description) return description.error();
  if (!in.photo.empty()) {
    if (in.photo.size() > limits.max_photo_bytes)
      return invalid(fmt::format("照片超过 {} 字节", limits.max_photo_bytes), "photo");
    auto type = store::sniff_media_type(in.photo);
    if (!type || (*type != "image/jpeg" && *type != "image/png"))
      return invalid("照片应为 JPEG 或 PNG 图片", "photo");
    if (files == nullptr) return internal_error("档案存储未配置");
  }
  // 2. The proof of work: the difficulty is part of the challenge text, so an unsolved
  // request is refused before any database work.
  if (in.challenge.empty() || in.challenge.size() > 80) return invalid("缺少或无效的 challenge", "challenge");
  if (in.nonce.empty() || in.nonce.size() > 64) return invalid("缺少或无效的 nonce", "nonce");
  int bits = -1;
  {
    const auto dot = in.challenge.find('.');
    const char* b = in.challenge.data();
    auto [end, ec] = std::from_chars(b, b + (dot == std::string::npos ? 0 : dot), bits);
    if (dot == std::string::npos || ec != std::errc() || end != b + dot || bits < 0 || bits > 40)
      return invalid("无效的 challenge", "challenge");
  }
  if (pow_zero_bits(in.challenge, in.nonce) < bits) return invalid("工作量证明未通过（nonce 不满足难度）", "nonce");

  // 3. One transaction: challenge, limits, household, photo, clue.
  const std::string at = iso_utc(now);
  const std::string addr_key = "addr:" + std::string(address);
  const std::string id_key = "id:" + token_hash(id->number);
  ApplicationOutcome out;
  auto s = db.transaction([&]() -> Status {
    auto& clues = db.clues();
    auto live = clues.take_challenge(in.challenge, at);
    if (!live) return live.error();
    if (!*live) return permission_denied("校验题不存在、已过期或已使用，请重新获取", "challenge");
    for (auto [key, limit, window] : {std::tuple{&addr_key, limits.per_address, limits.address_window},
                                      std::tuple{&id_key, limits.per_resident_id, limits.resident_id_window}}) {
      auto t = over_limit(clues, *key, limit, window, now);
      if (!t) return t.error();
      if (*t) {
        out.throttled = **t;
        return Ok{};  // commits only the used challenge: nothing stored, nothing counted
      }
    }
    if (auto r = clues.record_attempt(addr_key, at); !r) return r;
    if (auto r = clues.record_attempt(id_key, at); !r) return r;
    // Same lookups whether or not the ID is registered: the answer and its timing do not
    // tell an applicant who is in the registry.
    const std::vector<std::string> ids{id->number};
    auto matched = db.registry().member_households(ids);
    if (!matched) return matched.error();
    const auto hit = matched->find(id->number);
    const std::string household_id = hit == matched->end() ? std::string() : hit->second;
    auto household = db.registry().find_household(household_id);
    if (!household) return household.error();
    store::ClueRecord clue;
    clue.channel = label(workflow::Channel::SelfApplication);
    clue.status = kClueReceived;
    clue.village_code = *village;
    // Handled where the household is registered when it is; else in the village given.
    clue.region_code = *household ? (**household).household.region_code : *village;
    clue.household_id = *household ? household_id : std::string();
    clue.applicant_name = *name;
    clue.resident_id = id->number;
    clue.phone = *phone;
    clue.description = *description;
    clue.source = "网上申报";
    clue.received_date = china_date(now).iso();
    clue.received_at = at;
    if (!in.photo.empty()) {
      auto stored = files->put(in.photo);
      if (!stored) return stored.error();
      clue.photo_sha256 = stored->sha256;
    }
    out.receipt = new_receipt();
    auto clue_id = clues.add_clue(clue, receipt_hash(out.receipt));
    if (!clue_id) return clue_id.error();
    return db.accounts().record_access({std::string(kPublicUser), at, "clue.apply", fmt::format("clue:{}", *clue_id)});
  });
  if (!s) return s.error();
  return out;
}

Result<ReceiptStatus> receipt_status(store::ClueStore& clues, std::string_view code) {
  auto n = normalise_receipt(code);
  if (!n) return not_found("回执编号不存在", "code");
  // Looked up by a hash of the code: an index probe whose timing says nothing about how
  // close a guess came.
  auto c = clues.find_by_receipt(token_hash(*n));
  if (!c) return c.error();
  if (!*c) return not_found("回执编号不存在", "code");
  return ReceiptStatus{(*c)->status, (*c)->status == kClueClosed ? (*c)->close_reason : std::string()};
}

Result<RecordedClue> record_petition(store::Database& db, const Policy& policy, const workflow::Actor& actor,
                                     const PetitionInput& in, TimePoint now) {
  if (auto s = check_role(actor, Action::RecordClue); !s) return s.error();
  auto name = text_field(in.name, "name", true, 50);
  if (!name) return name.error();
  auto description = text_field(in.description, "description", true, 2000);
  if (!description) return description.error();
  auto source = text_field(in.source, "source", true, 50);
  if (!source) return source.error();
  auto phone = text_field(in.phone, "phone", false, 11);
  if (!phone) return phone.error();
  if (!phone->empty())
    if (auto s = check_phone(*phone, "phone"); !s) return s.error();
  std::string resident_id;
  if (auto t = text_field(in.resident_id, "resident_id", false, 18); !t) {
    return t.error();
  } else if (!t->empty()) {
    auto id = parse_resident_id(*t);
    if (!id) return invalid("身份证号码无效：" + id.error().message, "resident_id");
    resident_id = id->number;
  }
  auto household_id = text_field(in.household_id, "household_id", false, 64);
  if (!household_id) return household_id.error();
  auto village = text_field(in.village_code, "village_code", household_id->empty(), 12);
  if (!village) return village.error();
  if (!village->empty()) {
    if (auto s = check_village(policy, *village); !s) return s.error();
  }
  if (in.received_date > china_date(now))
    return invalid(fmt::format("received_date 不能晚于今天：{}", in.received_date.iso()), "received_date");
  std::string region = *village;
  if (!household_id->empty()) {
    auto h = db.registry().find_household(*household_id);
    if (!h) return h.error();
    if (!*h || !in_scope(actor, (**h).household.region_code)) return household_not_found();
    if (!village->empty() && (**h).household.region_code != *village)
      return invalid(fmt::format("户 {} 不属于村 {}", *household_id, *village), "village_code");
    region = (**h).household.region_code;
  }
  if (!in_scope(actor, region)) return not_found("村不存在或不在管辖范围内", "village_code");

  const std::string at = iso_utc(now);
  RecordedClue out;
  store::ClueRecord& clue = out.clue;
  clue.channel = label(workflow::Channel::PublicOpinion);
  clue.status = kClueReceived;
  clue.village_code = village->empty() ? region : *village;
  clue.region_code = region;
  clue.household_id = *household_id;
  clue.applicant_name = *name;
  clue.resident_id = resident_id;
  clue.phone = *phone;
  clue.description = *description;
  clue.source = *source;
  clue.received_date = in.received_date.iso();
  clue.received_at = at;
  clue.recorded_by = actor.name;
  out.receipt = new_receipt();
  auto s = db.transaction([&]() -> Status {
    auto id = db.clues().add_clue(clue, receipt_hash(out.receipt));
    if (!id) return id.error();
    clue.id = *id;
    return db.accounts().record_access({actor.name, at, "clue.record", fmt::format("clue:{}", *id)});
  });
  if (!s) return s.error();
  return out;
}

Result<store::ClueRecord> find_clue(store::ClueStore& clues, const workflow::Actor& actor, std::int64_t id) {
  auto c = clues.find_clue(id);
  if (!c) return c.error();
  // Outside the scope looks exactly like a missing clue.
  if (!*c || !in_scope(actor, (**c).region_code)) return not_found("线索不存在或不在管辖范围内", "id");
  return std::move(**c);
}

Result<AcceptedClue> accept_clue(store::Database& db, WorkflowEnv& env, const workflow::Actor& actor,
                                 std::int64_t id, const AcceptInput& in) {
  if (&env.registry != &db.registry() || &env.cases != &db.cases()) return internal_error("立案环境与数据库不一致");
  if (auto s = check_role(actor, Action::HandleClue); !s) return s.error();
  AcceptedClue out;
  auto s = db.transaction([&]() -> Status {
    auto clue = find_clue(db.clues(), actor, id);
    if (!clue) return clue.error();
    if (clue->status != kClueReceived)
      return conflict(fmt::format("线索 {} 已办理（{}）", id, clue->status), "id");
    const std::string household_id = in.household_id.empty() ? clue->household_id : in.household_id;
    if (household_id.empty())
      return invalid("该线索未匹配到登记户，受理时须指定 household_id", "household_id");
    auto h = db.registry().find_household(household_id);
    if (!h) return h.error();
    if (!*h || !in_scope(actor, (**h).household.region_code)) return household_not_found();
    auto channel = workflow::parse_channel(clue->channel);
    if (!channel) return internal_error(fmt::format("线索 {} 的发现方式无效", id));
    Date clue_date = in.clue_date.value_or(Date{});
    if (!in.clue_date) {
      auto d = Date::parse(clue->received_date);
      if (!d) return internal_error(fmt::format("线索 {} 的收到日期无效", id));
      clue_date = *d;
    }
    // At most one active case per household: the clue joins the one already running.
    auto cases = db.cases().list_cases((**h).household.region_code);
    if (!cases) return cases.error();
    for (const auto& row : *cases) {
      if (row.household_id != household_id || !row.active) continue;
      auto existing = load_case(env, row.id);
      if (!existing) return existing.error();
      out.case_record = std::move(*existing);
      out.existing = true;
      break;
    }
    if (!out.existing) {
      const std::string note = in.note.empty() ? fmt::format("{}线索 #{}：{}", clue->channel, id, clue->description)
                                               : in.note;
      auto opened = open_case(env, actor, household_id, *channel, clue_date, note);
      if (!opened) return opened.error();
      out.case_record = std::move(*opened);
    }
    clue->status = kClueAccepted;
    clue->household_id = household_id;
    clue->case_id = out.case_record.c.id;
    clue->handled_by = actor.name;
    clue->handled_at = env.now;
    clue->handle_note = in.note;
    if (auto m = db.clues().mark_handled(*clue); !m) return m;
    out.clue = std::move(*clue);
    return db.accounts().record_access(
        {actor.name, env.now, "clue.accept", fmt::format("clue:{} case:{}", id, out.case_record.c.id)});
  });
  if (!s) return s.error();
  return out;
}

Result<store::ClueRecord> close_clue(store::Database& db, const workflow::Actor& actor, std::int64_t id,
                                     std::string_view reason, TimePoint now) {
  if (auto s = check_role(actor, Action::HandleClue); !s) return s.error();
  auto why = text_field(reason, "reason", true, 500);
  if (!why) return why.error();
  const std::string at = iso_utc(now);
  store::ClueRecord out;
  auto s = db.transaction([&]() -> Status {
    auto clue = find_clue(db.clues(), actor, id);
    if (!clue) return clue.error();
    if (clue->status != kClueReceived)
      return conflict(fmt::format("线索 {} 已办理（{}）", id, clue->status), "id");
    clue->status = kClueClosed;
    clue->close_reason = *why;
    clue->handled_by = actor.name;
    clue->handled_at = at;
    if (auto m = db.clues().mark_handled(*clue); !m) return m;
    out = std::move(*clue);
    return db.accounts().record_access({actor.name, at, "clue.close", fmt::format("clue:{}", id)});
  });
  if (!s) return s.error();
  return out;
}

}  // namespace fangpin::app
