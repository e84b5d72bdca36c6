// SQLite storage of runs, answers and verdicts.
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/statvfs.h>

#include <chrono>
#include <filesystem>

#include "run/run.h"

namespace candor {
namespace {

// Each entry migrates the schema from version i to i+1. Never edit a shipped entry: append.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE runs (
  name TEXT PRIMARY KEY,
  config TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE answers (
  run TEXT NOT NULL,
  target TEXT NOT NULL,
  probe_id TEXT NOT NULL,
  sample INTEGER NOT NULL,
  prompt_sent TEXT NOT NULL,
  answer TEXT NOT NULL,
  reasoning TEXT NOT NULL,
  reasoning_state TEXT NOT NULL,
  finish_reason TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  attempts INTEGER NOT NULL,
  error_class TEXT NOT NULL,
  error_message TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  PRIMARY KEY (run, target, probe_id, sample)
) WITHOUT ROWID;
CREATE TABLE verdicts (
  run TEXT NOT NULL,
  target TEXT NOT NULL,
  probe_id TEXT NOT NULL,
  sample INTEGER NOT NULL,
  judge TEXT NOT NULL,
  verdict TEXT NOT NULL,
  confidence REAL NOT NULL,
  reasons TEXT NOT NULL,
  facts_found INTEGER NOT NULL,
  facts_total INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (run, target, probe_id, sample, judge)
) WITHOUT ROWID;
)sql",
};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);
static_assert(kMigrationCount == Store::kSchemaVersion);

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return rc_ == SQLITE_OK; }
  Stmt& bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Stmt& bind(int i, int v) { return bind(i, static_cast<int64_t>(v)); }
  Stmt& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  int step() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  int64_t i64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double f64(int col) const { return sqlite3_column_double(stmt_, col); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

// Why writing the database at `path` failed, when it can be seen: no space left on its file
// system, or a file size limit (RLIMIT_FSIZE, `ulimit -f`) that it or its WAL has reached. SQLite
// reports both as a plain write error (and errno is gone by then).
std::string full_disk_cause(const std::string& path) {
  std::error_code ec;
  const auto dir = std::filesystem::absolute(path, ec).parent_path();
  struct statvfs fs {};
  if (!ec && statvfs(dir.c_str(), &fs) == 0 &&
      static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < (uint64_t{1} << 20)) {
    return "no space left on the disk";
  }
  rlimit limit{};
  if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    for (const std::string& file : {path + "-wal", path + "-journal", path}) {
      const auto size = std::filesystem::file_size(file, ec);
      // Within a few pages of the limit: the next page did not fit.
      if (!ec && size + (uint64_t{64} << 10) >= limit.rlim_cur) {
        return fmt::format("{} reached the file size limit ({} bytes, ulimit -f)",
                           std::filesystem::path(file).filename().string(), limit.rlim_cur);
      }
    }
  }
  return "";
}

}  // namespace

struct Store::Db {
  sqlite3* db = nullptr;
  ~Db() {
    if (db) sqlite3_close_v2(db);
  }
  Error error(const std::string& path, const std::string& what) const {
    const int code = sqlite3_errcode(db);
    if (code == SQLITE_NOTADB) return Error{fmt::format("{}: not a candor database (not SQLite)", path)};
    const int ext = sqlite3_extended_errcode(db);
    if (code == SQLITE_FULL || ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC ||
        ext == SQLITE_IOERR_TRUNCATE) {
      const std::string cause = full_disk_cause(path);
      return Error{
          fmt::format("{}: {}: {}; what is stored is intact: make room and re-run the "
                      "same command",
                      path, what, cause.empty() ? "cannot write (is the disk full?)" : cause)};
    }
    return Error{fmt::format("{}: {}: {}", path, what, sqlite3_errmsg(db))};
  }
  bool exec(const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
};

Store::Store(std::string path, std::unique_ptr<Db> db) : path_(std::move(path)), db_(std::move(db)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const std::string& path, bool create) {
  std::error_code ec;
  if (!create && !std::filesystem::exists(path, ec)) {
    return Error{fmt::format("{}: no such database", path)};
  }
  auto db = std::make_unique<Db>();
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db->db, flags, nullptr) != SQLITE_OK) {
    return Error{fmt::format("{}: cannot open the database: {}", path,
                             db->db ? sqlite3_errmsg(db->db) : "out of memory")};
  }
  sqlite3_busy_timeout(db->db, 30000);
  // WAL: readers (judge, report) work while a run writes; NORMAL sync is crash-safe in WAL
  // (a power loss may drop the last transactions, never corrupt).
  if (!db->exec("PRAGMA journal_mode=WAL") || !db->exec("PRAGMA synchronous=NORMAL")) {
    return db->error(path, "cannot configure the database");
  }
  int version = 0;
  {
    Stmt st(db->db, "PRAGMA user_version");
    if (!st.ok() || st.step() != SQLITE_ROW) return db->error(path, "cannot read the schema version");
    version = static_cast<int>(st.i64(0));
  }
  if (version > kSchemaVersion) {
    return Error{fmt::format(
        "{}: the database has schema version {}, newer than this candor supports ({}); use a "
        "newer candor",
        path, version, kSchemaVersion)};
  }
  if (version == 0) {
    // A database of another program must not be migrated into ours.
    Stmt st(db->db, "SELECT count(*) FROM sqlite_master");
    if (!st.ok() || st.step() != SQLITE_ROW) return db->error(path, "cannot read the schema");
    if (st.i64(0) != 0) return Error{fmt::format("{}: an SQLite database, but not candor's", path)};
  }
  for (int v = version; v < kSchemaVersion; ++v) {
    const std::string sql = fmt::format("BEGIN IMMEDIATE; {} PRAGMA user_version = {}; COMMIT;",
                                        kMigrations[v], v + 1);
    if (!db->exec(sql.c_str())) {
      Error e = db->error(path, fmt::format("migration to schema version {} failed", v + 1));
      db->exec("ROLLBACK");
      return e;
    }
  }
  return std::unique_ptr<Store>(new Store(path, std::move(db)));
}

Status Store::begin_run(const RunConfig& config) {
  auto existing = run_info(config.name);
  if (existing.ok()) {
    const std::string diff = existing->config.difference(config);
    if (!diff.empty()) {
      return Error{fmt::format(
          "run '{}' already exists in {} with another configuration ({}); resume it with the same "
          "options or choose another --run name",
          config.name, path_, diff)};
    }
    return {};
  }
  Stmt st(db_->db, "INSERT INTO runs(name, config, created_at) VALUES (?, ?, ?)");
  if (!st.ok()) return db_->error(path_, "cannot create the run");
  st.bind(1, config.name).bind(2, config.to_json()).bind(3, now_ms());
  if (st.step() != SQLITE_DONE) return db_->error(path_, "cannot create the run");
  return {};
}

Result<RunInfo> Store::run_info(const std::string& name) {
  Stmt st(db_->db,
          "SELECT r.config, r.created_at, "
          "(SELECT count(*) FROM answers a WHERE a.run = r.name), "
          "(SELECT count(*) FROM answers a WHERE a.run = r.name AND a.error_class <> '') "
          "FROM runs r WHERE r.name = ?");
  if (!st.ok()) return db_->error(path_, "cannot read runs");
  st.bind(1, name);
  const int rc = st.step();
  if (rc == SQLITE_DONE) return Error{fmt::format("{}: no run named '{}'", path_, name)};
  if (rc != SQLITE_ROW) return db_->error(path_, "cannot read runs");
  auto config = RunConfig::from_json(st.text(0));
  if (!config) return Error{fmt::format("{}: run '{}': {}", path_, name, config.error().message)};
  RunInfo info;
  info.name = name;
  info.config = std::move(config.value());
  info.created_at_ms = st.i64(1);
  info.answers = st.i64(2);
  info.errors = st.i64(3);
  return info;
}

Result<std::vector<RunInfo>> Store::list_runs() {
  std::vector<std::string> names;
  {
    Stmt st(db_->db, "SELECT name FROM runs ORDER BY created_at, name");
    if (!st.ok()) return db_->error(path_, "cannot read runs");
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) names.push_back(st.text(0));
    if (rc != SQLITE_DONE) return db_->error(path_, "cannot read runs");
  }
  std::vector<RunInfo> out;
  for (const auto& n : names) {
    auto info = run_info(n);
    if (!info) return info.error();
    out.push_back(std::move(info.value()));
  }
  return out;
}

Result<std::vector<std::string>> Store::finished_keys(const std::string& run,
                                                      const std::string& target) {
  Stmt st(db_->db,
          "SELECT probe_id, sample FROM answers WHERE run = ? AND target = ? AND error_class = ''");
  if (!st.ok()) return db_->error(path_, "cannot read answers");
  st.bind(1, run).bind(2, target);
  std::vector<std::string> keys;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    keys.push_back(fmt::format("{}\x1f{}\x1f{}", target, st.text(0), st.i64(1)));
  }
  if (rc != SQLITE_DONE) return db_->error(path_, "cannot read answers");
  return keys;
}

Status Store::write_answers(const std::vector<AnswerRow>& rows) {
  if (rows.empty()) return {};
  if (!db_->exec("BEGIN IMMEDIATE")) return db_->error(path_, "cannot begin a transaction");
  Stmt st(db_->db,
          "INSERT OR REPLACE INTO answers(run, target, probe_id, sample, prompt_sent, answer, "
          "reasoning, reasoning_state, finish_reason, prompt_tokens, completion_tokens, "
          "latency_ms, attempts, error_class, error_message, started_at, finished_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  // A row written again (a failed row retried) is a new answer: verdicts of the old one, by any
  // judge, no longer apply and go with it, so that judging again judges the new answer.
  Stmt stale(db_->db,
             "DELETE FROM verdicts WHERE run = ? AND target = ? AND probe_id = ? AND sample = ?");
  if (!st.ok() || !stale.ok()) {
    Error e = db_->error(path_, "cannot store answers");
    db_->exec("ROLLBACK");
    return e;
  }
  for (const auto& r : rows) {
    stale.bind(1, r.run).bind(2, r.target).bind(3, r.probe_id).bind(4, r.sample);
    if (stale.step() != SQLITE_DONE) {
      Error e = db_->error(path_, "cannot store answers");
      db_->exec("ROLLBACK");
      return e;
    }
    stale.reset();
    const Completion& c = r.completion;
    st.bind(1, r.run).bind(2, r.target).bind(3, r.probe_id).bind(4, r.sample);
    st.bind(5, c.prompt_sent).bind(6, c.answer).bind(7, c.reasoning);
    st.bind(8, std::string(to_string(c.reasoning_state))).bind(9, c.finish_reason);
    st.bind(10, c.prompt_tokens).bind(11, c.completion_tokens).bind(12, c.latency_ms);
    st.bind(13, c.attempts).bind(14, c.error_class).bind(15, c.error_message);
    st.bind(16, r.started_at_ms).bind(17, r.finished_at_ms);
    if (st.step() != SQLITE_DONE) {
      Error e = db_->error(path_, "cannot store answers");
      db_->exec("ROLLBACK");
      return e;
    }
    st.reset();
  }
  if (!db_->exec("COMMIT")) {
    Error e = db_->error(path_, "cannot commit answers");
    db_->exec("ROLLBACK");
    return e;
  }
  return {};
}

namespace {

constexpr const char* kAnswerColumns =
    "a.run, a.target, a.probe_id, a.sample, a.prompt_sent, a.answer, a.reasoning, "
    "a.reasoning_state, a.finish_reason, a.prompt_tokens, a.completion_tokens, a.latency_ms, "
    "a.attempts, a.error_class, a.error_message, a.started_at, a.finished_at";

AnswerRow read_answer(const Stmt& st) {
  AnswerRow r;
  r.run = st.text(0);
  r.target = st.text(1);
  r.probe_id = st.text(2);
  r.sample = static_cast<int>(st.i64(3));
  Completion& c = r.completion;
  c.prompt_sent = st.text(4);
  c.answer = st.text(5);
  c.reasoning = st.text(6);
  const std::string rs = st.text(7);
  c.reasoning_state = rs == "present" ? Reasoning::present
                      : rs == "empty" ? Reasoning::empty
                                      : Reasoning::none;
  c.finish_reason = st.text(8);
  c.prompt_tokens = static_cast<int>(st.i64(9));
  c.completion_tokens = static_cast<int>(st.i64(10));
  c.latency_ms = st.f64(11);
  c.attempts = static_cast<int>(st.i64(12));
  c.error_class = st.text(13);
  c.error_message = st.text(14);
  r.started_at_ms = st.i64(15);
  r.finished_at_ms = st.i64(16);
  return r;
}

}  // namespace

Status Store::for_each_answer(const std::string& run,
                              const std::function<bool(const AnswerRow&)>& fn) {
  const std::string sql = fmt::format(
      "SELECT {} FROM answers a WHERE a.run = ? ORDER BY a.target, a.probe_id, a.sample",
      kAnswerColumns);
  Stmt st(db_->db, sql.c_str());
  if (!st.ok()) return db_->error(path_, "cannot read answers");
  st.bind(1, run);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    if (!fn(read_answer(st))) return {};
  }
  if (rc != SQLITE_DONE) return db_->error(path_, "cannot read answers");
  return {};
}

Status Store::for_each_unjudged(const std::string& run, const std::string& judge,
                                const std::function<bool(const AnswerRow&)>& fn,
                                const Key* after) {
  const std::string sql = fmt::format(
      "SELECT {} FROM answers a WHERE a.run = ? AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE "
      "v.run = a.run AND v.target = a.target AND v.probe_id = a.probe_id AND v.sample = a.sample "
      "AND v.judge = ?){} ORDER BY a.target, a.probe_id, a.sample",
      kAnswerColumns, after ? " AND (a.target, a.probe_id, a.sample) > (?, ?, ?)" : "");
  Stmt st(db_->db, sql.c_str());
  if (!st.ok()) return db_->error(path_, "cannot read answers");
  st.bind(1, run).bind(2, judge);
  if (after) st.bind(3, after->target).bind(4, after->probe_id).bind(5, after->sample);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    if (!fn(read_answer(st))) return {};
  }
  if (rc != SQLITE_DONE) return db_->error(path_, "cannot read answers");
  return {};
}

Status Store::write_verdicts(const std::vector<VerdictRow>& rows) {
  if (rows.empty()) return {};
  if (!db_->exec("BEGIN IMMEDIATE")) return db_->error(path_, "cannot begin a transaction");
  Stmt st(db_->db,
          "INSERT OR REPLACE INTO verdicts(run, target, probe_id, sample, judge, verdict, "
          "confidence, reasons, facts_found, facts_total, created_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  const int64_t now = now_ms();
  for (const auto& r : rows) {
    st.bind(1, r.run).bind(2, r.target).bind(3, r.probe_id).bind(4, r.sample).bind(5, r.judge);
    st.bind(6, r.verdict).bind(7, r.confidence).bind(8, r.reasons_json);
    st.bind(9, r.facts_found).bind(10, r.facts_total).bind(11, now);
    if (!st.ok() || st.step() != SQLITE_DONE) {
      Error e = db_->error(path_, "cannot store verdicts");
      db_->exec("ROLLBACK");
      return e;
    }
    st.reset();
  }
  if (!db_->exec("COMMIT")) {
    Error e = db_->error(path_, "cannot commit verdicts");
    db_->exec("ROLLBACK");
    return e;
  }
  return {};
}

Status Store::for_each_verdict(const std::string& run, const std::string& judge,
                               const std::function<bool(const VerdictRow&)>& fn) {
  Stmt st(db_->db,
          "SELECT run, target, probe_id, sample, judge, verdict, confidence, reasons, "
          "facts_found, facts_total FROM verdicts WHERE run = ? AND judge = ? "
          "ORDER BY target, probe_id, sample");
  if (!st.ok()) return db_->error(path_, "cannot read verdicts");
  st.bind(1, run).bind(2, judge);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    VerdictRow v;
    v.run = st.text(0);
    v.target = st.text(1);
    v.probe_id = st.text(2);
    v.sample = static_cast<int>(st.i64(3));
    v.judge = st.text(4);
    v.verdict = st.text(5);
    v.confidence = st.f64(6);
    v.reasons_json = st.text(7);
    v.facts_found = static_cast<int>(st.i64(8));
    v.facts_total = static_cast<int>(st.i64(9));
    if (!fn(v)) return {};
  }
  if (rc != SQLITE_DONE) return db_->error(path_, "cannot read verdicts");
  return {};
}

}  // namespace candor
