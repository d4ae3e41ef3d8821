#!/usr/bin/env python3
"""Runs a SQL script in an in-memory DuckDB database and prints the last statement's rows.

    python3 bench/duckdb_run.py SCRIPT.sql      (relative CSV paths are read from the cwd)

The scripts bench/generate.py writes start with `SET threads = 1`, so DuckDB runs on one
thread like the other engines.
"""
import sys

import duckdb

with open(sys.argv[1]) as f:
    script = f.read()
con = duckdb.connect(":memory:")
rows = con.execute(script).fetchall()
for row in rows:
    print("|".join(str(v) for v in row))
