#!/usr/bin/env bash
# End to end on the audit `candor demo` makes: bench/e2e.sh with BENCH_E2E_MODEL=organism (the
# bundled organism, every probe, answers ending where the model stops).
#   bench/e2e-organism.sh [BUILD_DIR]
BENCH_E2E_MODEL=organism exec "$(dirname "$0")/e2e.sh" "$@"
