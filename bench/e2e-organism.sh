#!/usr/bin/env bash
# End to end on the audit `candor demo` makes: bench/e2e.sh with BENCH_E2E_MODEL=organism (the
# bundled organism, every probe, answers ending where the model stops), twice: with one
# llama.cpp thread per process (inference confined to one core, as in the other sections), and
# with every core (the defaults of candor's gguf: target and of llama-server, as deployed;
# promptfoo's own CPU then competes with llama-server for the cores).
#   bench/e2e-organism.sh [BUILD_DIR]
set -euo pipefail
here=$(dirname "$0")
BENCH_E2E_MODEL=organism BENCH_THREADS=1 "$here/e2e.sh" "$@"
echo
BENCH_E2E_MODEL=organism BENCH_THREADS=$(nproc) "$here/e2e.sh" "$@"
