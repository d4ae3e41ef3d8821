#!/usr/bin/env bash
# Profiles Casebook on the two transitive-closure workloads (see bench/README.md, "Profile").
#
#   bench/profile.sh [--casebook PATH] [--perf]
#
# callgrind (instruction counts, repeatable run to run) on reduced sizes: a chain of 400 nodes
# and a random graph of 500 nodes / 1,000 edges. With --perf, also perf's time samples on the
# full sizes. Prints the top functions, demangled, exclusive and inclusive.
#
# Valgrind 3.19 (Debian 12) cannot read the DWARF 5 that Swift 6 emits, and gives up on the
# binary; so this profiles a copy with the debug sections stripped (function names stay, file
# and line go). For file:line, build with DWARF 4 instead:
#   swift build -c release --scratch-path .build-prof -Xswiftc -dwarf-version=4 -Xcc -gdwarf-4
# and pass --casebook .build-prof/release/casebook (then --dump-instr works with callgrind_annotate --auto=yes).
set -euo pipefail
cd "$(dirname "$0")/.."

CASEBOOK=""
PERF=0
while [ $# -gt 0 ]; do
  case "$1" in
    --casebook) CASEBOOK="$2"; shift 2 ;;
    --perf) PERF=1; shift ;;
    *) echo "usage: bench/profile.sh [--casebook PATH] [--perf]" >&2; exit 2 ;;
  esac
done
if [ -z "$CASEBOOK" ]; then
  for d in .build-bench/release .build/release; do
    if [ -x "$d/casebook" ]; then CASEBOOK="$d/casebook"; break; fi
  done
fi
[ -n "$CASEBOOK" ] || { echo "profile.sh: no release binary; run swift build -c release --scratch-path .build-bench" >&2; exit 2; }
CASEBOOK=$(realpath "$CASEBOOK")
command -v valgrind >/dev/null || { echo "profile.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 2; }

OUT=bench/.work/profile
mkdir -p "$OUT"
python3 bench/generate.py "$OUT" --only tc_chain,tc_random --chain 400 --graph-nodes 500 --graph-edges 1000

BIN="$OUT/casebook"
probe=$(valgrind --tool=none "$CASEBOOK" --help 2>&1 || true)
if [[ "$probe" == *"debuginfo reader"* ]]; then
  echo "profile.sh: valgrind cannot read this binary's debug info (DWARF 5); profiling a stripped copy" >&2
  objcopy --strip-debug "$CASEBOOK" "$BIN"
else
  cp "$CASEBOOK" "$BIN"
fi
demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }

for w in tc_chain tc_random; do
  (cd "$OUT" && valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="callgrind.$w.out" \
     ./casebook run --format count "$w.cb" 2>&1 | grep -E '^[0-9]+$|refs' || true)
  echo "=== $w: exclusive (self) instructions"
  callgrind_annotate --inclusive=no "$OUT/callgrind.$w.out" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '2,26p' | demangle | cut -c1-170
  echo "=== $w: inclusive instructions"
  callgrind_annotate --inclusive=yes "$OUT/callgrind.$w.out" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '2,40p' | demangle | cut -c1-170
done

if [ "$PERF" = 1 ]; then
  command -v perf >/dev/null || { echo "profile.sh: perf is missing" >&2; exit 2; }
  FULL=bench/.work/profile-full
  python3 bench/generate.py "$FULL" --only tc_chain,tc_random
  for w in tc_chain tc_random; do
    (cd "$FULL" && perf record -q -F 1000 -g -o "../profile/perf.$w.data" "$CASEBOOK" run --format count "$w.cb")
    echo "=== $w (full size): perf samples, self"
    perf report -i "$OUT/perf.$w.data" --no-children --stdio --sort dso,symbol -g none 2>/dev/null | grep -v "^#" | grep "%" | sed -n 1,25p | demangle | cut -c1-150
    echo "=== $w (full size): perf samples, with callees"
    perf report -i "$OUT/perf.$w.data" --children --stdio --sort symbol -g none 2>/dev/null | grep -v "^#" | grep "%" | sed -n 1,35p | demangle | cut -c1-150
  done
fi
