#!/usr/bin/env python3
"""Writes OR-Library-like p-median instances into DIR, for benchmarking when
the real files are not at hand (tools/bench_optimise.sh --no-county BUILD DIR).

  pmedg1..pmedg40.txt     pmed graph format ("n m p", then m lines "i j cost"),
                          the sizes of pmed1..pmed40 (100-900 nodes, m = 2n..18n
                          edges, p 5..200) built as Beasley's pmed files are:
                          the cycle 1-2-...-n-1 first (n edges), then random
                          pairs of distinct nodes (repeats allowed: the later
                          line wins), every cost uniform 1..100
  pmedcapg_6..20.txt      pmedcap1 format ("instance optimum", "n p capacity",
                          "id x y demand"): 50 points p = 5 (6-10) or 100 points
                          p = 10 (11-20), capacity 120, coordinates 1..100,
                          demand 1..20; optimum written as 0 (unknown) except
                          where coin-or CBC certified one (CERTIFIED below)

The names do not match pmed1..40 / pmedcap1_*, so bench_orlib knows no optimum
for them and bench_optimise.sh counts an instance as reached only when its
certified gap is 0, or, where the file gives the optimum, when the objective
equals it. Deterministic (Python's random with fixed seeds).

  tools/gen_orlib_like.py DIR
"""
import os
import random
import sys

SIZES = [(100, 200, [5, 10, 10, 20, 33]), (200, 800, [5, 10, 20, 40, 67]),
         (300, 1800, [5, 10, 30, 60, 100]), (400, 3200, [5, 10, 40, 80, 133]),
         (500, 5000, [5, 10, 50, 100, 167]), (600, 7200, [5, 10, 60, 120, 200]),
         (700, 9800, [5, 10, 70, 140]), (800, 12800, [5, 10, 80]),
         (900, 16200, [5, 10, 90])]


def graph(n, m, p, seed):
    r = random.Random(seed)
    # pmed1..40 begin with the Hamiltonian cycle 1-2, 2-3, ..., n-1 (checked
    # on pmed1, 10 and 20), not a random tree: the distances are longer
    # and the Lagrangian gaps smaller than over a random tree's hubs.
    edges = [(k, k % n + 1, r.randint(1, 100)) for k in range(1, n + 1)]
    while len(edges) < m:
        i, j = r.randint(1, n), r.randint(1, n)
        if i != j:
            edges.append((i, j, r.randint(1, 100)))
    return [f" {n} {m} {p} "] + [f" {a} {b} {c} " for a, b, c in edges]


# Optima certified by coin-or CBC 2.10 on `bench_orlib lp` of the file
# (single-source MIP, x_ij <= y_j; "Optimal solution found", 2026-12-02;
# the solution re-checked: 10 open, every load <= 120, sum of floor(distance)).
CERTIFIED = {12: 1097, 14: 1033, 17: 1097}


def points(n, p, cap, seed):
    r = random.Random(seed)
    rows = [f" {seed} {CERTIFIED.get(seed, 0)}", f" {n} {p} {cap}"]
    for i in range(n):
        rows.append(f" {i + 1} {r.randint(1, 100)} {r.randint(1, 100)} {r.randint(1, 20)}")
    return rows


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_orlib_like.py DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    i = 0
    for n, m, ps in SIZES:
        for p in ps:
            i += 1
            with open(os.path.join(out, f"pmedg{i}.txt"), "w") as f:
                f.write("\n".join(graph(n, m, p, 1000 + i)) + "\n")
    for k in range(6, 21):
        n, p = (50, 5) if k <= 10 else (100, 10)
        with open(os.path.join(out, f"pmedcapg_{k}.txt"), "w") as f:
            f.write("\n".join(points(n, p, 120, k)) + "\n")


if __name__ == "__main__":
    main()
