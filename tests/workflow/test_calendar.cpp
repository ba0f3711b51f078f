// Working-day calendar and deadline parameters (SPEC §7).
#include <gtest/gtest.h>

#include "wf_fixtures.h"

namespace fangpin::workflow {
namespace {

using testing::calendar;
using testing::D;

TEST(Calendar, ShippedDataCovers2021To2026) {
  for (int y = 2021; y <= 2026; ++y) EXPECT_TRUE(calendar().covers(y)) << y;
  EXPECT_FALSE(calendar().covers(2027));
  EXPECT_FALSE(calendar().is_working_day(D("2027-03-01")).has_value());
}

// 2023 春节: 1-21..1-27 off, Saturday 1-28 and Sunday 1-29 make-up working days.
TEST(Calendar, SpringFestival2023AndMakeUpWeekend) {
  EXPECT_EQ(calendar().is_working_day(D("2023-01-20")), true);   // Friday before
  for (int d = 21; d <= 27; ++d)
    EXPECT_EQ(calendar().is_working_day(Date{2023, 1, d}), false) << d;
  EXPECT_EQ(calendar().is_working_day(D("2023-01-28")), true);   // make-up Saturday
  EXPECT_EQ(calendar().is_working_day(D("2023-01-29")), true);   // make-up Sunday
  EXPECT_EQ(calendar().is_working_day(D("2023-02-04")), false);  // an ordinary Saturday
  EXPECT_EQ(calendar().name_of(D("2023-01-23")), "春节");
}

TEST(Calendar, AddWorkingDaysAcrossSpringFestival) {
  // A department warning on Thursday 1-19: 3 working days = Fri 1-20, Sat 1-28, Sun 1-29.
  EXPECT_EQ(calendar().add_working_days(D("2023-01-19"), 3)->iso(), "2023-01-29");
  // One working day after Friday 1-20 is the make-up Saturday, not Monday 1-30.
  EXPECT_EQ(calendar().add_working_days(D("2023-01-20"), 1)->iso(), "2023-01-28");
  EXPECT_EQ(calendar().add_working_days(D("2023-01-20"), 0)->iso(), "2023-01-20");
  // 2024: 2-9 (除夕, Friday) is a working day; 2-10..2-17 off; Sunday 2-18 make-up.
  EXPECT_EQ(calendar().add_working_days(D("2024-02-08"), 2)->iso(), "2024-02-18");
  // An ordinary week: Friday + 1 working day = Monday.
  EXPECT_EQ(calendar().add_working_days(D("2023-03-03"), 1)->iso(), "2023-03-06");
}

// Each notice moves days but keeps the year's total: days − weekend days − statutory
// holidays (11 until 2024; 13 from 2025, when 除夕 and 5-2 became holidays).
TEST(Calendar, WorkingDaysPerYearMatchTheNotices) {
  const int expected[] = {250, 249, 249, 251, 248, 248};  // 2021 … 2026
  for (int y = 2021; y <= 2026; ++y) {
    int n = 0;
    for (Date d{y, 1, 1}; d.year == y; d = d.plus_days(1)) {
      const auto w = calendar().is_working_day(d);
      ASSERT_TRUE(w.has_value());
      n += *w ? 1 : 0;
      // Every make-up working day is a weekend day.
      if (*w && !calendar().name_of(d).empty()) {
        EXPECT_GE(weekday(d), 5) << d.iso();
      }
    }
    EXPECT_EQ(n, expected[y - 2021]) << y;
  }
}

TEST(Calendar, WorkingDaysOutsideCoverageAreAnError) {
  auto r = calendar().add_working_days(D("2026-12-30"), 3);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("2027"), std::string::npos);
}

TEST(Calendar, CalendarVersusWorkingDayDeadline) {
  const Date clue = D("2023-01-19");
  EXPECT_EQ(due_date(calendar(), clue, DeadlineRule{3, DayBasis::Calendar})->iso(), "2023-01-22");
  EXPECT_EQ(due_date(calendar(), clue, DeadlineRule{3, DayBasis::Working})->iso(), "2023-01-29");
}

TEST(Calendar, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(add_months(D("2023-08-31"), 6).iso(), "2024-02-29");
  EXPECT_EQ(add_months(D("2023-03-20"), 6).iso(), "2023-09-20");
  EXPECT_EQ(add_months(D("2023-11-15"), 12).iso(), "2024-11-15");
}

TEST(Calendar, ParseRejectsConflictsAndBadKinds) {
  EXPECT_FALSE(io::parse_calendar("开始,结束,类型,节日\n2023-01-21,2023-01-22,休,春节\n2023-01-22,2023-01-22,班,春节\n").ok());
  auto bad = io::parse_calendar("开始,结束,类型,节日\n2023-01-21,2023-01-22,放,春节\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("第 2 行"), std::string::npos);
}

TEST(WorkflowParams, ShippedPolicyHasSpecDeadlines) {
  const auto& p = testing::params();
  EXPECT_EQ(p.identification.days, 15);
  EXPECT_EQ(p.identification.basis, DayBasis::Calendar);
  EXPECT_EQ(p.warning_verification.days, 3);
  EXPECT_EQ(p.warning_verification.basis, DayBasis::Working);
  EXPECT_EQ(p.notice_min.days, 5);
  EXPECT_EQ(p.stable_months, 6);
}

TEST(WorkflowParams, OverridesAndUnknownKeys) {
  auto p = io::parse_workflow_params("[deadlines]\nnotice_min = { days = 7, basis = \"工作日\" }\n");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->notice_min.days, 7);
  EXPECT_EQ(p->notice_min.basis, DayBasis::Working);
  EXPECT_EQ(p->identification.days, 15);  // default kept
  auto typo = io::parse_workflow_params("[deadlines]\nnotice_minimum = { days = 7, basis = \"工作日\" }\n");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().field, "notice_minimum");
  EXPECT_FALSE(io::parse_workflow_params("[deadlines]\nnotice_min = { days = 7, basis = \"周\" }\n").ok());
}

}  // namespace
}  // namespace fangpin::workflow
