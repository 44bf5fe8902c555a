"""Measure the non-SSA path on a corpus of SSA functions.

Each function is destructed to non-SSA form (:func:`regalloc.ssa.destruct.to_non_ssa`),
then allocated both ways with each registered allocator: directly from the SSA
original, and through convert / allocate / map back from the non-SSA version.
Every allocation is verified by the checker (the non-SSA one against the
non-SSA program).  Reported per allocator: the time of conversion and mapping
back as a share of allocation time, the whole non-SSA path's time against
allocating the SSA original, and the corpus-wide weighted cost of both
paths (the non-SSA figure includes edge edits, weighted like the edge block
they came from).

Run: ``python -m regalloc.ssa.measure ../shared/corpus/regalloc2-small [--limit N] [--algorithm NAME] [--write DIR]``
(``--write`` also saves the non-SSA corpus, function ``k`` destructed with seed ``k``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from regalloc.checker import check
from regalloc.cost import cost_of
from regalloc.env import MachineEnv
from regalloc.function import Function
from regalloc.fuzz.nonssa import VIA_SSA
from regalloc.ssa.destruct import to_non_ssa


class Totals:
    """Corpus-wide sums for one allocator."""

    def __init__(self) -> None:
        self.functions = 0
        self.ssa_seconds = 0.0
        self.alloc_seconds = 0.0
        self.convert_seconds = 0.0
        self.mapback_seconds = 0.0
        self.ssa_weighted = 0
        self.nonssa_weighted = 0
        self.edge_edits = 0


def measure_function(
    func: Function, env: MachineEnv, non_ssa: Function, totals: dict[str, Totals], algorithms: list[str] | None = None
) -> None:
    """Allocate ``func`` and its destructed ``non_ssa`` with every registered allocator (or those
    named in ``algorithms``); add to ``totals``.

    The non-SSA version goes the way :func:`regalloc.api.allocate` sends it; an
    allocator that takes lowered non-SSA input is also measured through the full
    SSA conversion, as ``NAME-via-ssa``.
    """
    from regalloc.api import ALLOCATORS
    from regalloc.fuzz.nonssa import non_ssa_allocators

    chosen = {name: a for name, a in ALLOCATORS.items() if algorithms is None or name in algorithms}
    wrapped = non_ssa_allocators(chosen)
    for label, path in sorted(wrapped.items()):
        direct_allocator = ALLOCATORS[label.removesuffix(VIA_SSA)]
        t = totals.setdefault(label, Totals())
        start = time.perf_counter()
        direct = direct_allocator(func, env)
        t.ssa_seconds += time.perf_counter() - start
        check(func, env, direct)
        start = time.perf_counter()
        mapped = path(non_ssa, env)
        total = time.perf_counter() - start
        check(non_ssa, env, mapped)
        convert = float(mapped.stats["ssa_convert_seconds"])
        mapback = float(mapped.stats["ssa_mapback_seconds"])
        t.functions += 1
        t.convert_seconds += convert
        t.alloc_seconds += total - convert - mapback
        t.mapback_seconds += mapback
        t.ssa_weighted += cost_of(func, env, direct).weighted_cost
        t.nonssa_weighted += cost_of(non_ssa, env, mapped).weighted_cost
        t.edge_edits += len(mapped.edge_edits)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; prints one line per allocator."""
    from regalloc.formats import dump_function_json, load_function

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int, default=0, help="only the first N functions")
    parser.add_argument("--algorithm", action="append", help="only this allocator (repeatable; default: all)")
    parser.add_argument("--write", metavar="DIR", help="also write the non-SSA functions to DIR as interchange JSON")
    args = parser.parse_args(argv)
    names = sorted(n for n in os.listdir(args.corpus) if n.endswith(".json"))
    if args.limit:
        names = names[: args.limit]
    totals: dict[str, Totals] = {}
    if args.write:
        os.makedirs(args.write, exist_ok=True)
    for k, name in enumerate(names):
        func, env = load_function(os.path.join(args.corpus, name))
        non_ssa = to_non_ssa(func, seed=k)
        if args.write:
            with open(os.path.join(args.write, name), "w", encoding="utf-8") as fh:
                fh.write(dump_function_json(non_ssa, env))
        measure_function(func, env, non_ssa, totals, args.algorithm)
    for name, t in sorted(totals.items()):
        overhead = (t.convert_seconds + t.mapback_seconds) / t.alloc_seconds if t.alloc_seconds else 0.0
        path = t.convert_seconds + t.alloc_seconds + t.mapback_seconds
        slower = path / t.ssa_seconds - 1 if t.ssa_seconds else 0.0
        ratio = t.nonssa_weighted / t.ssa_weighted if t.ssa_weighted else 1.0
        print(
            f"{os.path.basename(args.corpus.rstrip('/'))} {name}: {t.functions} functions; "
            f"alloc {t.alloc_seconds:.2f}s, convert {t.convert_seconds:.2f}s + mapback {t.mapback_seconds:.3f}s "
            f"= {100 * overhead:.1f}% of alloc; whole non-SSA path {path:.2f}s vs SSA input "
            f"{t.ssa_seconds:.2f}s ({100 * slower:+.1f}%); weighted cost SSA {t.ssa_weighted} vs non-SSA "
            f"{t.nonssa_weighted} ({100 * (ratio - 1):+.2f}%); edge edits {t.edge_edits}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
