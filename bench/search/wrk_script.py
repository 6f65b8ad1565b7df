#!/usr/bin/env python3
"""The benchmark's labelled queries as GET /api/v1/persons/search paths (limit 10, each with its birth year and
national number when it has them), in a Lua script that wrk walks through in turn and that prints one line of
latencies at the end. Used by http.sh and side_by_side.sh.
usage: wrk_script.py QUERIES.tsv OUT.lua"""
import csv, sys, urllib.parse
paths = []
with open(sys.argv[1], encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        params = {"limit": "10"}
        if row["text"]:
            params["q"] = row["text"]
        if row["birth_year"] not in ("", "0"):
            params["birth_year"] = row["birth_year"]
        if row["national_id"]:
            params["national_id"] = row["national_id"]
        paths.append("/api/v1/persons/search?" + urllib.parse.urlencode(params))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("paths = {\n")
    for p in paths:
        out.write("  %s,\n" % ('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"'))
    out.write("}\n")
    out.write("""
i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("http: %d searches in %.1f s, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, max %.3f ms, errors %d\\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
""")
