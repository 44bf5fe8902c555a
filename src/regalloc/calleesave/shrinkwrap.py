"""Shrink-wrapping on an allocation result: restores that change nothing go, and
saves sink from the entry towards the code that actually needs the register.

The allocators place a spilled entry value's store right after its definition
(the function entry), even when only one path overwrites the register.  Two
exact rewrites fix that without touching the allocator:

* a move of an entry value into a register that already holds it on every
  path (:func:`regalloc.calleesave.tracking.follow_entry_values`) is dropped;
* a save ``r -> loc`` moves forward past edits and instructions that neither
  write ``r`` nor touch ``loc``; at the end of its block it follows the CFG
  edge into the one successor still reading ``loc`` later, if that successor
  has no other predecessor (it is dropped when no successor reads ``loc``),
  and otherwise stops before the terminator, so no save is ever duplicated.
  Along the way ``r`` still holds the same value, so the sunk save stores
  exactly what the original did, on every path where it is read.
"""

from __future__ import annotations

from regalloc.env import MachineEnv
from regalloc.function import MOD, RET, USE, Function
from regalloc.regs import NUM_PREGS, STACK_BASE, preg_class
from regalloc.result import AFTER, BEFORE, MOVE, PAIR, AllocationResult, Edit, point, unpack_pair


def _keys(env: MachineEnv, a: int, cls: int) -> range:
    return range(a, a + env.spillslot_size[cls]) if a >= STACK_BASE else range(a, a + 1)


def _edit_locations(env: MachineEnv, e: Edit) -> tuple[list[range], list[range]]:
    """Locations (as key ranges) an edit reads and writes."""
    _p, kind, src, dst = e
    moves = list(zip(unpack_pair(src), unpack_pair(dst), strict=True)) if kind == PAIR else [(src, dst)]
    if kind not in (MOVE, PAIR):
        return [], [range(dst, dst + 1)]
    reads: list[range] = []
    writes: list[range] = []
    for s, d in moves:
        cls = preg_class(s) if s < STACK_BASE else preg_class(d)
        reads.append(_keys(env, s, cls))
        writes.append(_keys(env, d, cls))
    return reads, writes


def _meets(x: range, y: range) -> bool:
    return x.start < y.stop and y.start < x.stop


class _Sinker:
    """Per-result tables for sinking saves."""

    def __init__(
        self, func: Function, env: MachineEnv, result: AllocationResult, groups: list[list[Edit]], at_return: list[int]
    ) -> None:
        self.func = func
        self.at_return = at_return
        self.env = env
        self.result = result
        # Edits (without the saves being sunk) grouped per point, in order.
        self.groups = groups
        self.inst_reads, self.inst_writes = self._inst_locations()
        self.live_in = self._location_liveness()

    def _inst_locations(self) -> tuple[list[list[range]], list[list[range]]]:
        func, env, allocs = self.func, self.env, self.result.allocs
        reads: list[list[range]] = []
        writes: list[list[range]] = []
        for i in range(func.num_insts):
            r: list[range] = []
            w: list[range] = [range(p, p + 1) for p in func.clobbers_of(i)]
            for o in func.inst_operands(i):
                a = allocs[o]
                if a < 0:
                    continue
                v = func.op_vreg[o]
                cls = func.vreg_class[v] if v >= 0 else preg_class(a) if a < NUM_PREGS else 0
                (r if func.op_kind[o] == USE else w).append(_keys(self.env, a, cls))
                if func.op_kind[o] == MOD:
                    r.append(_keys(env, a, cls))
            if func.inst_kind[i] == RET:
                r.extend(range(p, p + 1) for p in self.at_return)
            reads.append(r)
            writes.append(w)
        return reads, writes

    def _location_liveness(self) -> list[set[int]]:
        """Per block: the location keys read (before written) from its start on some path."""
        func = self.func
        nb = func.num_blocks
        gen: list[set[int]] = []
        kill: list[set[int]] = []
        for b in range(nb):
            g: set[int] = set()
            k: set[int] = set()
            for i in reversed(range(func.block_inst_start[b], func.block_inst_end[b])):
                steps: list[tuple[list[range], list[range]]] = []
                for e in self.groups[point(i, BEFORE)]:
                    steps.append(_edit_locations(self.env, e))
                steps.append((self.inst_reads[i], self.inst_writes[i]))
                for e in self.groups[point(i, AFTER)]:
                    steps.append(_edit_locations(self.env, e))
                for reads, writes in reversed(steps):
                    for w in writes:
                        for key in w:
                            g.discard(key)
                            k.add(key)
                    for rd in reads:
                        g.update(rd)
            gen.append(g)
            kill.append(k)
        live_in: list[set[int]] = [set() for _ in range(nb)]
        changed = True
        while changed:
            changed = False
            for b in reversed(range(nb)):
                out: set[int] = set()
                for s in func.succs_of(b):
                    out |= live_in[s]
                new = gen[b] | (out - kill[b])
                if new != live_in[b]:
                    live_in[b] = new
                    changed = True
        return live_in

    def sink(self, p: int, index: int, save: Edit, budget: int) -> None:
        """Place ``save`` at group ``p`` position ``index`` or as far forward as is exact."""
        func, env = self.func, self.env
        _p0, _kind, reg, loc = save
        loc_keys = _keys(env, loc, preg_class(reg))
        reg_keys = range(reg, reg + 1)

        def blocks(reads: list[range], writes: list[range]) -> bool:
            return any(_meets(w, reg_keys) or _meets(w, loc_keys) for w in writes) or any(
                _meets(r, loc_keys) for r in reads
            )

        i = p >> 1
        b = func.inst_block[i]
        last = func.block_inst_end[b] - 1
        pos = p
        while True:
            group = self.groups[pos]
            while index < len(group):
                if blocks(*_edit_locations(env, group[index])):
                    group.insert(index, (pos, MOVE, reg, loc))
                    return
                index += 1
            if pos & 1 == BEFORE:
                j = pos >> 1
                if j == last or blocks(self.inst_reads[j], self.inst_writes[j]):
                    free = j == last and not blocks(self.inst_reads[j], self.inst_writes[j])
                    if free and budget > 0 and self._into_successors(b, save, budget):
                        return
                    group.append((pos, MOVE, reg, loc))
                    return
                pos += 1
            else:
                pos += 1
            index = 0

    def _into_successors(self, b: int, save: Edit, budget: int) -> bool:
        """Sink ``save`` from the end of ``b`` into its successors, if every one
        still reading its location has ``b`` as its only predecessor."""
        func = self.func
        _p, _kind, reg, loc = save
        loc_keys = set(_keys(self.env, loc, preg_class(reg)))
        targets = [s for s in func.succs_of(b) if loc_keys & self.live_in[s]]
        # Two targets would duplicate the save: more code, more cost on the cost model.
        if len(targets) > 1 or any(len(func.preds_of(s)) != 1 for s in targets):
            return False
        for s in targets:
            first = point(func.block_inst_start[s], BEFORE)
            self.sink(first, 0, (first, MOVE, reg, loc), budget - 1)
        return True

    def edits(self) -> list[Edit]:
        return [e for group in self.groups for e in group]


def sink_saves(
    func: Function, env: MachineEnv, result: AllocationResult, saves: list[int], at_return: list[int]
) -> list[Edit]:
    """``result.edits`` with each edit of ``saves`` (moves of a register's entry
    value out of the register) sunk as described in the module doc; the
    registers ``at_return`` count as read by every return."""
    if result.edge_edits or not saves:
        return list(result.edits)
    chosen = set(saves)
    groups: list[list[Edit]] = [[] for _ in range(2 * func.num_insts)]
    positions: list[tuple[int, int, Edit]] = []
    for idx, e in enumerate(result.edits):
        if idx in chosen:
            positions.append((e[0], len(groups[e[0]]), e))
        else:
            groups[e[0]].append(e)
    sinker = _Sinker(func, env, result, groups, at_return)
    for p, index, e in reversed(positions):
        sinker.sink(p, index, e, func.num_blocks)
    return sinker.edits()
