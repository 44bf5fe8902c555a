"""The everything-on-the-stack reference allocator: slow code, obviously right.

Every vreg lives in its own spill slot for its whole life.  An operand that
accepts a slot (``any``, ``stack``) is given the slot itself; one that needs a
register is loaded into a register chosen for this instruction alone just
before it (uses) or stored back to the slot just after it (defs).  Nothing is
held in a register between instructions, so the only per-instruction problem
is picking registers that do not collide.  Block parameters are copied slot to
slot through a register on each edge, sequenced as a parallel move with one
temporary slot per class to break cycles (a loop passing its own parameters
rotated).

>>> from regalloc.function import FunctionBuilder, define, use
>>> from regalloc.regs import INT, preg
>>> from regalloc.env import MachineEnv
>>> fb = FunctionBuilder()
>>> x = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, "reg")]); fb.ret([use(x, "reg")])
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
>>> r = allocate_reference(fb.finish(), env)
>>> r.allocs, len(r.edits), r.num_spillslots
([0, 0], 2, 1)
"""

from __future__ import annotations

from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.function import ANY, BRANCH, DEF, EARLY, FIXED, LIMIT, MOD, REG, REUSE, STACK, USE, Function
from regalloc.regs import NO_ALLOC, NUM_CLASSES, preg_class, preg_index, stack_alloc
from regalloc.result import AFTER, BEFORE, MOVE, AllocationResult, Edit, point

E_BIT = 1
L_BIT = 2


def _occupancy(kind: int, pos: int) -> int:
    if kind == USE:
        return E_BIT if pos == EARLY else E_BIT | L_BIT
    if kind == MOD:
        return E_BIT | L_BIT
    return E_BIT | L_BIT if pos == EARLY else L_BIT


def spill_slot_layout(func: Function, env: MachineEnv) -> list[int]:
    """Per vreg, the first spill slot the reference allocator keeps it in
    (vregs in order, each aligned to its class's slot size)."""
    slots = 0
    layout: list[int] = []
    for cls in func.vreg_class:
        size = env.spillslot_size[cls]
        slots = (slots + size - 1) // size * size
        layout.append(slots)
        slots += size
    return layout


class _Reference:
    def __init__(self, func: Function, env: MachineEnv) -> None:
        self.func = func
        self.env = env
        self.slot_of = spill_slot_layout(func, env)
        slots = 0
        for v, first in enumerate(self.slot_of):
            slots = max(slots, first + env.spillslot_size[func.vreg_class[v]])
        # Per class with block parameters, two temporary slots: one breaks
        # parallel-move cycles on edges, the other keeps a branch's stack
        # operand whose own slot the edge moves are about to overwrite.
        self.temp_slot = [-1] * NUM_CLASSES
        self.branch_temp_slot = [-1] * NUM_CLASSES
        for cls in sorted({func.vreg_class[p] for p in func.block_params}):
            size = env.spillslot_size[cls]
            slots = (slots + size - 1) // size * size
            self.temp_slot[cls] = slots
            self.branch_temp_slot[cls] = slots + size
            slots += 2 * size
        self.num_slots = slots
        self.allocs = [NO_ALLOC] * func.num_operands
        self.edits: list[Edit] = []
        self.mover = [self.move_register(c) for c in range(NUM_CLASSES)]

    def move_register(self, cls: int) -> int:
        """A register to route slot-to-slot copies through (-1 if the class has none)."""
        if self.env.scratch[cls] >= 0:
            return self.env.scratch[cls]
        regs = self.env.allocatable(cls)
        return regs[0] if regs else -1

    def move_register_avoiding(self, cls: int, avoid: int) -> int:
        if self.env.scratch[cls] >= 0:
            return self.env.scratch[cls]
        return next((r for r in self.env.allocatable(cls) if not avoid >> r & 1), -1)

    def copy_via_register(self, at: int, cls: int, src: int, dst: int, where: int, reg: int = -2) -> None:
        """Copy ``src`` to ``dst`` through ``reg`` (default: the class's mover)."""
        if reg == -2:
            reg = self.mover[cls]
        if reg < 0:
            raise AllocationError(f"no register of class {cls} to move a value through", inst=where)
        self.edits.append((at, MOVE, src, reg))
        self.edits.append((at, MOVE, reg, dst))

    # Edges -------------------------------------------------------------------
    def edge_moves(self, pred: int, succ_index: int, at: int, where: int, avoid: int = 0) -> None:
        """Copy the branch arguments of one edge into the parameters' slots,
        through registers outside the bitset ``avoid``."""
        func = self.func
        succ = func.block_succs[func.block_succ_start[pred] + succ_index]
        args = func.branch_args(pred, succ_index)
        params = func.params_of(succ)
        movers = [self.move_register_avoiding(c, avoid) for c in range(NUM_CLASSES)]
        pending: list[tuple[int, int, int]] = []  # (class, src slot, dst slot)
        for a, p in zip(args, params, strict=False):
            if self.slot_of[a] != self.slot_of[p]:
                pending.append((func.vreg_class[p], self.slot_of[a], self.slot_of[p]))
        while pending:
            sources = {src for _, src, _ in pending}
            ready = next((m for m in pending if m[2] not in sources), None)
            if ready is None:
                # Only cycles are left: park one destination's old value in the
                # class's temporary slot and read it from there instead.
                cls, _, dst = pending[0]
                temp = self.temp_slot[cls]
                self.copy_via_register(at, cls, stack_alloc(dst), stack_alloc(temp), where, movers[cls])
                pending = [(c, temp if s == dst else s, d) for c, s, d in pending]
                continue
            pending.remove(ready)
            cls, src, dst = ready
            self.copy_via_register(at, cls, stack_alloc(src), stack_alloc(dst), where, movers[cls])

    # Instructions --------------------------------------------------------------
    def instruction(self, i: int) -> None:
        func, env = self.func, self.env
        ops = func.inst_operands(i)
        clobber_mask = func.inst_clobber_mask[i]
        busy_e = 0
        busy_l = 0
        before: list[Edit] = []
        after: list[Edit] = []
        at_before = point(i, BEFORE)
        at_after = point(i, AFTER)
        late_fixed_stack: list[tuple[int, int, int]] = []  # (class, preg, vreg)
        # Registers already holding a vreg's value for this instruction's uses.
        use_regs: dict[int, list[int]] = {}
        # A branch to a single successor is preceded by the edge's moves, which
        # overwrite the slots of the successor's parameters: its operands
        # reading those (the previous iteration's values) must not read slots.
        b = func.inst_block[i]
        edge_at_end = func.inst_kind[i] == BRANCH and len(func.succs_of(b)) == 1
        overwritten: set[int] = set()
        if edge_at_end:
            overwritten = set(func.params_of(func.succs_of(b)[0]))

        def occupy(reg: int, occ: int) -> None:
            nonlocal busy_e, busy_l
            if occ & E_BIT:
                busy_e |= 1 << reg
            if occ & L_BIT:
                busy_l |= 1 << reg

        # Fixed operands first: their registers are not negotiable.
        for o in ops:
            if func.op_con[o] != FIXED:
                continue
            p = func.op_arg[o]
            v = func.op_vreg[o]
            kind = func.op_kind[o]
            self.allocs[o] = p
            occupy(p, _occupancy(kind, func.op_pos[o]))
            if v < 0:
                continue
            slot = stack_alloc(self.slot_of[v])
            if kind in (USE, MOD):
                if env.is_fixed_stack(p):
                    self.copy_via_register(at_before, preg_class(p), slot, p, i)
                else:
                    before.append((at_before, MOVE, slot, p))
                    use_regs.setdefault(v, []).append(p)
            if kind in (DEF, MOD):
                if env.is_fixed_stack(p):
                    late_fixed_stack.append((preg_class(p), p, v))
                else:
                    after.append((at_after, MOVE, p, slot))

        def choose(o: int, occ: int, limit: int) -> int:
            v = func.op_vreg[o]
            cls = func.vreg_class[v]
            for r in env.allocatable(cls):
                if preg_index(r) >= limit:
                    continue
                if (occ & E_BIT and busy_e >> r & 1) or (occ & L_BIT and (busy_l | clobber_mask) >> r & 1):
                    continue
                return r
            raise AllocationError("no free register for the operand", inst=i, operand=o - ops.start)

        # Reused uses take one register across E and L together with their
        # reuse def.  Everything needing a register is then placed tightest
        # first: limits by size, then operands live at L (which cannot take
        # clobbered registers), then early-only ones.
        reuse_of: dict[int, int] = {}
        for o in ops:
            if func.op_con[o] == REUSE:
                reuse_of[ops.start + func.op_arg[o]] = o
        order: list[tuple[int, int, int]] = []
        for o in ops:
            con = func.op_con[o]
            if con in (REUSE, FIXED):
                continue
            v = func.op_vreg[o]
            if con == STACK and v in overwritten:
                temp = stack_alloc(self.branch_temp_slot[func.vreg_class[v]])
                self.copy_via_register(at_before, func.vreg_class[v], stack_alloc(self.slot_of[v]), temp, i)
                self.allocs[o] = temp
            elif con in (REG, LIMIT) or o in reuse_of or (con == ANY and v in overwritten):
                occ = E_BIT | L_BIT if o in reuse_of else _occupancy(func.op_kind[o], func.op_pos[o])
                limit = func.op_arg[o] if con == LIMIT else 64
                order.append((limit, 0 if occ & L_BIT else 1, o))
            else:
                self.allocs[o] = stack_alloc(self.slot_of[func.op_vreg[o]])
        order.sort()
        for limit, _, o in order:
            v = func.op_vreg[o]
            kind = func.op_kind[o]
            slot = stack_alloc(self.slot_of[v])
            if o in reuse_of:
                r = choose(o, E_BIT | L_BIT, limit)
                occupy(r, E_BIT | L_BIT)
                d = reuse_of[o]
                self.allocs[o] = self.allocs[d] = r
                before.append((at_before, MOVE, slot, r))
                after.append((at_after, MOVE, r, stack_alloc(self.slot_of[func.op_vreg[d]])))
                continue
            occ = _occupancy(kind, func.op_pos[o])
            if kind == USE:
                shared = next(
                    (
                        r
                        for r in use_regs.get(v, [])
                        if env.is_allocatable(r)
                        and preg_index(r) < limit
                        and not (occ & L_BIT and (busy_l | clobber_mask) >> r & 1)
                    ),
                    -1,
                )
                if shared >= 0:
                    self.allocs[o] = shared
                    occupy(shared, occ)
                    continue
            r = choose(o, occ, limit)
            occupy(r, occ)
            self.allocs[o] = r
            if kind in (USE, MOD):
                before.append((at_before, MOVE, slot, r))
                use_regs.setdefault(v, []).append(r)
            if kind in (DEF, MOD):
                after.append((at_after, MOVE, r, slot))
        self.edits.extend(before)
        if edge_at_end:
            self.edge_moves(b, 0, at_before, i, busy_e)
        if after or late_fixed_stack:
            if func.inst_kind[i] != 0:
                raise AllocationError("a branch or return defines a value the stack allocator must store", inst=i)
            self.edits.extend(after)
            for cls, p, v in late_fixed_stack:
                self.copy_via_register(at_after, cls, p, stack_alloc(self.slot_of[v]), i)

    def run(self) -> AllocationResult:
        func = self.func
        for b in range(func.num_blocks):
            first = func.block_inst_start[b]
            last = func.block_inst_end[b] - 1
            preds = func.preds_of(b)
            if len(preds) == 1 and b != func.entry:
                p = preds[0]
                succs = func.succs_of(p)
                if len(succs) > 1:
                    self.edge_moves(p, succs.index(b), point(first, BEFORE), first)
            for i in range(first, last + 1):
                self.instruction(i)
        result = AllocationResult(
            allocs=self.allocs, edits=self.edits, num_spillslots=self.num_slots, algorithm="reference"
        )
        if func.callee_saved is not None:
            written = 0
            for o in range(func.num_operands):
                if func.op_kind[o] != USE and 0 <= self.allocs[o] < 192:
                    written |= 1 << self.allocs[o]
            for _, _, _, dst in self.edits:
                if 0 <= dst < 192:
                    written |= 1 << dst
            for mask in func.inst_clobber_mask:
                written |= mask
            result.clobbered_callee_saved = [p for p in func.callee_saved if written >> p & 1]
        return result


def allocate_reference(func: Function, env: MachineEnv) -> AllocationResult:
    """Allocate ``func`` with every vreg in its own spill slot (see module docs).

    Raises :class:`AllocationError` only when an instruction's own operands
    cannot be given distinct registers.
    """
    return _Reference(func, env).run()
