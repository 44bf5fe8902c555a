"""Map an allocation of a converted (SSA) function back onto the original non-SSA one.

Original instructions keep their indices in the SSA form, so edits at their
program points carry over unchanged (rematerializations name the original
vreg).  Each original operand takes the allocation of the new operand that
stands for it; a ``mod`` takes its use's register, which its def shares.  The
edits the allocator put in an edge block become ``edge_edits`` on the
original CFG edge the block splits; a client materialises them by splitting
that edge (see docs/SEMANTICS.md).

>>> from regalloc.function import FunctionBuilder, define, use, modify
>>> from regalloc.regs import INT
>>> from regalloc.result import AllocationResult
>>> from regalloc.ssa.convert import to_ssa
>>> fb = FunctionBuilder(); fb.ssa = False
>>> x = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, "reg")]); fb.op([modify(x)]); fb.ret([use(x, "reg")])
>>> conv = to_ssa(fb.finish())
>>> map_back(conv, AllocationResult(allocs=[3, 3, 3, 3])).allocs
[3, 3, 3]
"""

from __future__ import annotations

from bisect import bisect_right

from regalloc.checker.static import written_pregs
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.regs import alloc_str, mask_of
from regalloc.result import REMAT, AllocationResult
from regalloc.ssa.convert import Conversion


def map_back(conv: Conversion, result: AllocationResult, env: MachineEnv | None = None) -> AllocationResult:
    """The allocation of ``conv.original`` equivalent to ``result`` (an allocation of ``conv.func``).

    Raises :class:`AllocationError` if the result gives a mod's use and def
    different registers (a correct allocation never does).  Parallel edges
    (one branch naming a block twice) keep the edits of the first; ``env``,
    if given, lets the reported clobbered callee-saved registers be updated
    when that drops the only write of one.
    """
    original = conv.original
    allocs = result.allocs
    mod_defs = sorted(conv.mod_def_operand.values())
    # The original operands are the new ones without the appended mod defs, in order.
    mapped: list[int] = []
    start = 0
    for k in mod_defs:
        mapped += allocs[start:k]
        start = k + 1
    mapped += allocs[start : conv.func.num_operands]
    for o, k in conv.mod_def_operand.items():
        if allocs[k] != mapped[o]:
            i = bisect_right(original.inst_op_start, o) - 1
            raise AllocationError(
                f"mod operand's use is in {alloc_str(mapped[o])} but its def in {alloc_str(allocs[k])}",
                inst=i,
                operand=o - original.inst_op_start[i],
            )
    num_vregs = original.num_vregs
    fresh = conv.fresh
    edge_edits: list[tuple[int, int, int, int, int]] = []
    dropped = False
    if not conv.edge_pred:
        # No edge blocks: every edit stays where it is, only new remat vregs get their old names.
        edits = list(result.edits)
        if original.remat and fresh:
            for idx, (pt, kind, src, dst) in enumerate(edits):
                if kind == REMAT and src >= num_vregs:
                    edits[idx] = (pt, kind, fresh[src - num_vregs], dst)
        callee_saved_edits = {p: list(ix) for p, ix in result.callee_saved_edits.items()}
    else:
        first_edge_point = 2 * original.num_insts
        edits = []
        index_map: dict[int, int] = {}
        per_edge_block: dict[int, list[tuple[int, int, int]]] = {}
        for idx, (pt, kind, src, dst) in enumerate(result.edits):
            if kind == REMAT and src >= num_vregs:
                src = fresh[src - num_vregs]
            if pt < first_edge_point:
                index_map[idx] = len(edits)
                edits.append((pt, kind, src, dst))
            else:
                k = (pt >> 1) - original.num_insts
                per_edge_block.setdefault(k, []).append((kind, src, dst))
        seen: set[tuple[int, int]] = set()
        for k in range(len(conv.edge_pred)):
            edge = (conv.edge_pred[k], conv.edge_succ[k])
            moves = per_edge_block.get(k, [])
            if edge in seen:
                # A parallel edge (same branch arguments, checked by the converter)
                # leaves the same state as the first one; that one's edits serve
                # both, since a state holding more values never breaks a use.
                dropped = dropped or bool(moves)
                continue
            seen.add(edge)
            edge_edits.extend((edge[0], edge[1], kind, src, dst) for kind, src, dst in moves)
        callee_saved_edits = {
            p: [index_map[idx] for idx in ix if idx in index_map] for p, ix in result.callee_saved_edits.items()
        }
    mapped_result = AllocationResult(
        allocs=mapped,
        edits=edits,
        num_spillslots=result.num_spillslots,
        algorithm=result.algorithm,
        clobbered_callee_saved=None if result.clobbered_callee_saved is None else list(result.clobbered_callee_saved),
        debug_locations=[],
        stats=dict(result.stats),
        callee_saved_edits=callee_saved_edits,
        edge_edits=edge_edits,
    )
    if dropped and env is not None and result.clobbered_callee_saved is not None and original.callee_saved:
        # Dropped edits may have been the only writes of a callee-saved register.
        callee_saved = mask_of(original.callee_saved)
        written = written_pregs(original, env, mapped_result) & callee_saved
        mapped_result.clobbered_callee_saved = [p for p in result.clobbered_callee_saved if (written >> p) & 1]
    return mapped_result
