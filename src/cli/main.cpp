#include <fmt/format.h>

#include <csignal>
#include <fstream>
#include <iostream>

#include "base/version.h"
#include "cli/cli.h"

namespace candor::cli {

int input_error(const std::string& message) {
  fmt::print(stderr, "candor: {}\n", message);
  return kExitInput;
}

std::optional<std::string> read_chat_template(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read the chat template";
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace candor::cli

int main(int argc, char** argv) {
  using namespace candor::cli;
  CLI::App app{
      "candor audits language models for political censorship and for answers that change with\n"
      "whose politics a question touches."};
  app.set_version_flag("--version",
                       fmt::format("candor {} (llama.cpp {})", candor::candor_version(),
                                   candor::llama_commit()));
  app.require_subcommand(1);
  app.footer("Run 'candor COMMAND --help' for a command's options and an example.");
  Action action;
  add_generate(app, action);
  add_dev(app, action);
  add_probes(app, action);
  add_run(app, action);
  add_runs(app, action);
  add_judge(app, action);
  add_report(app, action);
  add_check(app, action);
  add_compare(app, action);
  add_demo(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string where;
    for (const CLI::App* sub = &app; sub;) {
      const auto subs = sub->get_subcommands();
      if (subs.empty()) break;
      sub = subs.front();
      where += " " + sub->get_name();
    }
    fmt::print(stderr, "candor{}: {} (see 'candor{} --help')\n", where, e.what(), where);
    return kExitInput;
  }
  if (!action) return input_error("no command given; see 'candor --help'");
  // Past a file size limit (RLIMIT_FSIZE) a write then fails with EFBIG, which the database and
  // file writers report like a full disk, instead of the signal ending the process.
  std::signal(SIGXFSZ, SIG_IGN);
  return action();
}
