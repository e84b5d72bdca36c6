#include "support/fault_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

namespace candor::fault {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Directive {
  std::string kind = "ok";
  std::map<std::string, std::string> args;
  std::string text = "ok";

  bool has(const std::string& key) const { return args.count(key) > 0; }
  std::string get(const std::string& key, const std::string& fallback = "") const {
    auto it = args.find(key);
    return it == args.end() ? fallback : it->second;
  }
  int get_int(const std::string& key, int fallback) const {
    try {
      return has(key) ? std::stoi(get(key)) : fallback;
    } catch (...) {
      return fallback;
    }
  }
  bool applies(int attempt) const { return !has("times") || attempt <= get_int("times", 0); }
  bool is_modifier() const { return kind == "hold" || kind == "delay"; }
};

Directive parse_directive(std::string_view text) {
  Directive d;
  d.text = std::string(text);
  d.kind.clear();
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(i, end - i);
    i = end;
    if (word.empty()) continue;
    if (d.kind.empty()) {
      d.kind = std::string(word);
      continue;
    }
    const size_t eq = word.find('=');
    if (eq == std::string_view::npos) {
      d.args[std::string(word)] = "1";
    } else {
      d.args[std::string(word.substr(0, eq))] = std::string(word.substr(eq + 1));
    }
  }
  if (d.kind.empty()) d.kind = "ok";
  return d;
}

std::vector<Directive> parse_directives(std::string_view prompt) {
  std::vector<Directive> out;
  size_t at = 0;
  while ((at = prompt.find("[[", at)) != std::string_view::npos) {
    const size_t end = prompt.find("]]", at + 2);
    if (end == std::string_view::npos) break;
    out.push_back(parse_directive(prompt.substr(at + 2, end - at - 2)));
    at = end + 2;
  }
  return out;
}

}  // namespace

// One accepted connection: a socket, wrapped in TLS when the server has a certificate.
struct FaultServer::Link {
  int fd = -1;
  SSL* ssl = nullptr;

  // Reads what is there (blocking until something is); 0 at end of stream, <0 on error.
  ssize_t read(char* buf, size_t n) {
    if (ssl) return SSL_read(ssl, buf, static_cast<int>(std::min<size_t>(n, 1 << 30)));
    while (true) {
      const ssize_t got = ::recv(fd, buf, n, 0);
      if (got < 0 && errno == EINTR) continue;
      return got;
    }
  }
};

namespace {

bool send_all(FaultServer::Link& link, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = 0;
    if (link.ssl) {
      n = SSL_write(link.ssl, data.data(),
                    static_cast<int>(std::min<size_t>(data.size(), 1 << 20)));
    } else {
      n = ::send(link.fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
    }
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

std::string head(int status, std::string_view content_type, size_t content_length,
                 std::string_view extra = "") {
  return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}\r\n", status,
                     reason_phrase(status), content_type, content_length, extra);
}

std::string response(int status, std::string_view content_type, std::string_view body,
                     std::string_view extra = "") {
  return head(status, content_type, body.size(), extra) + std::string(body);
}

std::string http_date(std::chrono::system_clock::time_point t) {
  const time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

int count_words(std::string_view s) {
  int n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// Pieces of at most `n` bytes, never splitting a UTF-8 sequence.
std::vector<std::string> utf8_pieces(const std::string& s, size_t n) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t end = std::min(s.size(), i + n);
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
    out.push_back(s.substr(i, end - i));
    i = end;
  }
  return out;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string chunk(std::string_view data) {
  return fmt::format("{:x}\r\n{}\r\n", data.size(), data);
}

// The bytes a hex string spells ("3c00ff" -> "<", NUL, 0xFF); odd or bad digits are skipped.
std::string from_hex(std::string_view hex) {
  auto digit = [](char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
  };
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi >= 0 && lo >= 0) out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

// The inside of a JSON string holding `bytes`, escaping only what JSON requires ('"', '\\',
// control bytes): bytes that are not UTF-8 stay as they are.
std::string raw_json_text(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += fmt::format("\\u{:04x}", u);
    } else {
      out += c;
    }
  }
  return out;
}

// Stands in for an `answer hex=` text inside JSON built by nlohmann, then is replaced by the raw
// bytes (nlohmann would turn invalid UTF-8 into U+FFFD).
constexpr std::string_view kRawMarker = "@@fault-server-raw-answer@@";

std::string with_raw_answer(std::string text, std::string_view raw) {
  if (const size_t at = text.find(kRawMarker); at != std::string::npos) {
    text.replace(at, kRawMarker.size(), raw_json_text(raw));
  }
  return text;
}

std::string sse_event(const json& j, std::string_view raw = "") {
  return chunk("data: " + with_raw_answer(dump(j), raw) + "\n\n");
}

}  // namespace

FaultServer::FaultServer(FaultServerOptions options) : options_(std::move(options)) {}

FaultServer::~FaultServer() {
  stop();
  if (tls_) SSL_CTX_free(tls_);
}

std::string FaultServer::base_url() const {
  return fmt::format("{}://127.0.0.1:{}/v1", options_.tls ? "https" : "http", port_);
}

// A self-signed certificate for CN=localhost, made fresh: no client trusts it unless told to.
static SSL_CTX* make_tls_context() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  bool ok = key && cert && ctx;
  if (ok) {
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    ok = X509_sign(cert, key, EVP_sha256()) > 0 && SSL_CTX_use_certificate(ctx, cert) == 1 &&
         SSL_CTX_use_PrivateKey(ctx, key) == 1;
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!ok && ctx) {
    SSL_CTX_free(ctx);
    ctx = nullptr;
  }
  return ctx;
}

Result<int> FaultServer::start(int port) {
  if (listen_fd_ >= 0) return Error{"the fault server is already running"};
  if (options_.tls && !tls_) {
    tls_ = make_tls_context();
    if (!tls_) return Error{"cannot make a TLS certificate"};
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Error{fmt::format("socket: {}", std::strerror(errno))};
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 256) != 0) {
    const std::string err = std::strerror(errno);
    ::close(fd);
    return Error{fmt::format("cannot listen on 127.0.0.1:{}: {}", port, err)};
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    ::close(fd);
    return Error{fmt::format("pipe: {}", std::strerror(errno))};
  }
  listen_fd_ = fd;
  port_ = ntohs(addr.sin_port);
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  acceptor_ = std::thread([this] { accept_loop(); });
  return port_;
}

void FaultServer::stop() {
  if (listen_fd_ < 0) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  cv_.notify_all();
  const char byte = 1;
  (void)!::write(wake_pipe_[1], &byte, 1);
  acceptor_.join();
  ::close(listen_fd_);
  listen_fd_ = -1;
  ::close(wake_pipe_[0]);
  ::close(wake_pipe_[1]);
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    // Connections accepted after the shutdown above are closed here.
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  cv_.notify_all();
  for (auto& w : workers) w.join();
  std::lock_guard lock(mu_);
  in_flight_ = 0;
}

std::vector<RecordedRequest> FaultServer::requests() const {
  std::lock_guard lock(mu_);
  return records_;
}

int FaultServer::max_concurrent() const {
  std::lock_guard lock(mu_);
  return max_in_flight_;
}

int FaultServer::connections() const {
  std::lock_guard lock(mu_);
  return connections_;
}

void FaultServer::accept_loop() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents) return;
    if (!(fds[0].revents & POLLIN)) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.push_back(fd);
    const int connection = connections_++;
    workers_.emplace_back([this, fd, connection] { serve(fd, connection); });
  }
}

void FaultServer::serve(int fd, int connection) {
  Link link;
  link.fd = fd;
  std::string buf;
  bool keep_alive = true;
  if (tls_) {
    link.ssl = SSL_new(tls_);
    if (!link.ssl || SSL_set_fd(link.ssl, fd) != 1 || SSL_accept(link.ssl) != 1) {
      keep_alive = false;  // a client that rejects the certificate ends here
      ERR_clear_error();
    }
  }
  while (keep_alive) {
    // Read one request: headers, then a Content-Length body.
    size_t end = std::string::npos;
    bool eof = false;
    auto fill = [&]() {
      char tmp[16384];
      const ssize_t n = link.read(tmp, sizeof tmp);
      if (n <= 0) return false;
      buf.append(tmp, static_cast<size_t>(n));
      return true;
    };
    while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
      if (buf.size() > (1u << 20) || !fill()) {
        eof = true;
        break;
      }
    }
    if (eof) break;
    const std::string header_text = buf.substr(0, end + 2);
    buf.erase(0, end + 4);
    size_t content_length = 0;
    bool expect_continue = false;
    {
      std::string lower = header_text;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      const size_t cl = lower.find("\r\ncontent-length:");
      if (cl != std::string::npos)
        content_length = std::strtoul(lower.c_str() + cl + 17, nullptr, 10);
      expect_continue = lower.find("\r\nexpect: 100-continue") != std::string::npos;
    }
    if (expect_continue && !send_all(link, "HTTP/1.1 100 Continue\r\n\r\n")) break;
    while (buf.size() < content_length) {
      if (!fill()) {
        eof = true;
        break;
      }
    }
    if (eof) break;
    std::string body = buf.substr(0, content_length);
    buf.erase(0, content_length);
    // handle() asks for a reset by setting SO_LINGER itself; the close below sends it.
    keep_alive = handle(link, connection, header_text, std::move(body));
  }
  if (link.ssl) SSL_free(link.ssl);  // no close_notify: a reset or cut stays one
  std::lock_guard lock(mu_);
  open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
  ::close(fd);
}

// Serves one request; false when the connection must close afterwards.
bool FaultServer::handle(Link& link, int connection, const std::string& header_text,
                         std::string body) {
  const int fd = link.fd;
  RecordedRequest rec;
  rec.arrived = Clock::now();
  rec.connection = connection;
  {
    const size_t sp1 = header_text.find(' ');
    const size_t sp2 = header_text.find(' ', sp1 + 1);
    rec.method = header_text.substr(0, sp1);
    rec.path = header_text.substr(sp1 + 1, sp2 - sp1 - 1);
    size_t at = header_text.find("\r\n");
    while (at != std::string::npos && at + 2 < header_text.size()) {
      const size_t next = header_text.find("\r\n", at + 2);
      const std::string line = header_text.substr(at + 2, next - at - 2);
      const size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        size_t v = colon + 1;
        while (v < line.size() && line[v] == ' ') ++v;
        rec.headers[name] = line.substr(v);
      }
      at = next;
    }
  }
  bool keep_alive = true;
  if (auto it = rec.headers.find("connection"); it != rec.headers.end() && it->second == "close") {
    keep_alive = false;
  }
  if (rec.method == "GET" && (rec.path == "/v1/models" || rec.path == "/models")) {
    const json j = {{"object", "list"},
                    {"data", json::array({{{"id", options_.model}, {"object", "model"}}})}};
    return send_all(link, response(200, "application/json", dump(j))) && keep_alive;
  }
  if (rec.method == "GET" && rec.path == "/health") {
    return send_all(link, response(200, "application/json", R"({"status":"ok"})")) && keep_alive;
  }
  if (rec.method != "POST" ||
      (rec.path != "/v1/chat/completions" && rec.path != "/chat/completions")) {
    return send_all(link,
                    response(404, "application/json", R"({"error":{"message":"not found"}})")) &&
           keep_alive;
  }

  const json req = json::parse(body, nullptr, false);
  std::string model = "fault-model";
  int prompt_words = 0;
  if (req.is_object()) {
    if (auto m = req.find("model"); m != req.end() && m->is_string()) model = m->get<std::string>();
    if (auto s = req.find("stream"); s != req.end() && s->is_boolean()) rec.stream = s->get<bool>();
    if (auto msgs = req.find("messages"); msgs != req.end() && msgs->is_array()) {
      for (const auto& m : *msgs) {
        if (!m.is_object() || !m.contains("content") || !m["content"].is_string()) continue;
        const std::string& content = m["content"].get_ref<const std::string&>();
        prompt_words += count_words(content);
        if (m.value("role", "") == "user") rec.prompt = content;
      }
    }
  }
  rec.body = std::move(body);

  std::vector<Directive> directives;
  {
    std::unique_lock lock(mu_);
    rec.index = requests_++;
    rec.attempt = ++attempts_[rec.prompt];
    ++in_flight_;
    max_in_flight_ = std::max(max_in_flight_, in_flight_);
    if (static_cast<size_t>(rec.index) < options_.sequence.size()) {
      directives.push_back(parse_directive(options_.sequence[static_cast<size_t>(rec.index)]));
    } else {
      directives = parse_directives(rec.prompt);
    }
  }
  cv_.notify_all();

  Directive chosen;
  for (const auto& d : directives) {
    if (!d.applies(rec.attempt)) continue;
    if (d.kind == "hold") {
      const int n = d.get_int("n", 2);
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(d.get_int("max_ms", 3000)),
                   [&] { return stopping_ || in_flight_ >= n; });
    } else if (d.kind == "delay") {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(d.get_int("ms", 100)),
                   [&] { return stopping_; });
    } else if (chosen.text == "ok") {
      chosen = d;
    }
  }
  rec.behaviour = chosen.text;
  {
    std::lock_guard lock(mu_);
    --in_flight_;
    rec.responded = Clock::now();
    records_.push_back(rec);
  }
  cv_.notify_all();
  if (options_.on_request) options_.on_request(rec);

  // Waits until the client closes the connection or the server stops (at most a minute).
  auto wait_for_close = [&] {
    const auto until = Clock::now() + std::chrono::minutes(1);
    while (Clock::now() < until) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) > 0) {
        char tmp[512];
        if (link.ssl) {
          if (link.read(tmp, sizeof tmp) <= 0) return;
          continue;
        }
        const ssize_t n = ::recv(fd, tmp, sizeof tmp, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return;
      }
    }
  };

  const std::string& kind = chosen.kind;
  const std::string answer =
      options_.reply ? options_.reply(rec) : fmt::format("{} echo: {}", options_.name, rec.prompt);
  std::string content = answer;
  std::string reasoning_key;
  std::string reasoning_text;
  std::string finish = "stop";
  if (kind == "think") {
    content = fmt::format("<think>\nreasoning about: {}\n</think>\n\n{}", rec.prompt, answer);
  } else if (kind == "empty_think") {
    content = "<think>\n\n</think>\n\n" + answer;
  } else if (kind == "reasoning") {
    reasoning_key = chosen.get("field", "reasoning_content");
    reasoning_text = chosen.has("text") ? chosen.get("text") : "reasoning about: " + rec.prompt;
  } else if (kind == "length") {
    finish = "length";
  } else if (kind == "answer") {
    content = from_hex(chosen.get("hex"));
  }
  const bool is_status = !kind.empty() && std::isdigit(static_cast<unsigned char>(kind[0]));
  if (chosen.has("echo_auth") && !is_status) {
    auto it = rec.headers.find("authorization");
    content += " for credentials " + (it == rec.headers.end() ? "(none)" : it->second);
  }
  // An `answer hex=` text goes into the JSON raw, through kRawMarker.
  const std::string raw = kind == "answer" ? content : "";
  if (kind == "answer") content = std::string(kRawMarker);
  const int completion_words = count_words(content) + count_words(reasoning_text);
  const json usage = {{"prompt_tokens", prompt_words},
                      {"completion_tokens", completion_words},
                      {"total_tokens", prompt_words + completion_words}};

  if (is_status) {
    const int status = std::atoi(kind.c_str());
    std::string message = fmt::format("scripted failure {}", status);
    if (chosen.has("echo_auth")) {
      auto it = rec.headers.find("authorization");
      message += " for credentials " + (it == rec.headers.end() ? "(none)" : it->second);
    }
    std::string extra;
    if (chosen.has("retry_after")) extra += "Retry-After: " + chosen.get("retry_after") + "\r\n";
    if (chosen.has("retry_after_date")) {
      extra += "Retry-After: " +
               http_date(std::chrono::system_clock::now() +
                         std::chrono::seconds(chosen.get_int("retry_after_date", 1))) +
               "\r\n";
    }
    const json err = {{"error", {{"message", message}, {"type", "scripted"}, {"code", status}}}};
    return send_all(link, response(status, "application/json", dump(err), extra)) && keep_alive;
  }
  if (kind == "silent") {
    wait_for_close();
    return false;
  }
  if (kind == "close") return false;
  if (kind == "malformed") {
    return send_all(link, response(200, "application/json",
                                   R"({"id": "x", "choices": [ this is not json)")) &&
           keep_alive;
  }
  if (kind == "wrong_shape") {
    return send_all(link, response(200, "application/json",
                                   R"({"object":"chat.completion","choices":[]})")) &&
           keep_alive;
  }

  json message = {{"role", "assistant"}, {"content", content}};
  if (!reasoning_key.empty()) message[reasoning_key] = reasoning_text;
  const json full = {
      {"id", fmt::format("chatcmpl-{}", rec.index)},
      {"object", "chat.completion"},
      {"created", 0},
      {"model", model},
      {"choices", json::array({{{"index", 0}, {"message", message}, {"finish_reason", finish}}})},
      {"usage", usage}};
  const std::string full_body = with_raw_answer(dump(full), raw);

  if (kind == "truncated_json") {
    return send_all(link,
                    response(200, "application/json", full_body.substr(0, full_body.size() / 2))) &&
           keep_alive;
  }
  if (kind == "cut") {
    send_all(link, head(200, "application/json", full_body.size() + 100) + full_body);
    return false;
  }
  if (kind == "reset") {
    send_all(link, head(200, "application/json", full_body.size()) +
                       full_body.substr(0, full_body.size() / 2));
    // Give the client time to read what was sent, then abort with RST (SO_LINGER 0).
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const linger lg{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    return false;
  }
  if (kind == "stall" && !rec.stream) {
    send_all(link, head(200, "application/json", full_body.size()));
    wait_for_close();
    return false;
  }
  if (!rec.stream)
    return send_all(link, response(200, "application/json", full_body)) && keep_alive;

  // Server-Sent Events, in HTTP/1.1 chunks.
  std::string out =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  auto delta_chunk = [&](const json& delta, const json& reason) {
    return sse_event(
        {{"id", fmt::format("chatcmpl-{}", rec.index)},
         {"object", "chat.completion.chunk"},
         {"created", 0},
         {"model", model},
         {"choices", json::array({{{"index", 0}, {"delta", delta}, {"finish_reason", reason}}})}},
        raw);
  };
  out += delta_chunk({{"role", "assistant"}, {"content", ""}}, nullptr);
  if (kind == "stall") {
    send_all(link, out);
    wait_for_close();
    return false;
  }
  if (!reasoning_key.empty()) {
    if (reasoning_text.empty()) out += delta_chunk({{reasoning_key, ""}}, nullptr);
    for (const auto& piece : utf8_pieces(reasoning_text, 7))
      out += delta_chunk({{reasoning_key, piece}}, nullptr);
  }
  const auto pieces =
      kind == "answer" ? std::vector<std::string>{content} : utf8_pieces(content, 7);
  for (size_t i = 0; i < pieces.size(); ++i) {
    out += delta_chunk({{"content", pieces[i]}}, nullptr);
    if (kind == "sse_cut" && i == pieces.size() / 2) {
      send_all(link, out);
      return false;
    }
  }
  out += delta_chunk(json::object(), finish);
  out += sse_event({{"id", fmt::format("chatcmpl-{}", rec.index)},
                    {"object", "chat.completion.chunk"},
                    {"choices", json::array()},
                    {"usage", usage}});
  out += chunk("data: [DONE]\n\n");
  out += "0\r\n\r\n";
  return send_all(link, out) && keep_alive;
}

RefusingPort::RefusingPort() {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
}

RefusingPort::~RefusingPort() {
  if (fd_ >= 0) ::close(fd_);
}

std::string RefusingPort::base_url() const {
  return fmt::format("http://127.0.0.1:{}/v1", port_);
}

}  // namespace candor::fault
