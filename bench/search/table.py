#!/usr/bin/env python3
"""Prints the person-search benchmark's results side by side from the summary lines the programs wrote.

usage: table.py summary.tsv [TITLE]
The outsider column is the share of hard non-matches where a person other than the one meant scores 0.85 or more:
were that one not registered, the search would offer a close kin as a strong match. Only Takamul's scores are on
that scale; the peers show "-".
"""

import sys

ENGINES = ["Takamul", "pg_trgm raw", "pg_trgm normalised", "FTS5 trigram", "Takamul, all queries"]
ALL = "Takamul, all queries"
MIB = 1024 * 1024


def main():
    summaries, classes, memory, import_line = {}, {}, {}, ""
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "summary":
                summaries[fields[1]] = {k: float(v) for k, v in (f.split("=") for f in fields[2:])}
            elif fields[0] == "class":
                engine, kind, n, r1, r10, fm = fields[1:7]
                outsider = float(fields[7]) if len(fields) > 7 else -1.0
                classes.setdefault(kind, {})[engine] = (int(n), float(r1), float(r10), float(fm), outsider)
            elif fields[0] == "memory":
                memory[fields[1]] = {k: float(v) for k, v in (f.split("=") for f in fields[2:])}
            elif fields[0] == "import":
                import_line = fields[1]
    engines = [e for e in ENGINES if e in summaries]
    takamul = memory.get("Takamul", {})
    persons = int(takamul.get("persons", 0))
    queries = int(summaries[engines[0]]["queries"]) if engines else 0
    title = f" ({sys.argv[2]})" if len(sys.argv) > 2 else ""
    also = f" (Takamul also ran all {int(summaries[ALL]['queries'])})" if ALL in summaries else ""
    print(f"Person search over {persons} persons{title}: the same {queries} labelled queries in every engine, "
          f"top 10, one client thread{also}")
    print()
    header = ("engine", "recall@1", "recall@10", "false-match", "outsider ≥ 0.85", "p50 ms", "p95 ms", "p99 ms",
              "index memory")
    rows = []
    for engine in engines:
        s = summaries[engine]
        if engine.startswith("Takamul"):
            mem = f"{s['memory_bytes'] / MIB:.0f} MiB in RAM"
        else:
            mem = f"{s['memory_bytes'] / MIB:.0f} MiB on disk"
        outsider = s.get("outsider", -1)
        rows.append((engine, f"{s['recall1']:.3f}", f"{s['recall10']:.3f}", f"{s['false_match']:.3f}",
                     f"{outsider:.3f}" if outsider >= 0 else "-", f"{s['p50_ms']:.3f}", f"{s['p95_ms']:.3f}",
                     f"{s['p99_ms']:.3f}", mem))
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                                 enumerate(zip(row, widths))) + " |")
    print()
    if takamul:
        at_10m = takamul["at_10m_bytes"]
        print(f"Takamul index: {takamul['index_bytes'] / MIB:.0f} MiB (person_index_memory), resident memory grew "
              f"{takamul['rss_growth_bytes'] / MIB:.0f} MiB while loading ({takamul['load_seconds']:.1f} s); "
              f"estimated at 10 M persons: {at_10m / MIB:.0f} MiB")
    if "Takamul" in summaries:
        t = summaries["Takamul"]
        full = summaries.get(ALL, t)
        checks = [
            ("recall@10 >= 0.99", full["recall10"] >= 0.99, f"{full['recall10']:.3f}"),
            ("recall@1 >= 0.95", full["recall1"] >= 0.95, f"{full['recall1']:.3f}"),
            ("outsider >= 0.85 in <= 1% of hard non-matches", 0 <= full.get("outsider", -1) <= 0.01,
             f"{full.get('outsider', -1):.3f}"),
            ("p95 < 2 ms", full["p95_ms"] < 2, f"{full['p95_ms']:.3f} ms"),
            ("index < 1 GiB at 10 M persons", takamul.get("at_10m_bytes", 2 ** 40) < 1024 * MIB,
             f"{takamul.get('at_10m_bytes', 0) / MIB:.0f} MiB"),
        ]
        for engine in ("pg_trgm raw", "pg_trgm normalised"):
            if engine in summaries:
                p = summaries[engine]
                speed = p["p95_ms"] / t["p95_ms"] if t["p95_ms"] else 0
                checks.append((f">= 20x faster than {engine} (p95) at equal or better recall@10",
                               speed >= 20 and t["recall10"] >= p["recall10"], f"{speed:.0f}x"))
        print("Targets (Takamul, over all its queries; speed against the same queries):")
        for name, ok, value in checks:
            print(f"  {name}: {value}: {'met' if ok else 'NOT MET'}")
    if import_line:
        print(f"Import: {import_line}")
    print()
    print("recall@10 by query class (hard non-matches: recall@10 / false-match rate / outsider rate where scored); "
          "n: queries per class")
    sampled = [e for e in engines if e != ALL]
    header = ["class"] + ([f"n", ALL] if ALL in engines else []) + ["n"] + sampled
    rows = []
    for kind, by_engine in classes.items():
        def cell(engine):
            if engine not in by_engine:
                return "-"
            _, r1, r10, fm, outsider = by_engine[engine]
            if fm < 0:
                return f"{r10:.2f}"
            return f"{r10:.2f} / {fm:.2f}" + (f" / {outsider:.2f}" if outsider >= 0 else "")
        row = [kind]
        if ALL in engines:
            row += [str(by_engine[ALL][0]) if ALL in by_engine else "-", cell(ALL)]
        row += [str(max((v[0] for e, v in by_engine.items() if e != ALL), default=0))]
        row += [cell(e) for e in sampled]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                                 enumerate(zip(row, widths))) + " |")


if __name__ == "__main__":
    main()
