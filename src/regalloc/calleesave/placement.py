"""Adding edits to a result at the function's entry and before its returns.

Both callee-saved modes add edits at points that may already hold the
allocator's edits: saves go *before* those at the entry (which may overwrite
the saved register), restores *after* those before a return (which may still
read the register's temporary contents).
"""

from __future__ import annotations

from regalloc.errors import AllocationError
from regalloc.function import Function
from regalloc.result import BEFORE, Edit, point


def entry_point(func: Function, mode: str) -> int:
    """The point before the entry block's first instruction, where saves go.

    Saves there run once per call only if no branch leads back to the entry,
    so an entry block with predecessors is an :class:`AllocationError`.
    """
    preds = func.preds_of(func.entry)
    if preds:
        raise AllocationError(
            f"callee-saved mode {mode!r} needs an entry block without predecessors (a prologue block), "
            f"but entry block {func.entry} is a branch target of block {preds[0]}; "
            "add an empty entry block that jumps to it",
            inst=func.block_inst_start[func.entry],
        )
    return point(func.block_inst_start[func.entry], BEFORE)


def merge_edits(existing: list[Edit], first: list[Edit], last: list[Edit]) -> tuple[list[Edit], list[int], list[int]]:
    """``existing`` plus ``first`` (ahead of existing edits at their points) and
    ``last`` (behind them), sorted by point, each group keeping its order.

    Returns the merged list, the new index of each existing edit, and the new
    index of each added edit (``first`` then ``last``).
    """
    keyed: list[tuple[int, int, int]] = []
    for k, e in enumerate(first):
        keyed.append((e[0], 0, k))
    for k, e in enumerate(existing):
        keyed.append((e[0], 1, k))
    for k, e in enumerate(last):
        keyed.append((e[0], 2, k))
    keyed.sort()
    groups = (first, existing, last)
    merged: list[Edit] = []
    existing_index = [0] * len(existing)
    added_index = [0] * (len(first) + len(last))
    for new_idx, (_p, group, k) in enumerate(keyed):
        merged.append(groups[group][k])
        if group == 1:
            existing_index[k] = new_idx
        else:
            added_index[k if group == 0 else len(first) + k] = new_idx
    return merged, existing_index, added_index
