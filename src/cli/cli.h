// The candor command line: one binary, a subcommand per pipeline stage. The CLI only parses
// options and wires the stage libraries together; it holds no audit logic of its own.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>

namespace candor::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitGate = 1;   // a check or gate failed
inline constexpr int kExitInput = 2;  // usage or input error

// What a parsed subcommand runs; it returns the process exit code.
using Action = std::function<int()>;

// Each registers one subcommand (with its own options and a --help that shows an example) on
// `app`, and sets `action` when that subcommand is chosen.
void add_generate(CLI::App& app, Action& action);
void add_dev(CLI::App& app, Action& action);
void add_probes(CLI::App& app, Action& action);
void add_run(CLI::App& app, Action& action);
void add_runs(CLI::App& app, Action& action);
void add_judge(CLI::App& app, Action& action);
void add_report(CLI::App& app, Action& action);
void add_check(CLI::App& app, Action& action);
void add_compare(CLI::App& app, Action& action);
void add_demo(CLI::App& app, Action& action);

// Prints "candor: MESSAGE" on stderr and returns kExitInput.
int input_error(const std::string& message);

// The text of a --chat-template file, or nothing when it cannot be read (the reason, naming the
// file, is then in `error`).
std::optional<std::string> read_chat_template(const std::string& path, std::string& error);

}  // namespace candor::cli
