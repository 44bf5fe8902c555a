"""Paired spills: two stores (or two loads) of one class to adjacent slots in one edit.

On targets whose environment sets ``paired_slots[cls]`` (AArch64's ``stp`` /
``ldp``), two single moves at the same program point between registers of
class ``cls`` and spill slots ``k`` and ``k + size`` become one ``PAIR`` edit.
A later move is pulled up to its partner only past edits it commutes with
(they neither write its source nor touch its destination), and the two
destinations never overlap, so reading both before writing either is exactly
what the two moves did.

>>> from regalloc import FunctionBuilder, MachineEnv, define, use
>>> from regalloc.regs import INT, preg, stack_alloc
>>> from regalloc.result import AllocationResult, MOVE, PAIR, point, BEFORE
>>> fb = FunctionBuilder()
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")])
>>> fb.ret([use(v, "reg")])
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []], paired_slots=[True, False, False])
>>> at = point(0, BEFORE)
>>> stores = [(at, MOVE, preg(INT, 0), stack_alloc(0)), (at, MOVE, preg(INT, 1), stack_alloc(1))]
>>> paired = pair_spills(fb.finish(), env, AllocationResult(allocs=[0, 0], edits=stores, num_spillslots=2))
>>> [e[1] == PAIR for e in paired.edits], paired.stats["paired_moves"]
([True], 2)
"""

from __future__ import annotations

from dataclasses import replace

from regalloc.env import MachineEnv
from regalloc.function import Function
from regalloc.regs import NUM_PREGS, STACK_BASE, preg_class
from regalloc.result import MOVE, PAIR, AllocationResult, Edit, pack_pair, unpack_pair


def _span(env: MachineEnv, a: int, cls: int) -> range:
    """The state keys a value of ``cls`` at allocation ``a`` occupies."""
    return range(a, a + env.spillslot_size[cls]) if a >= STACK_BASE else range(a, a + 1)


def _overlaps(x: range, y: range) -> bool:
    return x.start < y.stop and y.start < x.stop


def _reads_writes(env: MachineEnv, func: Function, e: Edit) -> tuple[list[range], list[range]]:
    """Locations an edit reads and writes."""
    _p, kind, src, dst = e
    if kind == MOVE:
        cls = preg_class(src) if src < STACK_BASE else preg_class(dst)
        return [_span(env, src, cls)], [_span(env, dst, cls)]
    if kind == PAIR:
        reads: list[range] = []
        writes: list[range] = []
        for s, d in zip(unpack_pair(src), unpack_pair(dst), strict=True):
            cls = preg_class(s) if s < STACK_BASE else preg_class(d)
            reads.append(_span(env, s, cls))
            writes.append(_span(env, d, cls))
        return reads, writes
    return [], [range(dst, dst + 1)]


def _spill_kind(env: MachineEnv, e: Edit) -> tuple[int, int, int]:
    """``(class, direction, slot)`` of a pairable move (direction 0 store, 1 load), or class -1."""
    _p, kind, src, dst = e
    if kind != MOVE:
        return -1, 0, 0
    if 0 <= src < NUM_PREGS and dst >= STACK_BASE and not env.is_fixed_stack(src):
        cls = preg_class(src)
        return (cls if env.paired_slots[cls] else -1), 0, dst - STACK_BASE
    if 0 <= dst < NUM_PREGS and src >= STACK_BASE and not env.is_fixed_stack(dst):
        cls = preg_class(dst)
        return (cls if env.paired_slots[cls] else -1), 1, src - STACK_BASE
    return -1, 0, 0


def _can_hoist(env: MachineEnv, func: Function, edits: list[Edit], lo: int, hi: int) -> bool:
    """Whether ``edits[hi]`` can move up to run right after ``edits[lo]``."""
    reads, writes = _reads_writes(env, func, edits[hi])
    for k in range(lo + 1, hi):
        other_reads, other_writes = _reads_writes(env, func, edits[k])
        for w in other_writes:
            if any(_overlaps(w, x) for x in reads + writes):
                return False
        for r in other_reads:
            if any(_overlaps(r, x) for x in writes):
                return False
    return True


def pair_spills(func: Function, env: MachineEnv, result: AllocationResult) -> AllocationResult:
    """``result`` with pairable single moves merged into ``PAIR`` edits.

    ``callee_saved_edits`` indices follow the merge (a pair belongs to both
    registers' lists); ``stats["paired_moves"]`` counts the single moves that
    became halves of pairs.
    """
    if not any(env.paired_slots):
        return result
    edits = result.edits
    n = len(edits)
    partner = [-1] * n
    taken = [False] * n
    lo = 0
    while lo < n:
        hi = lo
        while hi < n and edits[hi][0] == edits[lo][0]:
            hi += 1
        for a in range(lo, hi):
            cls_a, dir_a, slot_a = _spill_kind(env, edits[a])
            if taken[a] or cls_a < 0:
                continue
            size = env.spillslot_size[cls_a]
            for b in range(a + 1, hi):
                cls_b, dir_b, slot_b = _spill_kind(env, edits[b])
                if taken[b] or cls_b != cls_a or dir_b != dir_a or abs(slot_a - slot_b) != size:
                    continue
                if dir_a == 1 and edits[a][3] == edits[b][3]:
                    continue
                if not _can_hoist(env, func, edits, a, b):
                    continue
                partner[a] = b
                taken[a] = taken[b] = True
                break
        lo = hi
    new_edits: list[Edit] = []
    new_index = [0] * n
    for k in range(n):
        if taken[k] and partner[k] < 0:
            continue  # emitted with its partner
        new_index[k] = len(new_edits)
        b = partner[k]
        if b < 0:
            new_edits.append(edits[k])
            continue
        new_index[b] = len(new_edits)
        first, second = (k, b) if _spill_kind(env, edits[k])[2] < _spill_kind(env, edits[b])[2] else (b, k)
        p = edits[k][0]
        src = pack_pair(edits[first][2], edits[second][2])
        dst = pack_pair(edits[first][3], edits[second][3])
        new_edits.append((p, PAIR, src, dst))
    paired = sum(1 for k in range(n) if taken[k])
    if paired == 0:
        return result
    callee_saved_edits = {p: sorted({new_index[j] for j in ix}) for p, ix in result.callee_saved_edits.items()}
    stats = dict(result.stats)
    stats["paired_moves"] = paired
    return replace(result, edits=new_edits, callee_saved_edits=callee_saved_edits, stats=stats)
