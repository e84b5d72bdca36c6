// A llama-server child process for tests: started on a free loopback port, up once /health
// answers 200, killed with the test (PR_SET_PDEATHSIG) or when the object goes away.
// Header-only; needs libcurl and LLAMA_SERVER_BIN (the built llama-server) defined.
#pragma once

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace candor::test {

namespace fs = std::filesystem;

inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// A plain HTTP exchange for the test's own questions to the server: status and body
// (status 0 when no connection could be made). A POST when `body` is given.
inline std::pair<long, std::string> http(const std::string& url, const std::string* body = nullptr) {
  std::string out;
  long status = 0;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (body) curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->c_str());
  curl_easy_setopt(
      c, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* u) {
        static_cast<std::string*>(u)->append(p, s * n);
        return s * n;
      });
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  return {status, out};
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A llama-server child process serving one model on 127.0.0.1.
class LlamaServer {
 public:
  // Extra arguments (e.g. {"--temp", "0"}) go after the fixed ones.
  bool start(const fs::path& model, const fs::path& log, int parallel,
             const std::vector<std::string>& extra = {}) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      port_ = free_port();
      log_ = log;
      pid_ = fork();
      if (pid_ == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(out, 2);
        const std::string port = std::to_string(port_), np = std::to_string(parallel);
        std::vector<std::string> args = {LLAMA_SERVER_BIN, "-m", model.string(), "--host",
                                         "127.0.0.1", "--port", port, "--parallel", np,
                                         "-c", "4096", "-t", "2", "--no-webui", "--no-warmup"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(LLAMA_SERVER_BIN, argv.data());
        _exit(127);
      }
      // Up when /health answers 200 (the model is loaded); gone if the process exited.
      for (int i = 0; i < 600; ++i) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = -1;
          break;
        }
        if (http("http://127.0.0.1:" + std::to_string(port_) + "/health").first == 200) {
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      stop();
    }
    return false;
  }
  void stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  ~LlamaServer() { stop(); }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  std::string log() const { return read_file(log_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  fs::path log_;
};

}  // namespace candor::test
