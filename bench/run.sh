#!/usr/bin/env bash
# Runs the benchmark (see bench/README.md): `bench/run.sh --small` is the quick check CI runs;
# `bench/run.sh` the full sizes. All options go to bench/run.py.
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-python3}" bench/run.py "$@"
