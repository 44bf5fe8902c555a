"""Callee-saved figures on a corpus: conventional (prologue) versus managed, per
allocator, and how many single moves pair up with AArch64-style paired slots.

Run ``python -m regalloc.calleesave.figures corpus/calls-medium``.  Every
result is verified with the checker, including the return check.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

from regalloc.api import ALLOCATORS
from regalloc.calleesave import allocate_with_callee_saved
from regalloc.calleesave.costing import callee_save_cost
from regalloc.checker import check
from regalloc.cost import cost_of
from regalloc.formats import load_function

#: Paired slots as the AArch64 preset declares them (int and float, stp/ldp).
AARCH64_PAIRING = [True, True, False]


@dataclass
class Row:
    """Totals of one allocator and mode over a corpus."""

    save_stores: int = 0
    save_loads: int = 0
    save_pairs: int = 0
    save_weighted: int = 0
    total_weighted: int = 0
    paired_moves: int = 0
    seconds: float = 0.0


def measure(directory: str, algorithm: str, mode: str, paired: bool) -> Row:
    """Allocate every function of ``directory`` in ``mode``; verify and total the figures."""
    row = Row()
    for path in sorted(Path(directory).glob("*.json")):
        func, env = load_function(str(path))
        if paired:
            env.paired_slots = list(AARCH64_PAIRING)
        start = time.perf_counter()
        result = allocate_with_callee_saved(func, env, ALLOCATORS[algorithm], mode, pair=paired)
        row.seconds += time.perf_counter() - start
        check(func, env, result, callee_saved_values=True)
        saves = callee_save_cost(func, env, result)
        row.save_stores += saves.spill_stores
        row.save_loads += saves.reloads
        row.save_pairs += saves.pairs
        row.save_weighted += saves.weighted_cost
        row.total_weighted += cost_of(func, env, result).weighted_cost
        moves = result.stats.get("paired_moves", 0)
        row.paired_moves += moves if isinstance(moves, int) else 0
    return row


def main(directory: str) -> None:
    print(
        "| allocator | mode | paired | save stores | save loads | save pairs | save weighted | total weighted "
        "| moves paired | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for algorithm in sorted(ALLOCATORS):
        for paired in (False, True):
            for mode in ("prologue", "managed"):
                r = measure(directory, algorithm, mode, paired)
                print(
                    f"| {algorithm} | {mode} | {'yes' if paired else 'no'} | {r.save_stores} | {r.save_loads} "
                    f"| {r.save_pairs} | {r.save_weighted:,} | {r.total_weighted:,} | {r.paired_moves} "
                    f"| {r.seconds:.2f} |"
                )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpus/calls-medium")
