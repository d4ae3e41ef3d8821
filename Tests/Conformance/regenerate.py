#!/usr/bin/env python3
"""Regenerate the expected answers of the Casebook conformance suite.

What it does
    For every program Tests/Conformance/programs/NAME.cb this script
    translates the Casebook program to clingo's input language, solves it with
    the clingo Python API (an independent, peer Datalog/ASP engine) and writes
    Tests/Conformance/expected/NAME.json: a JSON list with one entry per query,
    in source order:

        {"query": "?- path(a, Y).", "columns": ["Y"], "rows": [["b"], ["c"]]}

    "query" is the query's source text with runs of whitespace collapsed to one
    space; "columns" are the query's named variables in order of first
    appearance, leaving out "_" and "_"-prefixed ones; "rows" are the answers,
    sorted (numbers before text, numbers by value, text by code point).
    Symbols and strings are both written as JSON strings (a symbol as its name,
    a string as its unescaped text); integers as JSON numbers. A query with no
    columns answers true as [[]] and false as [].

    Translation: comments are dropped, clauses are copied token by token,
    `mod` becomes clingo's `\\`, `\\+` becomes `not`, and a variable spelled
    `_name` becomes `U___name` (clingo would read `_name` as a constant). Each
    query `?- body.` becomes `q__N(V1, ..., Vk) :- body.` plus
    `#show q__N/k.` (a 0-ary head when there are no columns). Anything the
    suite does not use (declarations, annotations, `why`, aggregates, dates,
    money, decimals, quoted symbols, ...) is rejected with an error, so a
    program can only use features both engines share.

    The script fails if clingo reports an undefined operation (e.g. division
    by zero, which clingo silently drops) or if the program does not have
    exactly one model (it must be stratified).

How to run
    python3 Tests/Conformance/regenerate.py            # rewrite expected/*.json
    python3 Tests/Conformance/regenerate.py --check    # only verify, exit 1 if stale

    clingo is installed with `pip install clingo` when it is missing. The
    output is deterministic: running it twice gives identical files. Expected
    files whose program no longer exists are removed.
"""

import argparse
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
EXPECTED = HERE / "expected"


def load_clingo():
    try:
        return importlib.import_module("clingo")
    except ImportError:
        print("clingo not found; installing it with pip", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "clingo"])
        importlib.invalidate_caches()
        return importlib.import_module("clingo")


# ---------------------------------------------------------------- tokenizer

class CasebookError(Exception):
    pass


TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<line_comment>%[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<decimal>\d+\.\d+)
  | (?P<int>\d+)
  | (?P<name>[a-z][A-Za-z0-9_]*)
  | (?P<var>[A-Z_][A-Za-z0-9_]*)
  | (?P<punct>:-|\?-|!=|<=|>=|\\\+|[(),.=<>+\-*/])
    """,
    re.VERBOSE | re.DOTALL,
)

# Words with a special meaning in Casebook that this suite must not use.
RESERVED = {
    "why", "possibly", "count", "sum", "min", "max", "mean", "during",
    "overlaps", "by", "as",
}

STRING_ESCAPES = {'"': '"', "\\": "\\", "n": "\n"}  # clingo has no \t


def tokenize(text, filename):
    tokens = []  # (kind, text, start, end)
    pos = 0
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m:
            line = text.count("\n", 0, pos) + 1
            raise CasebookError(f"{filename}:{line}: unsupported input {text[pos:pos + 20]!r}")
        kind = m.lastgroup
        if kind == "decimal":
            line = text.count("\n", 0, pos) + 1
            raise CasebookError(f"{filename}:{line}: decimals are not shared with clingo")
        if kind not in ("ws", "line_comment", "block_comment"):
            tokens.append((kind, m.group(), m.start(), m.end()))
        pos = m.end()
    return tokens


def unescape(literal, filename):
    body = literal[1:-1]
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            e = body[i + 1]
            if e not in STRING_ESCAPES:
                raise CasebookError(f"{filename}: escape \\{e} is not shared with clingo in {literal}")
            out.append(STRING_ESCAPES[e])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_clauses(tokens, filename):
    clauses, current, depth = [], [], 0
    for tok in tokens:
        kind, text = tok[0], tok[1]
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        if text == "." and depth == 0:
            if not current:
                raise CasebookError(f"{filename}: empty clause")
            clauses.append((current, tok))
            current = []
        else:
            current.append(tok)
    if current:
        raise CasebookError(f"{filename}: clause without a final '.'")
    return clauses


# -------------------------------------------------------------- translation

def to_clingo(tok, filename):
    kind, text = tok[0], tok[1]
    if kind == "name":
        if text in RESERVED:
            raise CasebookError(f"{filename}: '{text}' is not shared with clingo")
        if text == "mod":
            return "\\"
        return text
    if kind == "var":
        if text.startswith("_") and text != "_":
            return "U__" + text
        return text
    if kind == "string":
        unescape(text, filename)  # validates the escapes
        return text
    if text == "\\+":
        return "not"
    return text


def translate(path):
    """Return (clingo program text, list of (query text, columns, show name))."""
    source = path.read_text(encoding="utf-8")
    filename = path.name
    lines, queries = [], []
    for body, dot in split_clauses(tokenize(source, filename), filename):
        if body[0][1] == "?-":
            n = len(queries)
            query_text = " ".join(source[body[0][2]:dot[3]].split())
            body = body[1:]
            if not body:
                raise CasebookError(f"{filename}: empty query")
            columns = []
            for kind, text, _, _ in body:
                if kind == "var" and not text.startswith("_") and text not in columns:
                    columns.append(text)
            name = f"q__{n}"
            head = f"{name}({', '.join(columns)})" if columns else name
            lines.append(f"{head} :- {' '.join(to_clingo(t, filename) for t in body)}.")
            lines.append(f"#show {name}/{len(columns)}.")
            queries.append((query_text, columns, name))
        else:
            if any(t[1] == "?-" for t in body):
                raise CasebookError(f"{filename}: misplaced '?-'")
            lines.append(" ".join(to_clingo(t, filename) for t in body) + ".")
    if not queries:
        raise CasebookError(f"{filename}: no queries")
    return "\n".join(lines) + "\n", queries


# ------------------------------------------------------------------ solving

def value(clingo, sym, filename):
    if sym.type == clingo.SymbolType.Number:
        return sym.number
    if sym.type == clingo.SymbolType.String:
        return sym.string
    if sym.type == clingo.SymbolType.Function and not sym.arguments and sym.positive:
        return sym.name
    raise CasebookError(f"{filename}: answer {sym} has no Casebook counterpart")


def row_key(row):
    return [(0, v, "") if isinstance(v, int) else (1, 0, v) for v in row]


def solve(clingo, path):
    program, queries = translate(path)
    filename = path.name
    messages = []

    def logger(code, message):
        messages.append((code, message))

    ctl = clingo.Control(["--models=0"], logger=logger, message_limit=1000)
    try:
        ctl.add("base", [], program)
        ctl.ground([("base", [])])
    except RuntimeError as e:
        details = "\n".join(m for _, m in messages)
        raise CasebookError(f"{filename}: clingo rejected the translation ({e}):\n{details}\n"
                            f"translated program:\n{program}")
    bad = [m for c, m in messages if c == clingo.MessageCode.OperationUndefined]
    if bad:
        raise CasebookError(f"{filename}: clingo reports an undefined operation:\n" + "\n".join(bad))

    models = []
    ctl.solve(on_model=lambda m: models.append(m.symbols(shown=True)))
    if len(models) != 1:
        raise CasebookError(f"{filename}: expected exactly one model, clingo found {len(models)}")

    answers = {name: [] for _, _, name in queries}
    for sym in models[0]:
        if sym.name in answers:
            answers[sym.name].append([value(clingo, a, filename) for a in sym.arguments])

    result = []
    for query_text, columns, name in queries:
        rows = sorted(answers[name], key=row_key)
        result.append({"query": query_text, "columns": columns, "rows": rows})
    return result


def render(entries):
    """Stable, diff-friendly JSON: one row per line."""
    dump = lambda v: json.dumps(v, ensure_ascii=False)
    parts = []
    for e in entries:
        if e["rows"]:
            rows = "[\n" + ",\n".join("      " + dump(r) for r in e["rows"]) + "\n    ]"
        else:
            rows = "[]"
        parts.append(
            "  {\n"
            f'    "query": {dump(e["query"])},\n'
            f'    "columns": {dump(e["columns"])},\n'
            f'    "rows": {rows}\n'
            "  }"
        )
    return "[\n" + ",\n".join(parts) + "\n]\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="verify the expected files are up to date; write nothing")
    args = parser.parse_args()

    clingo = load_clingo()
    programs = sorted(PROGRAMS.glob("*.cb"))
    if not programs:
        sys.exit(f"no programs in {PROGRAMS}")
    EXPECTED.mkdir(exist_ok=True)

    stale = []
    wanted = set()
    for path in programs:
        out = EXPECTED / (path.stem + ".json")
        wanted.add(out.name)
        try:
            text = render(solve(clingo, path))
        except CasebookError as e:
            sys.exit(f"error: {e}")
        old = out.read_text(encoding="utf-8") if out.exists() else None
        if old != text:
            stale.append(out.name)
            if not args.check:
                out.write_text(text, encoding="utf-8")
    for extra in sorted(EXPECTED.glob("*.json")):
        if extra.name not in wanted:
            stale.append(extra.name)
            if not args.check:
                extra.unlink()

    verb = "stale" if args.check else "updated"
    print(f"{len(programs)} programs; {len(stale)} expected files {verb}"
          + (": " + ", ".join(stale) if stale else ""))
    if args.check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
