#!/usr/bin/env bash
# Installs the benchmark peers when they are missing: SWI-Prolog, SQLite's shell and
# hyperfine from Debian; clingo and duckdb (Python packages) from PyPI. Like .ci/setup:
# installs as root (or with password-less sudo), otherwise prints the commands to run.
# Safe to run again. Not needed for `bench/run.sh --small`, which skips missing peers.
set -euo pipefail

PYTHON="${PYTHON:-python3}"

apt_missing=()
for pkg in swi-prolog-nox sqlite3 hyperfine time; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    apt_missing+=("$pkg")
  fi
done

pip_missing=()
for mod in clingo duckdb; do
  if ! "$PYTHON" -c "import $mod" 2>/dev/null; then
    pip_missing+=("$mod")
  fi
done

if [ ${#apt_missing[@]} -eq 0 ] && [ ${#pip_missing[@]} -eq 0 ]; then
  echo "bench setup: all peers present" >&2
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  SUDO=(sudo)
else
  echo "bench setup: missing ${apt_missing[*]} ${pip_missing[*]}. Install them with:" >&2
  [ ${#apt_missing[@]} -gt 0 ] && echo "    sudo apt-get install ${apt_missing[*]}" >&2
  [ ${#pip_missing[@]} -gt 0 ] && echo "    $PYTHON -m pip install ${pip_missing[*]}" >&2
  exit 1
fi

if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "bench setup: installing ${apt_missing[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq >/dev/null || true
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

if [ ${#pip_missing[@]} -gt 0 ]; then
  echo "bench setup: installing ${pip_missing[*]} with pip ..." >&2
  # Debian's own python refuses system-wide pip installs (PEP 668) unless told otherwise.
  if "$PYTHON" -m pip install --help 2>/dev/null | grep -q -- --break-system-packages; then
    "${SUDO[@]}" "$PYTHON" -m pip install -q --break-system-packages "${pip_missing[@]}"
  else
    "${SUDO[@]}" "$PYTHON" -m pip install -q "${pip_missing[@]}"
  fi
fi
echo "bench setup: done" >&2
