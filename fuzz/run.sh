#!/usr/bin/env bash
# Builds the libFuzzer target over CasebookKit and runs it for a while.
#   fuzz/run.sh [SECONDS [SEED_DIR ...]]   (default 60 s; FUZZ_MAX_LEN=BYTES for inputs longer
#   than 4096; SEED_DIRs are read for more starting inputs, such as news articles, and not written)
# Crashes are written to fuzz/crashes/; new interesting inputs grow fuzz/corpus-work/ (not
# committed). Each crash found should become a regression test in Tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
mkdir -p .build-fuzz fuzz/crashes fuzz/corpus-work
sources=$(find Sources/CasebookKit -name '*.swift' | sort)
if [ ! -x .build-fuzz/casebook-fuzz ] || [ -n "$(find Sources/CasebookKit fuzz/FuzzEntry.swift -newer .build-fuzz/casebook-fuzz -name '*.swift' | head -1)" ]; then
  echo "building the fuzz target ..." >&2
  # Build from a snapshot so that editing the sources meanwhile cannot spoil the build.
  rm -rf .build-fuzz/src && mkdir -p .build-fuzz/src
  for f in $sources fuzz/FuzzEntry.swift; do cp "$f" ".build-fuzz/src/$(echo "$f" | tr / _)"; done
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name CasebookKit -swift-version 5 -I Sources/CMemory/include \
    .build-fuzz/src/*.swift -o .build-fuzz/casebook-fuzz
fi
cp -n fuzz/corpus/* fuzz/corpus-work/ 2>/dev/null || true
for f in Tests/Conformance/programs/*.cb samples/*/*.cb samples/*/*.md Tests/Fixtures/*; do
  cp -n "$f" fuzz/corpus-work/ 2>/dev/null || true
done
# Leaks at exit (see RELIABILITY.md) are reported by LeakSanitizer, not libFuzzer: turn both off
# so that a crash is what this reports. A unit may take 30 s: a 32 KB input is also read as a
# document, which can take half a second in a release build and twenty-five times that here.
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" .build-fuzz/casebook-fuzz -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -max_len="${FUZZ_MAX_LEN:-4096}" \
  -detect_leaks=0 -artifact_prefix=fuzz/crashes/ fuzz/corpus-work "$@"
