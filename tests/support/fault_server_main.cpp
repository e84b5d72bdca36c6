// candor-fault-server: the fault-injecting test server as a process, for tests that drive the
// candor binary. Prints the port on the first line of stdout, then serves until SIGTERM/SIGINT.
//
//   candor-fault-server [--port N] [--name NAME] [--sequence 'DIRECTIVE;DIRECTIVE;...']
//                       [--log FILE] [--tls]
//
// --sequence scripts the first requests in arrival order ("503 retry_after=1;ok;close");
// --log appends one JSON line per chat request (index, attempt, behaviour, prompt, times in
// milliseconds since the server started); --tls serves HTTPS with a fresh self-signed certificate.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "support/fault_server.h"

int main(int argc, char** argv) {
  using namespace candor::fault;
  FaultServerOptions options;
  int port = 0;
  std::string log_path;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--port" && has_value) {
      port = std::atoi(argv[++i]);
    } else if (arg == "--name" && has_value) {
      options.name = argv[++i];
    } else if (arg == "--tls") {
      options.tls = true;
    } else if (arg == "--log" && has_value) {
      log_path = argv[++i];
    } else if (arg == "--sequence" && has_value) {
      std::string seq = argv[++i];
      size_t start = 0;
      while (start <= seq.size()) {
        const size_t end = std::min(seq.find(';', start), seq.size());
        options.sequence.push_back(seq.substr(start, end - start));
        start = end + 1;
      }
    } else {
      std::fprintf(stderr, "candor-fault-server: unknown argument '%s'\n", arg.c_str());
      return 2;
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::mutex log_mu;
  std::ofstream log;
  if (!log_path.empty()) {
    log.open(log_path, std::ios::app);
    if (!log) {
      std::fprintf(stderr, "candor-fault-server: cannot write %s\n", log_path.c_str());
      return 2;
    }
    options.on_request = [&](const RecordedRequest& r) {
      auto ms = [&](auto t) { return std::chrono::duration<double, std::milli>(t - t0).count(); };
      nlohmann::json j = {{"index", r.index},
                          {"attempt", r.attempt},
                          {"behaviour", r.behaviour},
                          {"prompt", r.prompt},
                          {"stream", r.stream},
                          {"connection", r.connection},
                          {"arrived_ms", ms(r.arrived)},
                          {"responded_ms", ms(r.responded)}};
      std::lock_guard lock(log_mu);
      log << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << std::flush;
    };
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts
  FaultServer server(options);
  auto started = server.start(port);
  if (!started) {
    std::fprintf(stderr, "candor-fault-server: %s\n", started.error().message.c_str());
    return 2;
  }
  std::printf("%d\n", started.value());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  server.stop();
  return 0;
}
