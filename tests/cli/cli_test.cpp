// The candor binary as a user meets it: exit codes, one-line errors, --help with examples.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct Output {
  int code = -1;
  std::string out;  // stdout and stderr together
};

Output candor(const std::string& args) {
  Output o;
  const std::string cmd = std::string(CANDOR_BIN) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) o.out.append(buf.data(), n);
  const int status = pclose(p);
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
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
