#!/usr/bin/env python3
"""Runs the benchmark: generates the workloads, runs every engine on each, checks that all
agree on the answer counts, and prints Markdown tables.

    python3 bench/run.py [--small] [--runs N] [--casebook PATH] [--only W,...] [--engines E,...]

Each measurement is one whole process (start, load, evaluate, print the count, exit), timed by
wall clock; peak memory is the process's maximum resident set size (getrusage of the child).
The tables show the median of --runs runs. Peers that are not installed are skipped with a
note (bench/setup.sh installs them). Exit status: 0 all agreed, 1 an engine failed or
disagreed, 2 wrong usage.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = sys.executable or "python3"

ENGINES = ["casebook", "swipl", "clingo", "sqlite", "duckdb"]
LABEL = {"casebook": "Casebook", "swipl": "SWI-Prolog", "clingo": "clingo", "sqlite": "SQLite", "duckdb": "DuckDB"}


# ---------------------------------------------------------------------------
# Finding the engines
# ---------------------------------------------------------------------------

def find_casebook(explicit):
    if explicit:
        return os.path.abspath(explicit)
    if os.environ.get("CASEBOOK"):
        return os.path.abspath(os.environ["CASEBOOK"])
    for d in (".build-bench/release", ".build/release", ".build/debug"):
        p = os.path.join(ROOT, d, "casebook")
        if os.access(p, os.X_OK):
            return p
    return None


def py_has(module):
    return subprocess.run([PY, "-c", "import " + module], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def version_of(argv, pattern=r"(\d+\.\d+(\.\d+)?)"):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        m = re.search(pattern, out.stdout + out.stderr)
        return m.group(1) if m else "?"
    except Exception:
        return "?"


def detect(casebook):
    """engine -> (command prefix, version), for the engines present; and notes for the rest."""
    found, notes = {}, []
    found["casebook"] = ([casebook, "run", "--format", "count"], "")
    if shutil.which("swipl"):
        found["swipl"] = (["swipl"], version_of(["swipl", "--version"]))
    else:
        notes.append("SWI-Prolog skipped: `swipl` not found (bench/setup.sh installs swi-prolog-nox)")
    if py_has("clingo"):
        found["clingo"] = ([PY, "-m", "clingo"], version_of([PY, "-c", "import clingo; print(clingo.__version__)"]))
    elif shutil.which("clingo"):
        found["clingo"] = (["clingo"], version_of(["clingo", "--version"]))
    else:
        notes.append("clingo skipped: neither the Python package nor a `clingo` command (bench/setup.sh: pip install clingo)")
    if shutil.which("sqlite3"):
        found["sqlite"] = (["sqlite3", "-batch"], version_of(["sqlite3", "--version"]))
    else:
        notes.append("SQLite skipped: `sqlite3` not found (bench/setup.sh installs it)")
    if py_has("duckdb"):
        found["duckdb"] = ([PY, os.path.join(HERE, "duckdb_run.py")],
                           version_of([PY, "-c", "import duckdb; print(duckdb.__version__)"]))
    else:
        notes.append("DuckDB skipped: the Python package is missing (bench/setup.sh: pip install duckdb)")
    return found, notes


# ---------------------------------------------------------------------------
# Running one process and measuring it
# ---------------------------------------------------------------------------

class Outcome:
    def __init__(self, seconds, cpu, rss_kb, code, out, err, timed_out):
        self.seconds, self.cpu, self.rss_kb, self.code = seconds, cpu, rss_kb, code
        self.out, self.err, self.timed_out = out, err, timed_out


def measure(argv, cwd, timeout, stdin_path=None):
    """Runs argv once: wall seconds, peak RSS (KiB) of the process, exit code, output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(os.path.join(cwd, stdin_path), "rb") if stdin_path else subprocess.DEVNULL
        try:
            t0 = time.perf_counter()
            p = subprocess.Popen(argv, cwd=cwd, stdin=stdin, stdout=out, stderr=err)
            killed = []
            timer = threading.Timer(timeout, lambda: (killed.append(1), p.kill()))
            timer.start()
            _, status, ru = os.wait4(p.pid, 0)
            t1 = time.perf_counter()
            timer.cancel()
            p.returncode = os.waitstatus_to_exitcode(status)
        finally:
            if stdin_path:
                stdin.close()
        out.seek(0)
        err.seek(0)
        return Outcome(t1 - t0, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode, out.read().decode("utf-8", "replace"),
                       err.read().decode("utf-8", "replace"), bool(killed))


def repl_start(argv, timeout=10.0):
    """Seconds from starting the interactive REPL in a pseudo-terminal to its first prompt
    (output ending in '> '), or None. Sends Ctrl-D once the prompt is there."""
    import pty
    import select
    import signal
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the REPL, on the pty
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    buf, seen = b"", None
    try:
        while time.perf_counter() - t0 < timeout:
            r, _, _ = select.select([fd], [], [], 0.2)
            if not r:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            plain = re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", buf)
            if seen is None and re.search(rb">\s*$", plain):
                seen = time.perf_counter() - t0
                os.write(fd, b"\x04")
                break
    finally:
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.01)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    return seen


def command(engine, prefix, w, extra_args=()):
    """argv and stdin file for one engine on workload w (run with cwd = the workload dir)."""
    if engine == "casebook":
        return prefix + list(extra_args) + [w + ".cb"], None
    if engine == "swipl":
        return prefix + [w + ".pl"], None
    if engine == "clingo":
        return prefix + [w + ".lp"], None
    if engine == "sqlite":
        return prefix + [":memory:"], w + ".sqlite.sql"
    if engine == "duckdb":
        return prefix + [w + ".duckdb.sql"], None
    raise ValueError(engine)


def parse_counts(engine, o):
    """The answer counts an engine printed, as a list of ints (one per query)."""
    text = o.out
    if engine == "clingo":
        # clingo exits 10 (SAT), 20 (UNSAT) or 30 (SAT, all models); the answer is cnt(N).
        return [int(m) for m in re.findall(r"\bcnt\((\d+)\)", text)]
    return [int(x) for x in re.findall(r"^\s*(\d+)\s*$", text, flags=re.M)]


def ok_exit(engine, code):
    if engine == "clingo":
        return code in (0, 10, 30)  # the clingo command: 10/30 satisfiable; python -m clingo: 0
    return code == 0


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------

def fmt_s(s):
    if s is None:
        return "–"
    if s < 0.001:
        return "%.0f µs" % (s * 1e6)
    if s < 1:
        return "%.0f ms" % (s * 1000) if s >= 0.0995 else "%.1f ms" % (s * 1000)
    return "%.2f s" % s if s < 10 else "%.1f s" % s


def fmt_mb(kb):
    if kb is None:
        return "–"
    mb = kb / 1024
    return "%.0f MB" % mb if mb >= 10 else "%.1f MB" % mb


def fmt_ratio(x):
    if x is None:
        return ""
    if x < 0.095:
        return "%.2f×" % x
    return "%.1f×" % x if x < 10 else "%.0f×" % x


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--small", action="store_true", help="tiny sizes, one run each: what CI runs")
    p.add_argument("--runs", type=int, help="runs per engine and workload (default 5; 1 with --small)")
    p.add_argument("--casebook", help="the casebook binary (default: $CASEBOOK, else .build-bench/release, "
                   ".build/release, .build/debug; built with swift build -c release if none)")
    p.add_argument("--only", help="comma-separated workloads")
    p.add_argument("--engines", help="comma-separated engines (%s)" % ", ".join(ENGINES))
    p.add_argument("--workdir", help="where to generate (default bench/.work/small or bench/.work/full)")
    p.add_argument("--timeout", type=float, default=300, help="seconds per process (default 300)")
    p.add_argument("--json", help="also write the raw measurements here")
    p.add_argument("--seed", type=int, default=2024)
    a, gen_extra = p.parse_known_args(argv)  # anything else goes to generate.py (sizes)
    runs = a.runs or (1 if a.small else 5)
    if runs < 1:
        p.error("--runs must be at least 1")

    casebook = find_casebook(a.casebook)
    if casebook is None:
        print("run.py: no casebook binary found; building one with swift build -c release ...", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
        casebook = os.path.join(ROOT, ".build", "release", "casebook")
    if not os.access(casebook, os.X_OK):
        print("run.py: %s is not an executable" % casebook, file=sys.stderr)
        return 2

    workdir = os.path.abspath(a.workdir or os.path.join(HERE, ".work", "small" if a.small else "full"))
    gen = [PY, os.path.join(HERE, "generate.py"), workdir, "--seed", str(a.seed)] + (["--small"] if a.small else [])
    if a.only:
        gen += ["--only", a.only]
    gen += gen_extra
    t0 = time.perf_counter()
    r = subprocess.run(gen)
    if r.returncode != 0:
        print("run.py: generate.py failed", file=sys.stderr)
        return 2
    print("run.py: generated in %.1f s into %s" % (time.perf_counter() - t0, workdir), file=sys.stderr)
    with open(os.path.join(workdir, "manifest.json")) as f:
        manifest = json.load(f)

    found, notes = detect(casebook)
    wanted = ENGINES if not a.engines else [e.strip() for e in a.engines.split(",")]
    for e in wanted:
        if e not in ENGINES:
            p.error("unknown engine %r" % e)
    if "casebook" not in wanted:
        wanted = ["casebook"] + wanted  # the reference column
    engines = [e for e in wanted if e in found]

    failures = []
    results = {}  # (workload, engine) -> dict

    def run_many(engine, argv, stdin, cwd, label):
        outs = []
        for i in range(runs):
            o = measure(argv, cwd, a.timeout, stdin)
            outs.append(o)
            if o.timed_out or not ok_exit(engine, o.code):
                break
            if i >= 2 and o.seconds > 10:  # three runs are enough for slow cases
                break
        bad = [o for o in outs if o.timed_out or not ok_exit(engine, o.code)]
        print("  %-9s %-10s %s" % (label, engine, " ".join(fmt_s(o.seconds) for o in outs)), file=sys.stderr)
        return outs, bad

    def run_interleaved(w, plan):
        """Runs every engine once per round, rather than one engine's runs back to back: this
        machine's speed drifts, and a slow spell then slows every engine alike instead of
        whichever happened to be running."""
        outs = {e: [] for e in plan}
        active = list(plan)
        for i in range(runs):
            for e in list(active):
                argv, stdin = plan[e]
                o = measure(argv, workdir, a.timeout, stdin)
                outs[e].append(o)
                if o.timed_out or not ok_exit(e, o.code) or (i >= 2 and o.seconds > 10):
                    active.remove(e)  # failed, or three runs are enough for a slow case
        for e in plan:
            print("  %-9s %-10s %s" % (w, e, " ".join(fmt_s(o.seconds) for o in outs[e])), file=sys.stderr)
        return outs

    for wl in manifest["workloads"]:
        w = wl["name"]
        print("run.py: %s (%s)" % (w, wl["title"]), file=sys.stderr)
        plan = {e: command(e, found[e][0], w, wl.get("casebook_args", []) if e == "casebook" else [])
                for e in engines if e in wl["engines"]}
        all_outs = run_interleaved(w, plan)
        for e in plan:
            argv, stdin = plan[e]
            outs = all_outs[e]
            bad = [o for o in outs if o.timed_out or not ok_exit(e, o.code)]
            res = {"argv": argv, "times": [o.seconds for o in outs], "cpu": [o.cpu for o in outs],
                   "rss_kb": [o.rss_kb for o in outs]}
            if bad:
                o = bad[0]
                res["error"] = "timeout after %g s" % a.timeout if o.timed_out else "exit %d" % o.code
                if not o.timed_out or e == "casebook":
                    failures.append("%s on %s: %s\n%s" % (LABEL[e], w, res["error"], (o.err or o.out)[-2000:]))
            else:
                counts = parse_counts(e, outs[0])
                res["counts"] = counts
                res["answers"] = sum(counts)
                if w == "ice":
                    res["queries"] = len(counts)
                    if len(counts) != wl["queries"]:
                        failures.append("Casebook on ice: %d counts for %d queries" % (len(counts), wl["queries"]))
                elif len(counts) != 1:
                    failures.append("%s on %s: expected one count, got %r\n%s" % (LABEL[e], w, counts, outs[0].err[-2000:]))
                elif wl["answers"] is not None and counts[0] != wl["answers"]:
                    failures.append("%s on %s: %d answers, the reference says %d" % (LABEL[e], w, counts[0], wl["answers"]))
                    res["wrong"] = True
            res["median_s"] = statistics.median(res["times"])
            res["median_cpu_s"] = statistics.median(res["cpu"])
            res["rss_kb_max"] = max(res["rss_kb"])
            results[(w, e)] = res

    # Casebook-only measurements: start time, per-query cost on the ICE case, load cost per fact.
    extra = {}
    cb = found["casebook"][0][0]

    def cb_measure(key, argv, cwd=workdir):
        outs, bad = run_many("casebook", argv, None, cwd, key)
        if bad:
            failures.append("Casebook %s: exit %d\n%s" % (key, bad[0].code, bad[0].err[-2000:]))
            return None
        extra[key] = {"argv": argv, "median_s": statistics.median(o.seconds for o in outs),
                      "rss_kb_max": max(o.rss_kb for o in outs), "out": outs[0].out}
        return extra[key]

    print("run.py: Casebook start and per-query costs", file=sys.stderr)
    cb_measure("start", [cb, "-e", "?- 1 = 1."])
    cb_measure("start_ice", [cb, "--case", "ice-cloud", "-e", "?- kind(ice, K)."])
    try:
        times = [t for t in (repl_start([cb]) for _ in range(runs if runs > 1 else 1)) if t is not None]
        if times:
            extra["repl"] = {"median_s": statistics.median(times)}
            print("  %-9s %-10s %s" % ("repl", "casebook", " ".join(fmt_s(t) for t in times)), file=sys.stderr)
        else:
            print("run.py: the REPL showed no prompt within 10 s; not measured", file=sys.stderr)
    except Exception as ex:  # no pty here: not a benchmark failure
        print("run.py: REPL start not measured (%s)" % ex, file=sys.stderr)
    ice = next((wl for wl in manifest["workloads"] if wl["name"] == "ice"), None)
    if ice:
        cb_measure("ice_repeat", [cb, "run", "--format", "count", "--case", "ice-cloud", "ice_repeat.cb"])

    # A semantic check beyond counts: the grouped aggregate's values, against Python's.
    agg = next((wl for wl in manifest["workloads"] if wl["name"] == "aggregate"), None)
    if agg:
        o = measure([cb, "run", "--format", "csv", "aggregate.cb"], workdir, a.timeout)
        got = set()
        for line in o.out.splitlines()[1:]:
            if line.strip():
                got.add(tuple(int(x) for x in line.split(",")))
        want = set()
        with open(os.path.join(workdir, "aggregate.expected.csv")) as f:
            for line in f:
                want.add(tuple(int(x) for x in line.split(",")))
        if got != want:
            failures.append("Casebook on aggregate: the (K, N, S) rows differ from Python's (%d vs %d rows; e.g. %r)"
                            % (len(got), len(want), sorted(got ^ want)[:3]))

    # Cross-check: every engine that answered agrees with every other (and with the reference).
    for wl in manifest["workloads"]:
        seen = {e: results[(wl["name"], e)]["answers"] for e in engines
                if (wl["name"], e) in results and "answers" in results[(wl["name"], e)]}
        if len(set(seen.values())) > 1:
            failures.append("engines disagree on %s: %s" % (wl["name"], ", ".join("%s %d" % (LABEL[e], n) for e, n in seen.items())))

    # ---- Report ----
    lines = []
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    lines.append("Machine: %s, %d cores (`nproc`), %s; load average at the end %.1f. %s, median of %d run%s."
                 % (cpu or platform.processor(), os.cpu_count(), platform.platform(terse=True), os.getloadavg()[0],
                    "Small sizes" if a.small else "Full sizes", runs, "" if runs == 1 else "s"))
    lines.append("")
    lines.append("Engines: " + ", ".join("%s %s" % (LABEL[e], found[e][1]) if found[e][1] else LABEL[e] for e in engines)
                 + " (Casebook: `%s`)." % (os.path.relpath(cb, ROOT) if cb.startswith(ROOT + os.sep) else cb))
    for n in notes:
        if any(n.startswith(LABEL[e]) for e in wanted):
            lines.append("")
            lines.append("Note: " + n + ".")
    lines.append("")
    lines.append("**Wall time** (whole process; × = the engine's time ÷ Casebook's, so above 1× Casebook is faster)")
    lines.append("")
    lines.append("| workload | answers | " + " | ".join(LABEL[e] for e in engines) + " |")
    lines.append("|---|---:|" + "---:|" * len(engines))
    for wl in manifest["workloads"]:
        w = wl["name"]
        cbres = results.get((w, "casebook"))
        base = cbres["median_s"] if cbres and "error" not in cbres else None
        ans = cbres.get("answers") if cbres else None
        if w == "ice" and cbres and "queries" in cbres:
            ans_s = "%d queries, %s" % (cbres["queries"], f"{ans:,}")
        else:
            ans_s = f"{wl['answers']:,}" if wl["answers"] is not None else "?"
        cells = []
        for e in engines:
            res = results.get((w, e))
            if e not in wl["engines"]:
                cells.append("n/a")
            elif res is None:
                cells.append("–")
            elif "error" in res:
                cells.append("**%s**" % res["error"])
            else:
                c = fmt_s(res["median_s"])
                if res.get("wrong"):
                    c += " **WRONG (%d)**" % res["answers"]
                if e != "casebook" and base:
                    c += " (%s)" % fmt_ratio(res["median_s"] / base)
                cells.append(c)
        lines.append("| %s | %s | %s |" % (wl["title"], ans_s, " | ".join(cells)))
    lines.append("")
    lines.append("**CPU time** (user + system of the process; less disturbed than wall time when the machine is busy)")
    lines.append("")
    lines.append("| workload | " + " | ".join(LABEL[e] for e in engines) + " |")
    lines.append("|---|" + "---:|" * len(engines))
    for wl in manifest["workloads"]:
        w = wl["name"]
        cbres = results.get((w, "casebook"))
        base = cbres["median_cpu_s"] if cbres and "error" not in cbres else None
        cells = []
        for e in engines:
            res = results.get((w, e))
            if e not in wl["engines"]:
                cells.append("n/a")
            elif res is None or "error" in res:
                cells.append("–")
            else:
                c = fmt_s(res["median_cpu_s"])
                if e != "casebook" and base:
                    c += " (%s)" % fmt_ratio(res["median_cpu_s"] / base)
                cells.append(c)
        lines.append("| %s | %s |" % (wl["title"], " | ".join(cells)))
    lines.append("")
    lines.append("**Peak memory** (maximum resident set size of the process)")
    lines.append("")
    lines.append("| workload | " + " | ".join(LABEL[e] for e in engines) + " |")
    lines.append("|---|" + "---:|" * len(engines))
    for wl in manifest["workloads"]:
        w = wl["name"]
        cells = []
        for e in engines:
            res = results.get((w, e))
            if e not in wl["engines"]:
                cells.append("n/a")
            elif res is None or "error" in res:
                cells.append("–")
            else:
                cells.append(fmt_mb(res["rss_kb_max"]))
        lines.append("| %s | %s |" % (wl["title"], " | ".join(cells)))

    # Casebook's own targets.
    lines.append("")
    lines.append("**Casebook against the issue's own targets**")
    lines.append("")
    lines.append("| measure | result | target |")
    lines.append("|---|---:|---:|")
    start = extra.get("start")
    if start:
        lines.append("| start, trivial program (`casebook -e '?- 1 = 1.'`) | %s, %s | < 100 ms |"
                     % (fmt_s(start["median_s"]), fmt_mb(start["rss_kb_max"])))
    si = extra.get("start_ice")
    if si:
        lines.append("| start with the ICE case loaded (`casebook --case ice-cloud -e '?- kind(ice, K).'`) | %s, %s | < 100 ms |"
                     % (fmt_s(si["median_s"]), fmt_mb(si["rss_kb_max"])))
    if "repl" in extra:
        lines.append("| REPL start: `casebook` in a terminal, ICE case loaded, until its prompt | %s | < 100 ms |"
                     % fmt_s(extra["repl"]["median_s"]))
    load = results.get(("load", "casebook"))
    lw = next((wl for wl in manifest["workloads"] if wl["name"] == "load"), None)
    if load and "error" not in load and lw:
        nf = manifest["sizes"]["load_facts"]
        lines.append("| load %s binary facts from a file (whole process) | %s | < 1 s |" % (f"{nf:,}", fmt_s(load["median_s"])))
        if start and nf >= 100_000:
            per = (load["rss_kb_max"] - start["rss_kb_max"]) * 1024 / nf
            lines.append("| peak memory per stored binary fact ((peak RSS − trivial run's) ÷ facts) | %.0f bytes | < 100 bytes |" % per)
        elif start:
            lines.append("| peak memory per stored binary fact | not measured: too few facts | < 100 bytes |")
    icer = results.get(("ice", "casebook"))
    if icer and "error" not in icer and si:
        nq = icer["queries"]
        lines.append("| ICE case: all %d questions, whole process | %s | |" % (nq, fmt_s(icer["median_s"])))
        if start:
            # An upper bound that noise cannot push below zero: everything past a trivial
            # start (loading the case, evaluating its rules, all the questions), per question.
            per = (icer["median_s"] - start["median_s"]) / nq
            lines.append("| ICE case: per question, counting the case's loading and rule evaluation too ((all − trivial start) ÷ %d) | %s | < 1 ms |"
                         % (nq, fmt_s(max(per, 0))))
        rep = extra.get("ice_repeat")
        if rep:
            k = ice["repeat"]
            per2 = (rep["median_s"] - icer["median_s"]) / (nq * (k - 1)) if k > 1 else None
            if per2 is not None:
                lines.append("| ICE case: mean per question, asked again (%d× the file) | %s | < 1 ms |" % (k, fmt_s(max(per2, 0))))

    report = "\n".join(lines) + "\n"
    print(report)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"manifest": manifest, "results": {"%s/%s" % k: v for k, v in results.items()},
                       "extra": {k: {kk: vv for kk, vv in v.items() if kk != "out"} for k, v in extra.items()},
                       "report": report}, f, indent=2)
    if failures:
        print("run.py: FAILED:", file=sys.stderr)
        for f_ in failures:
            print("  - " + f_.replace("\n", "\n    "), file=sys.stderr)
        return 1
    print("run.py: all engines agree on every workload", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
