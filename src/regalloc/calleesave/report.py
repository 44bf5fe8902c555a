"""Which callee-saved registers the allocated code writes (the ``clobbered_callee_saved`` report).

This is the allocator-side computation used by :func:`regalloc.api.allocate`;
the checker keeps its own, independent one to verify the report.

>>> from regalloc import FunctionBuilder, define, use
>>> from regalloc.regs import INT, preg
>>> from regalloc.result import AllocationResult
>>> fb = FunctionBuilder()
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")])
>>> fb.ret([use(v, "reg")])
>>> fb.callee_saved = [preg(INT, 1), preg(INT, 2)]
>>> clobbered_callee_saved(fb.finish(), AllocationResult(allocs=[1, 1]))
[1]
"""

from __future__ import annotations

from regalloc.function import USE, Function
from regalloc.regs import NUM_PREGS
from regalloc.result import MOVE, PAIR, AllocationResult, unpack_pair


def written_registers(func: Function, result: AllocationResult) -> int:
    """Bitset of the pregs the allocated code writes.

    Counts non-use operand allocations, clobbers, and the destinations of
    edits and edge edits (both halves of a pair); a move from a register to
    itself changes nothing and does not count.
    """
    mask = 0
    op_kind = func.op_kind
    for o, a in enumerate(result.allocs):
        if op_kind[o] != USE and 0 <= a < NUM_PREGS:
            mask |= 1 << a
    for clobber_mask in func.inst_clobber_mask:
        mask |= clobber_mask
    edits = [(kind, src, dst) for _p, kind, src, dst in result.edits]
    edits += [(kind, src, dst) for _b, _s, kind, src, dst in result.edge_edits]
    for kind, src, dst in edits:
        if kind == MOVE and src == dst:
            continue
        for d in unpack_pair(dst) if kind == PAIR else (dst,):
            if 0 <= d < NUM_PREGS:
                mask |= 1 << d
    return mask


def clobbered_callee_saved(func: Function, result: AllocationResult) -> list[int]:
    """The callee-saved registers of ``func`` that ``result``'s code writes, in ``func.callee_saved`` order."""
    written = written_registers(func, result)
    return [p for p in (func.callee_saved or []) if (written >> p) & 1]
