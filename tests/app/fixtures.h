// Small registry fixtures written as real files, imported through the real pipeline into
// a real SQLite database in a temp directory.
#pragma once
#include <filesystem>
#include <fstream>
#include <unistd.h>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/import_service.h"
#include "domain/resident_id.h"
#include "io/policy_loader.h"
#include "store/database.h"

namespace fangpin::testing {

inline std::string make_id(const std::string& region6, const std::string& birth8, int seq) {
  std::string s = std::to_string(1000 + seq % 1000).substr(1);  // 3 digits, zero-padded
  std::string first17 = region6 + birth8 + s;
  return first17 + gb11643_check_char(first17);
}

using Rows = std::vector<std::vector<std::string>>;

class TempDb : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fangpin-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    auto s = store::open_database((dir_ / "t.db").string());
    ASSERT_TRUE(s.ok()) << s.error().message;
    db_ = std::move(*s);
    ASSERT_TRUE(db_->migrate().ok());
    store_ = &db_->registry();
    auto p = io::load_policy("");
    ASSERT_TRUE(p.ok()) << p.error().message;
    policy_ = *p;
  }
  void TearDown() override {
    store_ = nullptr;
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Writes UTF-8 CSV (no BOM) exactly as given.
  std::string write_csv(const std::string& name, const Rows& rows) {
    auto path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    for (const auto& r : rows) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (i) out << ',';
        out << r[i];
      }
      out << "\n";
    }
    return path;
  }

  Result<app::ImportReport> run_import(io::RegistryTable t, const std::string& path, bool strict = false) {
    app::ImportRequest req{t, path, strict, "tester", "2026-01-01T00:00:00Z", ""};
    return app::import_registry_file(*store_, policy_, req);
  }

  // 祥云县 (532923) 祥城镇 (532923101) village 001: a real township code.
  static constexpr const char* kVillage = "532923101001";

  static std::vector<std::string> household_header() {
    return {"户编号", "区划代码", "户主姓名", "联系电话", "是否脱贫户", "脱贫年度", "住房安全",
            "饮水安全", "义务教育保障", "基本医疗保障", "不愁吃穿"};
  }
  static std::vector<std::string> household(const std::string& id, const std::string& region = kVillage,
                                            const std::string& poor = "否") {
    return {id, region, "张三", "13812345678", poor, poor == "是" ? "2018" : "", "是", "是", "是", "是", "是"};
  }
  static std::vector<std::string> member_header() {
    return {"户编号", "姓名", "证件号码", "与户主关系", "健康状况", "劳动技能"};
  }
  static std::vector<std::string> finance_header() {
    return {"户编号", "年度", "工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出"};
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  store::Store* store_ = nullptr;  // db_'s registry
  Policy policy_;
  static inline int counter_ = 0;
};

}  // namespace fangpin::testing
