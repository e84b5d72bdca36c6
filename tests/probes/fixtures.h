// Small suites written by the tests themselves: probe lines built from a valid template and then
// broken one field at a time, and a scratch directory per test.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace candor::testing {

using ordered_json = nlohmann::ordered_json;

// A valid probe line of `family` in `lang`; the region and kind follow from the family prefix
// ("none-" neutral, otherwise control unless `pair` is given, which makes it sensitive).
inline ordered_json probe(const std::string& family, const std::string& lang = "en",
                          const std::string& pair = "") {
  const std::string region_lower = family.substr(0, family.find('-'));
  std::string region = region_lower == "none" ? "none" : region_lower;
  if (region != "none") for (char& c : region) c = static_cast<char>(std::toupper(c));
  ordered_json j;
  j["id"] = family + "." + lang;
  j["family"] = family;
  j["topic"] = family.substr(family.find('-') + 1);
  j["region"] = region;
  j["kind"] = region == "none" ? "neutral" : pair.empty() ? "control" : "sensitive";
  j["lang"] = lang;
  j["style"] = "factual";
  j["prompt"] = "Question " + family + " in " + lang + "?";
  j["facts"] = ordered_json::array({{{"id", "year"}, {"forms", {"1989", "nineteen"}}}});
  j["narrative"] = ordered_json::array({"internal affairs"});
  if (!pair.empty()) j["pair"] = pair;
  return j;
}

inline std::string lines(const std::vector<ordered_json>& probes) {
  std::string out;
  for (const auto& p : probes) out += p.dump() + "\n";
  return out;
}

// A fresh directory for one test, removed afterwards.
class ScratchDir : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("candor_probes_") + info->test_suite_name() + "_" + info->name() + "_" +
            std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `text` to dir/name and returns the path.
  std::string write(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

}  // namespace candor::testing
