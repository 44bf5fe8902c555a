"""What an allocator returns: operand allocations, edits, spill-slot count.

Program points are ints: ``point = inst * 2 + BEFORE`` or ``inst * 2 + AFTER``,
so they compare and sort as plain integers.

An edit is a tuple ``(point, kind, src, dst)``:

* ``MOVE``: copy the value in allocation ``src`` to allocation ``dst``;
* ``REMAT``: recompute vreg ``src`` into register ``dst``;
* ``PAIR``: a paired store or load of two values; ``src`` and ``dst`` each pack
  two allocations, see :func:`pack_pair`.

Edits at one point run in list order; the list is sorted by point (stably).

>>> r = AllocationResult(allocs=[0, 1], edits=[(point(3, BEFORE), MOVE, 0, stack_alloc(0))], num_spillslots=1)
>>> inst_of(r.edits[0][0]), r.edits[0][0] & 1 == BEFORE
(3, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regalloc.regs import stack_alloc  # noqa: F401  (re-exported for doctests/clients)

BEFORE = 0
AFTER = 1
POINT_POS_NAMES = ("before", "after")

MOVE = 0
REMAT = 1
PAIR = 2
EDIT_KIND_NAMES = ("move", "remat", "pair")

Edit = tuple[int, int, int, int]

_PAIR_SHIFT = 32
_PAIR_MASK = (1 << _PAIR_SHIFT) - 1


def point(inst: int, pos: int) -> int:
    """The program point before (``pos=BEFORE``) or after (``AFTER``) ``inst``."""
    return inst * 2 + pos


def inst_of(p: int) -> int:
    return p >> 1


def pack_pair(first: int, second: int) -> int:
    """Pack two allocations into one int (for ``PAIR`` edits)."""
    return (first << _PAIR_SHIFT) | second


def unpack_pair(packed: int) -> tuple[int, int]:
    return packed >> _PAIR_SHIFT, packed & _PAIR_MASK


@dataclass
class AllocationResult:
    """An allocation of a :class:`~regalloc.function.Function`.

    ``allocs[o]`` is the allocation of global operand ``o`` (same indexing as the
    function's ``op_*`` columns).  ``debug_locations`` holds
    ``(label, from_point, to_point, alloc)``.  ``callee_saved_edits`` (managed
    callee-saved mode) maps a callee-saved preg to the indices in ``edits`` of
    its saves and restores.  ``edge_edits`` (results for non-SSA input, see
    docs/SEMANTICS.md) holds ``(pred_block, succ_block, kind, src, dst)``: edits
    that run on the CFG edge from ``pred_block`` to ``succ_block``.
    """

    allocs: list[int]
    edits: list[Edit] = field(default_factory=list)
    num_spillslots: int = 0
    algorithm: str = ""
    clobbered_callee_saved: list[int] | None = None
    debug_locations: list[tuple[int, int, int, int]] = field(default_factory=list)
    stats: dict[str, int | float | str] = field(default_factory=dict)
    callee_saved_edits: dict[int, list[int]] = field(default_factory=dict)
    edge_edits: list[tuple[int, int, int, int, int]] = field(default_factory=list)

    def operand_allocs(self, op_start: int, op_end: int) -> list[int]:
        return self.allocs[op_start:op_end]
