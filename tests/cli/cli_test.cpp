// The candor binary as a user meets it: exit codes, one-line errors, --help with examples.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "../targets/bad_gguf.h"

#include "support/run_command.h"

namespace {

using candor::test::Output;

Output candor(const std::string& args) {
  return candor::test::run_command(std::string(CANDOR_BIN) + " " + args, /*merge_stderr=*/true);
}

TEST(Cli, VersionNamesCandorAndTheLlamaCommit) {
  auto o = candor("--version");
  EXPECT_EQ(o.code, 0);
  EXPECT_NE(o.out.find("candor 0."), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("de3ff815ea7d559ee917f063901b8986f038abc6"), std::string::npos) << o.out;
}

TEST(Cli, EverySubcommandHelpShowsAnExample) {
  for (const char* sub : {"generate", "dev", "dev mkmodel"}) {
    auto o = candor(std::string(sub) + " --help");
    EXPECT_EQ(o.code, 0) << sub;
    EXPECT_NE(o.out.find("Example"), std::string::npos) << sub << ":\n" << o.out;
  }
}

TEST(Cli, UsageErrorsExitTwoWithOneLine) {
  auto o = candor("generate --prompt hi");  // no model
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.out.find("--model"), std::string::npos) << o.out;
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 1) << o.out;
  EXPECT_EQ(candor("no-such-command").code, 2);
  EXPECT_EQ(candor("").code, 2);
}

TEST(Cli, CorruptModelExitsTwoAndNamesTheFile) {
  const auto path = std::filesystem::temp_directory_path() / "candor_cli_corrupt.gguf";
  {
    std::ofstream f(path, std::ios::binary);
    f << "GGUF\x03\x00\x00\x00garbage";
  }
  auto o = candor("generate -m " + path.string() + " -p hi");
  EXPECT_EQ(o.code, 2) << o.out;
  EXPECT_NE(o.out.find(path.string()), std::string::npos) << o.out;
  EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 1) << o.out;
  std::filesystem::remove(path);
}

TEST(Cli, BadTensorsExitTwoWithOneLineNamingFileAndProblem) {
  // `candor generate` and `candor run` on models with a missing tensor or absurd sizes: exit 2,
  // one line naming the file and the problem, no crash.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("candor_cli_bad_tensors_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto good = (dir / "good.gguf").string();
  auto mk = candor("dev mkmodel -o " + good + " --vocab llama-spm --template chatml --embd 32");
  ASSERT_EQ(mk.code, 0) << mk.out;
  const auto bad = candor::testing::write_bad_ggufs(good, dir.string());
  ASSERT_EQ(bad.size(), 11u);
  const std::string db = (dir / "runs.db").string();
  for (const auto& b : bad) {
    for (const std::string& cmd :
         {"generate -m " + b.file + " -p hi -n 4",
          "run --target gguf:" + b.file + " --db " + db + " --run bad --limit 2 -n 4"}) {
      auto o = candor(cmd);
      EXPECT_EQ(o.code, 2) << cmd << ":\n" << o.out;
      EXPECT_EQ(std::count(o.out.begin(), o.out.end(), '\n'), 1) << cmd << ":\n" << o.out;
      EXPECT_NE(o.out.find(b.file + ": "), std::string::npos) << cmd << ":\n" << o.out;
      EXPECT_NE(o.out.find(b.expect), std::string::npos)
          << cmd << ": expected '" << b.expect << "' in:\n"
          << o.out;
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(Cli, MkmodelThenGenerateEndToEnd) {
  const auto path = std::filesystem::temp_directory_path() / "candor_cli_tiny.gguf";
  auto mk = candor("dev mkmodel -o " + path.string() + " --vocab qwen2 --template chatml --embd 32");
  ASSERT_EQ(mk.code, 0) << mk.out;
  auto a = candor("generate -m " + path.string() + " -p hello -n 8 --temperature 0.9 --seed 1");
  auto b = candor("generate -m " + path.string() + " -p hello -n 8 --temperature 0.9 --seed 1");
  auto c = candor("generate -m " + path.string() + " -p hello -n 8 --temperature 0.9 --seed 2");
  EXPECT_EQ(a.code, 0) << a.out;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out, c.out);
  std::filesystem::remove(path);
}

}  // namespace
