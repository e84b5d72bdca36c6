// What `candor report`, `check` and `compare` share: opening the database and the suite, and
// reading judged answers as observations.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "analysis/analysis.h"
#include "base/result.h"
#include "probes/probes.h"

namespace candor::cli {

struct AuditSource {
  std::string db;
  std::vector<std::string> runs;  // empty: every run in the database
  std::string judge = "offline";
  std::vector<std::string> suites;
  bool no_bundled = false;
};

struct AuditData {
  Suite suite;
  std::vector<std::string> runs;  // the runs read, in order
  std::vector<Observation> observations;
  int64_t unjudged = 0;
};

// Fails with a one-line message (missing database, unknown run, probe not in the suite).
Result<AuditData> load_audit(const AuditSource& source, bool texts, bool label_targets_by_run);

// Adds --db, --run, --judge, --suite and --no-bundled to `cmd`.
void add_audit_options(CLI::App* cmd, AuditSource& source, bool run_required);

}  // namespace candor::cli
