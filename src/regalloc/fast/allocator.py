"""The fast allocator's walk: blocks in postorder, instructions in reverse.

State while walking upwards (everything a flat list or an int bitset):

* ``loc[v]``: where live vreg ``v`` must be at the current point for the code
  below it (an allocatable register or a stack allocation), -1 if not live;
* ``preg_vreg[r]`` / ``held``: which vreg each register holds, and the bitset of
  registers holding one;
* ``stamp[r]``: when ``r`` was last touched by the walk; the register touched
  longest ago (its value's next use is farthest away) is evicted first.

A value gets its register at its last use and gives it up at its def.  At one
instruction, in order: defs release their registers; fixed operands and
clobbers claim theirs, moving any live value out of the way (to a free
register if there is one, else to its spill slot, reloaded after the
instruction); then the other defs and uses pick registers (the value's own
if it fits, else a free one, else an evicted one).  Moves needed before the
instruction (a use's value copied to where the operand wants it) and after
it (a def's value taken to where the code below expects it, evicted values
reloaded) are each one parallel move, sequenced by :mod:`regalloc.moves`.

Speed comes from keeping the commonest operands cheap: a use whose value sits
in a register is read in place with no bookkeeping beyond its LRU stamp (the
register is in ``held`` already), and in an instruction with only "reg" and
"any" operands a def that keeps its register, or whose value is never used,
is settled as it releases it.  Which registers the instruction's operands
claim is worked out from their allocations only when a register has to be
taken from someone (:meth:`WalkState.rebuild_claims`).

That greedy order can paint itself into a corner where registers are scarce:
instructions with "limit" operands, or whose register demand leaves at most
one register of a class spare, are instead allocated by a most-constrained-first
depth-first search over their operands (:meth:`WalkState.constrained`), which
moves live values out of the way as needed and finds an assignment whenever
one exists.

Block boundaries are described in :mod:`regalloc.fast.edges`; slot sharing
in :mod:`regalloc.fast.slots`.  A virtual slot per vreg (``STACK_BASE + v``)
is used during the walk and mapped to shared real slots at the end.
"""

from __future__ import annotations

import operator
from bisect import bisect_right
from itertools import compress, islice

from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.function import ANY, DEF, EARLY, FIXED, LATE, LIMIT, OP, REG, REUSE, STACK, USE, Function
from regalloc.moves import resolve_parallel_moves
from regalloc.regs import CLASS_NAMES, NUM_PREGS, PREG_BIT, STACK_BASE, mask_of
from regalloc.result import AFTER, BEFORE, MOVE, Edit
from regalloc.validate import OCC_E, OCC_L, occupancy

# Virtual temporary slots for the move resolver: two per class after the vregs' slots.
TEMPS_PER_CLASS = 2

# Partial assignments the search of :meth:`WalkState.constrained` may try before giving up.
SEARCH_LIMIT = 20000


# Constraints that take an operand off the walk's common path: all but "any" and "reg".
_SPECIAL_CONSTRAINT = bytes(0 if c in (ANY, REG) else 1 for c in range(256))

# Constraints of operands that claim a fixed register, and of those that need any register
# of their class ("fixed", "any" and "stack" do not).
_FIXED_CONSTRAINT = bytes(1 if c == FIXED else 0 for c in range(256))
_REGISTER_CONSTRAINT = bytes(0 if c in (FIXED, ANY, STACK) else 1 for c in range(256))

# The source of a ``(src, dst, cls)`` move.
_SOURCE = operator.itemgetter(0)

# An empty operand list of steps 3 and 4 for a plain instruction (never appended to).
_NO_OPERANDS: list[int] = []


class WalkState:
    """Per-function allocation state shared by the walk and the block-boundary code."""

    # Declared slots: CPython (3.11) keeps its fastest attribute access for instances whose
    # dictionary shares its keys, at most 30 of them, and the walk reads and writes these
    # all the time.
    __slots__ = (
        "after",
        "alloc_all",
        "alloc_mask",
        "allocs",
        "any_def_op",
        "any_def_regs",
        "any_use_regs",
        "before",
        "below",
        "clock",
        "copied",
        "copied_inst",
        "env",
        "extra_slot_class",
        "extra_users",
        "fixed_stack_mask",
        "func",
        "held",
        "home_inst",
        "hull_hi",
        "hull_lo",
        "late_homes",
        "loc",
        "non_ssa",
        "num_vregs",
        "on_stack",
        "pinned_regs",
        "pre_edits",
        "pref_alloc",
        "pref_mask",
        "preg_vreg",
        "recomputable",
        "relocated",
        "rev_edits",
        "search_deepest",
        "search_nodes",
        "searched",
        "slot_def_at",
        "slot_used",
        "special",
        "special_bytes",
        "stamp",
        "taken_e",
        "taken_l",
        "temp_used",
        "through",
        "through_mark",
        "touched",
    )

    def __init__(self, func: Function, env: MachineEnv) -> None:
        self.func = func
        self.env = env
        nv = func.num_vregs
        self.num_vregs = nv
        self.loc = [-1] * nv
        self.below = [-1] * nv
        self.home_inst = [-1] * nv
        self.slot_used = [False] * nv
        # Per vreg: first block start where it is live in, last block end where it is live out.
        self.hull_lo = [func.num_insts + 1] * nv
        self.hull_hi = [-1] * nv
        self.preg_vreg = [-1] * NUM_PREGS
        self.any_def_op = [-1] * NUM_PREGS
        # (vreg, location below, class) of live values displaced at the current instruction.
        self.through: list[tuple[int, int, int]] = []
        self.through_mark = [-1] * nv
        self.stamp = [0] * NUM_PREGS
        self.held = 0
        self.clock = 0
        self.touched: list[int] = []
        self.allocs = [-1] * func.num_operands
        # Edits in reverse program order; reversed and sorted by point at the end.
        self.rev_edits: list[Edit] = []
        # Edge fix-ups at a successor's start, which must precede its own edits there.
        self.pre_edits: list[Edit] = []
        self.temp_used = [False] * (3 * TEMPS_PER_CLASS)
        # Classes of single-use slots handed out by :meth:`extra_slot`.
        self.extra_slot_class: list[int] = []
        # (virtual slot, vreg) pairs: a vreg parked in another vreg's slot.
        self.extra_users: list[tuple[int, int]] = []
        self.alloc_mask = list(env.allocatable_mask)
        # Vregs whose value a REMAT may recompute in place of a reload: not block
        # parameters, whose value comes from a branch argument.
        recomputable = [False] * nv
        if func.remat:
            for v in func.remat:
                recomputable[v] = True
            for v in func.block_params:
                recomputable[v] = False
        self.recomputable = recomputable
        self.alloc_all = env.all_allocatable_mask
        pref = 0
        for c in range(len(env.preferred)):
            pref |= mask_of(env.preferred[c])
        self.pref_mask = pref
        self.fixed_stack_mask = env.fixed_stack_mask
        # Per class: its allocatable registers that are preferred, tried first.
        self.pref_alloc = tuple(map(pref.__and__, self.alloc_mask))
        # Per preg: whether it stands for a fixed stack location (a table: cheaper to test
        # than the mask's bits); the mask's bits as characters, lowest first.
        self.on_stack = tuple(map("1".__eq__, format(env.fixed_stack_mask, f"0{NUM_PREGS}b")[::-1]))
        # Instructions allocated by the exact search (:meth:`constrained`) rather than
        # greedily: those with "limit" operands, and those whose operands needing a
        # register (with fixed ones and clobbers) leave at most one register of a class
        # spare, where greedy choices can paint themselves into a corner.
        num_insts = func.num_insts
        searched = [False] * num_insts
        op_con = func.op_con
        op_vreg = func.op_vreg
        op_arg = func.op_arg
        op_start = func.inst_op_start
        clobbers = func.inst_clobber_mask
        vreg_class = func.vreg_class
        constraints = bytes(op_con)
        o = constraints.find(LIMIT)
        while o >= 0:
            searched[bisect_right(op_start, o) - 1] = True
            o = constraints.find(LIMIT, o + 1)
        capacity = [m.bit_count() for m in self.alloc_mask]
        roomy = min(capacity) - 1  # fewer operands and clobbers than this: never tight
        # The few instructions with that many: among those with clobbers, and (where any
        # instruction has that many operands) among all, by whole-column operations.
        crowded = [
            i
            for i in compress(range(num_insts), clobbers)
            if op_start[i + 1] - op_start[i] + clobbers[i].bit_count() >= roomy
        ]
        if num_insts and max(map(operator.sub, islice(op_start, 1, None), op_start)) >= roomy:
            sizes = map(operator.sub, islice(op_start, 1, None), op_start)
            crowded.extend(compress(range(num_insts), map(roomy.__le__, sizes)))
        # These have many operands: picked out of the instruction's slices at C speed.
        for i in crowded:
            if searched[i]:
                continue
            lo = op_start[i]
            hi = op_start[i + 1]
            cons = constraints[lo:hi]
            claimed = clobbers[i]
            for r in compress(op_arg[lo:hi], cons.translate(_FIXED_CONSTRAINT)):
                claimed |= PREG_BIT[r]
            # The classes of the operands that need a register of their own.
            classes = list(map(vreg_class.__getitem__, compress(op_vreg[lo:hi], cons.translate(_REGISTER_CONSTRAINT))))
            for c in range(len(capacity)):
                needs = classes.count(c)
                if needs and needs + (claimed & self.alloc_mask[c]).bit_count() + 1 >= capacity[c]:
                    searched[i] = True
        self.searched = searched
        # Per operand, 1 where its constraint is neither "any" nor "reg", twice: bytes to
        # search per instruction, a list to index per operand (faster than indexing
        # bytes), where the walk also marks reuse inputs.  (Late uses are told apart
        # by the walk where it matters.)
        special_bytes = constraints.translate(_SPECIAL_CONSTRAINT)
        # Non-SSA input: an instruction may read a vreg it also redefines, whose old
        # value is then another value than the one the walk holds below it (see
        # :meth:`read_after_redefinition`).
        self.non_ssa = not func.ssa
        self.special_bytes = special_bytes
        self.special = list(special_bytes)
        # Moves after / before the instruction being allocated (emptied once emitted).
        self.after: list[tuple[int, int, int]] = []
        self.before: list[tuple[int, int, int]] = []
        self.copied: dict[int, int] = {}
        # The instruction being allocated: state shared with the helpers the walk calls.
        # Registers given at the current instruction to values moved out of the way,
        # and to defs that could have gone to the stack (with their operands).
        self.relocated = 0
        self.any_def_regs = 0
        # Registers read directly by "any" uses of values live across the instruction, and
        # registers some other operand committed to.
        self.any_use_regs = 0
        self.pinned_regs = 0
        # Registers homed at the current instruction by late uses dying there.
        self.late_homes = 0
        # The last instruction where the walk gave a def a stack slot, which in non-SSA input
        # a use of the same vreg may share (see :meth:`separate_redefined_reads`).
        self.slot_def_at = -1
        # Per instruction: the registers holding copies of values read from elsewhere
        # (vreg -> register), valid while ``copied_inst`` is that instruction.
        self.copied_inst = -1
        self.search_nodes = 0
        self.search_deepest = 0  # the furthest item the search reached (named if it fails)
        self.taken_e = 0
        self.taken_l = 0

    # -- small helpers (not on the per-operand fast path) -------------------------
    def extra_slot(self, cls: int) -> int:
        """A fresh single-use virtual slot of class ``cls`` (after the temporaries)."""
        k = self.num_vregs + 3 * TEMPS_PER_CLASS + len(self.extra_slot_class)
        self.extra_slot_class.append(cls)
        return STACK_BASE + k

    def temp_slot(self, cls: int, which: int) -> int:
        """The resolver's temporary slot ``which`` of class ``cls`` (virtual)."""
        k = cls * TEMPS_PER_CLASS + which
        self.temp_used[k] = True
        return STACK_BASE + self.num_vregs + k

    def emit(self, point: int, moves: list[tuple[int, int, int]], free_regs: int) -> None:
        """Append the parallel ``moves`` at ``point`` to the reversed edit list."""
        if not self.emit_plain(point, moves):
            self.emit_sequence(point, moves, free_regs)

    def emit_plain(self, point: int, moves: list[tuple[int, int, int]]) -> bool:
        """Append the parallel ``moves`` at ``point`` as they are if they need no sequencing (the
        common case); return whether they were (the scratch registers are worked out only if not)."""
        if len(moves) == 1:
            src, dst, _ = moves[0]
            on_stack = self.on_stack
            if (src < STACK_BASE and not on_stack[src]) or (dst < STACK_BASE and not on_stack[dst]):
                self.rev_edits.append((point, MOVE, src, dst))
                return True
            return False
        if not self.independent(moves):
            return False
        rev = self.rev_edits
        for src, dst, _ in reversed(moves):
            rev.append((point, MOVE, src, dst))
        return True

    def independent(self, moves: list[tuple[int, int, int]]) -> bool:
        """Whether the parallel ``moves`` may run one by one in any order, as they are.

        The common case: no move overwrites another's source and none is
        stack-to-stack, so the resolver is not needed.
        """
        sources = set(map(_SOURCE, moves))
        on_stack = self.on_stack
        for src, dst, _ in moves:
            if dst in sources:  # (a move onto itself too: its source is among them)
                return False
            if (src >= STACK_BASE or on_stack[src]) and (dst >= STACK_BASE or on_stack[dst]):
                return False
        return True

    def emit_sequence(self, point: int, moves: list[tuple[int, int, int]], free_regs: int) -> None:
        """Sequence ``moves`` with the resolver and append them (reversed)."""
        rev = self.rev_edits
        seq = resolve_parallel_moves(moves, self.env, free_regs, self.temp_slot)
        for src, dst in reversed(seq):
            rev.append((point, MOVE, src, dst))

    def place(self, v: int, a: int) -> None:
        """Make ``a`` the current location of ``v`` (no moves)."""
        self.loc[v] = a
        self.touched.append(v)
        if a < STACK_BASE:
            self.held |= 1 << a
            self.preg_vreg[a] = v
            self.clock += 1
            self.stamp[a] = self.clock
        elif a == STACK_BASE + v:
            self.slot_used[v] = True
        else:
            self.extra_users.append((a - STACK_BASE, v))

    def to_slot(self, r: int) -> int:
        """Move the value held in register ``r`` to its own slot (no edit); return it."""
        w = self.preg_vreg[r]
        self.slot_used[w] = True
        self.loc[w] = STACK_BASE + w
        self.preg_vreg[r] = -1
        self.held &= ~(1 << r)
        self.relocated &= ~(1 << r)
        return w

    def pick_victim(
        self,
        allowed: int,
        inst: int,
        operand: int,
        after: list[tuple[int, int, int]],
        before: list[tuple[int, int, int]],
        base_e: int,
        base_l: int,
        keep: int = 0,
    ) -> int:
        """Free an ``allowed`` register for ``operand`` when none is free.

        Candidates are registers held by values live across the instruction that
        no operand claims (nor ``keep``); the one touched longest ago is taken,
        its value goes to its slot and is reloaded after the instruction (added
        to ``after``).  Failing that, a value moved aside at this instruction is
        sent on to its slot, or an operand that may live elsewhere gives up its
        register.  Raises :class:`AllocationError` if nothing can be freed.
        """
        lo = self.func.inst_op_start[inst]
        self.rebuild_claims(inst, lo, self.func.inst_op_start[inst + 1], base_e, base_l)
        candidates = allowed & self.held & ~self.taken_e & ~self.taken_l & ~keep
        stamp = self.stamp
        best = -1
        best_stamp = 0
        m = candidates
        while m:
            low = m & -m
            r = low.bit_length() - 1
            m ^= low
            if best < 0 or stamp[r] < best_stamp:
                best = r
                best_stamp = stamp[r]
        if best >= 0:
            self.moved(self.to_slot(best), best, inst)
            return best
        moved = allowed & self.relocated
        if moved:
            r = (moved & -moved).bit_length() - 1
            self.to_slot(r)
            return r
        stolen = allowed & self.any_def_regs
        if stolen:
            # A def that could live anywhere took the register (and no use of another
            # value shares it at the early point): send the def to its slot.
            f = self.func
            me = f.op_vreg[operand]
            for k in range(f.inst_op_start[inst], f.inst_op_start[inst + 1]):
                if f.op_kind[k] == USE and f.op_vreg[k] != me and 0 <= self.allocs[k] < STACK_BASE:
                    stolen &= ~(1 << self.allocs[k])
        if stolen:
            r = (stolen & -stolen).bit_length() - 1
            o = self.any_def_op[r]
            w = self.func.op_vreg[o]
            slot = STACK_BASE + w
            self.slot_used[w] = True
            self.allocs[o] = slot
            self.any_def_regs &= ~(1 << r)
            for k in range(len(after) - 1, -1, -1):
                if after[k][0] == r:
                    if after[k][1] == slot:
                        del after[k]
                    else:
                        after[k] = (slot, after[k][1], after[k][2])
            if self.below[w] == r:
                after.append((slot, r, self.func.vreg_class[w]))
            return r
        func = self.func
        stealable = allowed & self.any_use_regs & ~self.pinned_regs
        if stealable:
            # A value read here from a register by "any" uses only can be read from its slot.
            r = stealable.bit_length() - 1
            w = self.to_slot(r)
            allocs = self.allocs
            for k in range(func.inst_op_start[inst], func.inst_op_start[inst + 1]):
                if func.op_vreg[k] == w and allocs[k] == r:
                    allocs[k] = STACK_BASE + w
            self.any_use_regs &= ~(1 << r)
            self.moved(w, r, inst)
            return r
        if func.op_kind[operand] == DEF and func.op_pos[operand] == LATE:
            # A late def can take a register that only early uses read here: their value
            # waits in its slot and is copied in for them before the instruction.
            lo = func.inst_op_start[inst]
            hi = func.inst_op_start[inst + 1]
            m = allowed
            while m:
                r = m.bit_length() - 1
                m &= ~(1 << r)
                w = self.preg_vreg[r]
                if w < 0:
                    continue
                readers = [k for k in range(lo, hi) if func.op_vreg[k] == w and self.allocs[k] == r]
                if not readers or any(func.op_kind[k] != USE or func.op_pos[k] != EARLY for k in readers):
                    continue
                self.to_slot(r)
                if self.home_inst[w] != inst:
                    self.moved(w, r, inst)
                before.append((w, r, func.vreg_class[w]))
                return r
        v = func.op_vreg[operand]
        raise AllocationError(
            f"no {CLASS_NAMES[func.vreg_class[v]]} register left for v{v} "
            "(every candidate is taken by another operand, a fixed register or a clobber)",
            inst=inst,
            operand=operand - func.inst_op_start[inst],
        )

    # -- one instruction --------------------------------------------------------------
    def instructions(self, first: int, last: int) -> None:
        """Allocate instructions ``last`` down to ``first``; the state moves upwards past each.

        Per instruction: (1) defs leave their registers; fixed operands and clobbers
        claim theirs; (2) live values sitting where those claims fall move away;
        (3) reuse defs, then the other defs, get registers; (4) fixed uses, then
        (5) the other uses.  The claim masks ``taken_e``/``taken_l`` (registers busy
        at the early/late point) leave out registers a use reads its value in place
        from: those are in ``held`` already, and skipping the bookkeeping for the
        commonest operand is most of this loop's speed.  :meth:`rebuild_claims`
        recomputes the exact masks when :meth:`pick_victim` needs them.
        """
        # (Register tests are written ``x >= 0 and x < STACK_BASE``, cheaper to interpret than
        # the chained comparison; and the free registers of a mask ``m`` as ``(m | busy) ^ busy``,
        # cheaper than ``m & ~busy``, whose negative operand costs the long arithmetic extra work.)
        func = self.func
        op_vreg = func.op_vreg
        op_kind = func.op_kind
        op_pos = func.op_pos
        op_con = func.op_con
        op_arg = func.op_arg
        vreg_class = func.vreg_class
        allocs = self.allocs
        loc = self.loc
        below = self.below
        home_inst = self.home_inst
        preg_vreg = self.preg_vreg
        stamp = self.stamp
        alloc_mask = self.alloc_mask
        pref_alloc = self.pref_alloc
        touched = self.touched
        inst_op_start = func.inst_op_start
        inst_clobber_mask = func.inst_clobber_mask
        alloc_all = self.alloc_all
        through = self.through
        held = self.held
        searched = self.searched
        special = self.special
        special_bytes = self.special_bytes
        bits = PREG_BIT
        clock = self.clock
        after = self.after
        before = self.before
        rev_edits = self.rev_edits
        on_stack = self.on_stack
        non_ssa = self.non_ssa
        lo = inst_op_start[last + 1]
        for i in range(last, first - 1, -1):
            hi = lo  # where the instruction below starts
            lo = inst_op_start[i]
            clob = inst_clobber_mask[i]
            held_below = held
            clock += 1
            if searched[i]:
                self.clock = clock
                held = self.constrained(i, held)
                continue
            uses: list[int] = []  # uses that are not fixed, for step 5
            taken_e = 0  # registers claimed at the early point
            taken_l = clob  # ... and at the late point
            # (A slice searched with ``in`` costs less than ``bytes.find`` with bounds, which
            # parses its arguments.)
            if 1 not in special_bytes[lo:hi]:
                # A plain instruction (only "reg" and "any" operands): no fixed operand can
                # claim a register a def keeps, so a def that keeps its register below (if
                # not clobbered), or whose value is never used, is settled as it releases
                # it.  A use whose value sits in a register is read in place unless step 2
                # moves the value; a late one is live below anyway.  Other uses, late ones
                # included, are left for step 5.
                defs = _NO_OPERANDS  # defs left for step 3: rare here, a list is made for the first
                for o in range(lo, hi):
                    v = op_vreg[o]
                    x = loc[v]
                    if op_kind[o] == DEF:
                        below[v] = x
                        if x >= 0 and x < STACK_BASE:
                            loc[v] = -1
                            bit = bits[x]
                            # (In SSA input no operand reads the vreg a def of its instruction writes.)
                            if non_ssa and stamp[x] == clock:
                                self.read_after_redefinition(i, lo, o, x, uses)
                            held ^= bit
                            preg_vreg[x] = -1
                            # Other defs claimed registers out of ``held``: only a clobber is in the way.
                            if not clob or not clob & bit:
                                allocs[o] = x
                                taken_l |= bit
                                if op_pos[o] != LATE:
                                    taken_e |= bit
                                continue
                        elif x < 0:
                            # (Here every register claimed at the early point is also claimed at the late one.)
                            cls = vreg_class[v]
                            busy = held | taken_l
                            free = (pref_alloc[cls] | busy) ^ busy or (alloc_mask[cls] | busy) ^ busy
                            if free:
                                r = free.bit_length() - 1
                                allocs[o] = r
                                bit = bits[r]
                                taken_l |= bit
                                if op_pos[o] != LATE:
                                    taken_e |= bit
                                continue
                        else:
                            loc[v] = -1  # in its slot below
                        if not defs:
                            defs = []
                        defs.append(o)
                    elif x >= 0 and x < STACK_BASE:
                        allocs[o] = x
                        stamp[x] = clock
                    else:
                        uses.append(o)
                # The defs claimed registers out of ``held``: only clobbers can conflict.
                conflicts = held & clob if clob else 0
                if not defs and not uses and not conflicts:
                    continue  # nothing moves: no edits either
                fixed_uses = _NO_OPERANDS
                reuse_defs = _NO_OPERANDS
                reuse_inputs = 0
            else:
                defs = []
                fixed_uses = []
                reuse_defs = []
                reuse_inputs = 0  # bitset of operand offsets that are reuse defs' inputs
                # 1. Defs give up their registers; fixed operands and vreg-less ones claim
                # theirs; a use whose value sits in a register is read in place (unless
                # step 2 moves the value).
                for o in range(lo, hi):
                    if op_kind[o] == DEF:
                        v = op_vreg[o]
                        if v < 0:
                            p = op_arg[o]
                            allocs[o] = p
                            taken_l |= bits[p]
                            continue
                        x = loc[v]
                        below[v] = x
                        if x >= 0:
                            loc[v] = -1
                            if x < STACK_BASE:
                                if non_ssa and stamp[x] == clock:
                                    self.read_after_redefinition(i, lo, o, x, uses)
                                held ^= bits[x]
                                preg_vreg[x] = -1
                        if special[o]:
                            con = op_con[o]
                            if con == FIXED:
                                p = op_arg[o]
                                allocs[o] = p
                                if op_pos[o] == EARLY:
                                    taken_e |= bits[p]
                                taken_l |= bits[p]
                                if x >= 0 and x != p:
                                    after.append((p, x, vreg_class[v]))
                                continue
                            if con == REUSE:
                                reuse_defs.append(o)
                                reuse_inputs |= 1 << op_arg[o]
                                k = lo + op_arg[o]
                                if not special[k]:
                                    special[k] = 1
                                    if allocs[k] >= 0:
                                        uses.append(k)  # was read in place: the def decides now
                                continue
                        defs.append(o)
                    elif special[o]:
                        if op_con[o] == FIXED:
                            p = op_arg[o]
                            allocs[o] = p
                            taken_e |= bits[p]
                            if op_vreg[o] >= 0:
                                if op_pos[o] == LATE:
                                    taken_l |= bits[p]
                                fixed_uses.append(o)
                        else:
                            uses.append(o)
                    else:
                        x = loc[op_vreg[o]]
                        if x >= 0 and x < STACK_BASE:
                            allocs[o] = x
                            stamp[x] = clock
                        else:
                            uses.append(o)
                conflicts = held & (taken_e | taken_l)

            # 2. Live values sitting where a fixed operand or a clobber needs the register move away.
            if conflicts:
                self.held = held
                self.relocated = 0
                # Step 1 changed ``held`` only by releasing the defs' registers.
                self.resolve_conflicts(i, lo, hi, conflicts, clob, taken_e, taken_l, held_below ^ held)
                held = self.held
                taken_e = self.taken_e
                taken_l = self.taken_l
                # Uses read in place in step 1 whose value moved away read it in step 5 (the
                # values moved are in ``through``; seldom one of them is an operand here).
                vregs = op_vreg[lo:hi]
                for w, _below, _cls in through:
                    if w in vregs:
                        for k in range(lo, hi):
                            a = allocs[k]
                            in_place = a >= 0 and a < STACK_BASE and op_kind[k] == USE and not special[k]
                            if in_place and loc[op_vreg[k]] != a:
                                allocs[k] = -1
                                uses.append(k)
                        break
            # The claims before step 3, from which :meth:`rebuild_claims` starts.
            base_e = taken_e
            base_l = taken_l
            late_homes = 0  # registers where values dying here at a late use were given their home

            # 3. Defs that are not fixed: reuse defs first (they also place their input).
            for o in reuse_defs:
                v = op_vreg[o]
                x = below[v]
                busy = taken_e | taken_l | held
                if x >= 0 and x < STACK_BASE and not busy & bits[x]:
                    r = x
                else:
                    cls = vreg_class[v]
                    free = (pref_alloc[cls] | busy) ^ busy or (alloc_mask[cls] | busy) ^ busy
                    if free:
                        r = free.bit_length() - 1
                    else:
                        self.held = held
                        r = self.pick_victim(alloc_mask[cls], i, o, after, before, base_e, base_l)
                        held = self.held
                allocs[o] = r
                allocs[lo + op_arg[o]] = r
                taken_e |= bits[r]
                taken_l |= bits[r]
                if x >= 0 and x != r:
                    after.append((r, x, vreg_class[v]))
            for o in defs:
                v = op_vreg[o]
                x = below[v]
                con = op_con[o]
                if con == STACK:
                    a = x if x >= STACK_BASE else STACK_BASE + v
                    if a == STACK_BASE + v:
                        self.slot_used[v] = True
                    allocs[o] = a
                    self.slot_def_at = i
                    if x >= 0 and x != a:
                        after.append((a, x, vreg_class[v]))
                    continue
                late = op_pos[o] == LATE
                if late:
                    # Free at the early point: a use's value dying here may share it (step 5).
                    busy = taken_l | held
                else:
                    busy = taken_e | taken_l | held
                if x >= 0 and x < STACK_BASE and not busy & bits[x]:
                    r = x
                elif x >= STACK_BASE and con == ANY:
                    allocs[o] = x  # defined straight into its stack home: no store needed
                    self.slot_def_at = i
                    continue
                else:
                    cls = vreg_class[v]
                    free = (pref_alloc[cls] | busy) ^ busy or (alloc_mask[cls] | busy) ^ busy
                    if free:
                        r = free.bit_length() - 1
                    elif con == ANY:
                        a = STACK_BASE + v
                        self.slot_used[v] = True
                        allocs[o] = a
                        self.slot_def_at = i
                        if x >= 0:
                            after.append((a, x, cls))
                        continue
                    else:
                        self.held = held
                        r = self.pick_victim(alloc_mask[cls], i, o, after, before, base_e, base_l)
                        held = self.held
                allocs[o] = r
                bit = bits[r]
                taken_l |= bit
                if not late:
                    taken_e |= bit
                if x >= 0 and x != r:
                    after.append((r, x, vreg_class[v]))

            # 4. Fixed uses: the value's home (where it is above) is copied in if it differs.
            for o in fixed_uses:
                v = op_vreg[o]
                p = op_arg[o]
                x = loc[v]
                if x >= 0:
                    if x != p:
                        before.append((v, p, vreg_class[v]))
                    if x < STACK_BASE:
                        stamp[x] = clock
                    continue
                if (alloc_all >> p) & 1:
                    h = p
                    if op_pos[o] == LATE:
                        late_homes |= bits[p]
                else:
                    # A non-allocatable or fixed-stack register is no place to keep a value.
                    cls = vreg_class[v]
                    busy = held | taken_e | taken_l
                    free = (pref_alloc[cls] | busy) ^ busy or (alloc_mask[cls] | busy) ^ busy
                    if free:
                        h = free.bit_length() - 1
                    else:
                        h = STACK_BASE + v
                        self.slot_used[v] = True
                    before.append((v, p, vreg_class[v]))
                loc[v] = h
                home_inst[v] = i
                touched.append(v)
                if h < STACK_BASE:
                    held |= bits[h]
                    preg_vreg[h] = v
                    stamp[h] = clock

            # 5. Other uses.
            for o in uses:
                v = op_vreg[o]
                x = loc[v]
                if special[o] or op_pos[o] == LATE:
                    if not (reuse_inputs >> (o - lo)) & 1:
                        # A late use or a stack use.
                        self.held = held
                        self.taken_e = taken_e
                        self.taken_l = taken_l
                        self.late_homes = late_homes
                        self.clock = clock
                        self.rare_use(i, lo, hi, o, after, before, base_e, base_l)
                        held = self.held
                        taken_e = self.taken_e
                        taken_l = self.taken_l
                        late_homes = self.late_homes
                        continue
                    # The input of a reuse def, which chose the register: the value is copied
                    # in, or this is its last use and it lives there above.
                    r = allocs[o]
                    if x >= 0:
                        if x != r:
                            before.append((v, r, vreg_class[v]))
                        continue
                elif x < 0:
                    # Last use (the commonest case here, tested first): this is where the value
                    # gets its register.
                    cls = vreg_class[v]
                    busy = taken_e | held
                    free = (pref_alloc[cls] | busy) ^ busy or (alloc_mask[cls] | busy) ^ busy
                    if free:
                        r = free.bit_length() - 1
                    elif op_con[o] == ANY:
                        allocs[o] = STACK_BASE + v
                        self.slot_used[v] = True
                        self.make_home(v, STACK_BASE + v, i)
                        continue
                    else:
                        self.held = held
                        r = self.pick_victim(alloc_mask[cls], i, o, after, before, base_e, base_l)
                        held = self.held
                    allocs[o] = r
                elif x < STACK_BASE:
                    # In a register it may be read from (every register a value is kept in
                    # is allocatable for its class).
                    allocs[o] = x
                    stamp[x] = clock
                    continue
                elif op_con[o] == ANY:
                    allocs[o] = x
                    continue
                else:
                    self.held = held
                    self.taken_e = taken_e
                    self.taken_l = taken_l
                    self.clock = clock
                    self.read_copy(i, lo, hi, o, v, x, False, after, before, base_e, base_l)
                    held = self.held
                    taken_e = self.taken_e
                    taken_l = self.taken_l
                    continue
                # The value's last use (going upwards): above, it lives in register ``r``.
                bit = bits[r]
                loc[v] = r
                home_inst[v] = i
                touched.append(v)
                held |= bit
                preg_vreg[r] = v
                stamp[r] = clock

            if conflicts:
                self.relocated = 0
            if non_ssa and self.slot_def_at == i:
                self.separate_redefined_reads(i, lo, hi, before)
            # (``self.held`` is set only for :meth:`finish_instruction`, which reads it.)
            if through or after:
                self.held = held
                self.finish_instruction(i, after, before, held_below, 0)
                after.clear()
                before.clear()
            elif before:
                if len(before) == 1 and before[0][1] < STACK_BASE and not on_stack[before[0][1]]:
                    # The commonest case (a fixed use copied into its register), inlined.
                    rev_edits.append((2 * i + BEFORE, MOVE, loc[before[0][0]], before[0][1]))
                else:
                    self.held = held
                    self.finish_instruction(i, after, before, held_below, 0)
                before.clear()
        self.held = held
        self.clock = clock

    def rare_use(
        self,
        i: int,
        lo: int,
        hi: int,
        o: int,
        after: list[tuple[int, int, int]],
        before: list[tuple[int, int, int]],
        base_e: int,
        base_l: int,
    ) -> None:
        """Allocate use ``o`` of instruction ``i`` that is a stack use or a late use.

        Works on the instruction's state in ``self`` (see :meth:`instructions`);
        ``base_e``/``base_l`` are its claims before step 3, for :meth:`pick_victim`.
        """
        func = self.func
        v = func.op_vreg[o]
        x = self.loc[v]
        cls = func.vreg_class[v]
        allocs = self.allocs
        con = func.op_con[o]
        if con == STACK:
            if x >= STACK_BASE:
                allocs[o] = x
                return
            a = STACK_BASE + v
            self.slot_used[v] = True
            allocs[o] = a
            if x >= 0:
                before.append((v, a, cls))
            else:
                self.make_home(v, a, i)
            return
        # A late use: its register must stay its own up to the late point.
        if 0 <= x < STACK_BASE and (
            self.home_inst[v] != i or not ((self.taken_l & ~self.late_homes) >> x) & 1
        ):
            self.taken_e |= 1 << x
            self.taken_l |= 1 << x
            allocs[o] = x
            self.stamp[x] = self.clock
            return
        if x >= 0:
            self.read_copy(i, lo, hi, o, v, x, True, after, before, base_e, base_l)
            return
        allowed = self.alloc_mask[cls]
        free = allowed & ~(self.taken_e | self.taken_l | self.held)
        if free:
            m = free & self.pref_mask
            r = (m or free).bit_length() - 1
        elif con == ANY:
            a = STACK_BASE + v
            self.slot_used[v] = True
            allocs[o] = a
            self.make_home(v, a, i)
            return
        else:
            r = self.pick_victim(allowed, i, o, after, before, base_e, base_l)
        allocs[o] = r
        bit = 1 << r
        self.taken_e |= bit
        self.taken_l |= bit
        self.late_homes |= bit
        self.make_home(v, r, i)

    def make_home(self, v: int, h: int, i: int) -> None:
        """``v``'s last use (going upwards) is at instruction ``i``: above it, ``v`` lives at ``h``."""
        self.loc[v] = h
        self.home_inst[v] = i
        self.touched.append(v)
        if h < STACK_BASE:
            self.held |= 1 << h
            self.preg_vreg[h] = v
            self.stamp[h] = self.clock

    def read_after_redefinition(self, i: int, lo: int, o: int, x: int, uses: list[int]) -> None:
        """Non-SSA input: operands before def ``o`` of instruction ``i`` read its vreg in place
        from ``x``, the register the def's value has below.  They read the old value, another
        value: they are allocated with the other uses once the def has left the register."""
        allocs = self.allocs
        op_kind = self.func.op_kind
        special = self.special
        # ``x`` holds the def's vreg, so every use read in place from it reads that vreg.
        for k in range(lo, o):
            if allocs[k] == x and op_kind[k] == USE and not special[k]:
                allocs[k] = -1
                uses.append(k)

    def rebuild_claims(self, i: int, lo: int, hi: int, taken_e: int, taken_l: int) -> None:
        """Set the exact claim masks of instruction ``i`` from its operands allocated so far.

        ``taken_e``/``taken_l`` are the claims before any operand was allocated
        (clobbers, fixed operands, values kept in place by :meth:`resolve_conflicts`).
        :meth:`instructions` leaves out the registers uses read in place; this adds
        them back, with the masks :meth:`pick_victim` consults, just before it or
        :meth:`read_copy` needs them.  Operands not yet allocated have allocation -1.
        """
        func = self.func
        op_vreg = func.op_vreg
        op_con = func.op_con
        op_pos = func.op_pos
        allocs = self.allocs
        loc = self.loc
        any_def_regs = 0
        any_use_regs = 0
        pinned_regs = 0
        in_place = 0
        for k in range(lo, hi):
            r = allocs[k]
            v = op_vreg[k]
            if r < 0 or r >= STACK_BASE or v < 0:
                continue
            bit = 1 << r
            con = op_con[k]
            if func.op_kind[k] == DEF:
                taken_l |= bit
                if op_pos[k] == EARLY or con == REUSE:
                    taken_e |= bit
                if con == ANY:
                    any_def_regs |= bit
                    self.any_def_op[r] = k
                continue
            taken_e |= bit
            late = op_pos[k] == LATE
            if loc[v] != r:
                if late:
                    taken_l |= bit
                continue  # a copy
            in_place |= bit
            live_below = self.home_inst[v] != i
            if live_below or late:
                taken_l |= bit
            if con != ANY:
                pinned_regs |= bit
            elif live_below:
                any_use_regs |= bit
        self.taken_e = taken_e
        self.taken_l = taken_l
        self.any_def_regs = any_def_regs
        self.any_use_regs = any_use_regs
        self.pinned_regs = pinned_regs
        self.relocated &= ~in_place

    def read_copy(
        self,
        i: int,
        lo: int,
        hi: int,
        o: int,
        v: int,
        x: int,
        late: bool,
        after: list[tuple[int, int, int]],
        before: list[tuple[int, int, int]],
        base_e: int,
        base_l: int,
    ) -> None:
        """Allocate use ``o`` of ``v``, which lives at ``x`` above instruction ``i`` but cannot be read there.

        ``x`` is a slot, or a register the operand may not read (wrong point).  An
        "any" use reads the slot; otherwise the value is copied into a register
        before the instruction, shared by the value's other uses here.  A value
        only in its slot below, read by this operand alone, is instead kept in a
        register up to here and stored after the instruction (a store in place of
        a reload).  Works on the instruction's state in ``self`` (``held``,
        ``taken_e``, ``taken_l`` and the steal masks of :meth:`pick_victim`).
        """
        func = self.func
        con = func.op_con[o]
        cls = func.vreg_class[v]
        allowed = self.alloc_mask[cls]
        held = self.held
        taken_e = self.taken_e
        taken_l = self.taken_l
        if x >= STACK_BASE:
            if con == ANY:
                self.allocs[o] = x
                return
            if self.home_inst[v] != i and func.inst_kind[i] == OP:
                busy = held | taken_e | taken_l
                free = (allowed | busy) ^ busy  # (cheaper than ``allowed & ~busy``)
                if free and func.op_vreg[lo:hi].count(v) == 1:  # no other operand names ``v``
                    r = (free & self.pref_mask or free).bit_length() - 1
                    bit = PREG_BIT[r]
                    self.allocs[o] = r
                    self.loc[v] = r
                    self.held = held | bit
                    self.preg_vreg[r] = v
                    self.stamp[r] = self.clock
                    self.taken_e = taken_e | bit
                    self.taken_l = taken_l | bit
                    self.moved(v, x, i)
                    return
        busy = taken_e | held
        if late:
            busy |= taken_l
        if self.copied_inst != i:
            self.copied_inst = i
            self.copied.clear()
        else:
            # Another use of the value here already has a copy in a register.
            r = self.copied.get(v, -1)
            if r >= 0 and (allowed >> r) & 1 and not (late and (taken_l >> r) & 1):
                self.allocs[o] = r
                if late:
                    self.taken_l = taken_l | (1 << r)
                return
        free = allowed & ~busy
        if free:
            m = free & self.pref_mask
            r = (m or free).bit_length() - 1
        elif con == ANY:
            # No register for another copy: this operand reads the value's slot.
            a = STACK_BASE + v
            self.slot_used[v] = True
            self.allocs[o] = a
            if x != a:
                before.append((v, a, cls))
            return
        else:
            r = self.pick_victim(allowed, i, o, after, before, base_e, base_l, (1 << x) if x < STACK_BASE else 0)
        self.allocs[o] = r
        self.taken_e |= PREG_BIT[r]
        if late:
            self.taken_l |= PREG_BIT[r]
        before.append((v, r, cls))
        self.copied[v] = r

    # -- instructions with "limit" operands: an exact search ---------------------------
    def constrained(self, i: int, held: int) -> int:
        """Allocate instruction ``i`` by a most-constrained-first search; return ``held`` above it.

        Used where the greedy walk could paint itself into a corner: operands are
        placed tightest first (fixed, then "limit" by ascending bound, reuse pairs,
        "reg", then "any"); a choice that leaves a later operand without a register
        is undone (depth-first search), and values live across the instruction are
        moved out of the way when an operand needs their register.
        """
        func = self.func
        lo = func.inst_op_start[i]
        hi = func.inst_op_start[i + 1]
        op_vreg = func.op_vreg
        op_kind = func.op_kind
        op_pos = func.op_pos
        op_con = func.op_con
        op_arg = func.op_arg
        vreg_class = func.vreg_class
        loc = self.loc
        below = self.below
        allocs = self.allocs
        preg_vreg = self.preg_vreg
        clock = self.clock
        nv = self.num_vregs
        held_below = held
        # Occupants are named by vreg for uses and residents; defs by ``def_base + vreg``,
        # because in non-SSA input a def may write the vreg another operand reads.
        def_base = nv + 1 + hi - lo
        after: list[tuple[int, int, int]] = []
        before: list[tuple[int, int, int]] = []
        for o in range(lo, hi):
            v = op_vreg[o]
            if op_kind[o] == DEF and v >= 0:
                x = loc[v]
                below[v] = x
                if 0 <= x < STACK_BASE:
                    held &= ~(1 << x)
                    preg_vreg[x] = -1
                loc[v] = -1
        # Who occupies each register at the early and late points (-1: nobody); values
        # live across the instruction ("residents") occupy theirs at both unless evicted.
        occ_e = [-1] * NUM_PREGS
        occ_l = [-1] * NUM_PREGS
        res_at = [-1] * NUM_PREGS
        m = held
        while m:
            low = m & -m
            r = low.bit_length() - 1
            m ^= low
            res_at[r] = preg_vreg[r]
        m = func.inst_clobber_mask[i]
        while m:
            low = m & -m
            r = low.bit_length() - 1
            m ^= low
            occ_l[r] = nv  # a clobber: nobody's value
        # Fixed operands take their registers unconditionally.
        for o in range(lo, hi):
            if op_con[o] != FIXED:
                continue
            p = op_arg[o]
            v = op_vreg[o]
            ident = nv + 1 + o - lo if v < 0 else def_base + v if op_kind[o] == DEF else v
            occ = occupancy(op_kind[o], op_pos[o])
            if occ & 1:
                occ_e[p] = ident
            if occ & 2:
                occ_l[p] = ident
            allocs[o] = p
        evicted: list[tuple[int, int]] = []  # (register, vreg) of residents moved away
        # Residents displaced by a fixed operand or a clobber.
        m = held
        while m:
            low = m & -m
            r = low.bit_length() - 1
            m ^= low
            w = res_at[r]
            if occ_e[r] not in (-1, w) or occ_l[r] not in (-1, w):
                res_at[r] = -1
                evicted.append((r, w))
        # Operands needing a register: (rank, early id, late id, allowed mask, operand).
        items: list[tuple[int, int, int, int, int]] = []
        reused = 0
        for o in range(lo, hi):
            if op_con[o] == REUSE:
                reused |= 1 << op_arg[o]
        for o in range(lo, hi):
            con = op_con[o]
            v = op_vreg[o]
            if con in (FIXED, STACK, ANY) or v < 0 or (reused >> (o - lo)) & 1:
                continue
            cls = vreg_class[v]
            allowed = self.alloc_mask[cls]
            bound = 64
            if con == REUSE:
                u = lo + op_arg[o]
                if op_con[u] == LIMIT:
                    bound = op_arg[u]
                early_id = op_vreg[u]
                late_id = def_base + v
            else:
                if con == LIMIT:
                    bound = op_arg[o]
                occ = occupancy(op_kind[o], op_pos[o])
                ident = def_base + v if op_kind[o] == DEF else v
                early_id = ident if occ & 1 else -1
                late_id = ident if occ & 2 else -1
            if bound < 64:
                allowed &= ((1 << bound) - 1) << (cls << 6)
            both = 0 if early_id >= 0 and late_id >= 0 else 1
            items.append((bound * 4 + both * 2 + (1 if con == REG else 0), early_id, late_id, allowed, o))
        items.sort()
        self.search_nodes = 0
        self.search_deepest = 0
        if not self.place_items(items, 0, occ_e, occ_l, res_at, evicted):
            o = items[self.search_deepest][4]
            v = op_vreg[o]
            raise AllocationError(
                f"no {CLASS_NAMES[vreg_class[v]]} register left for v{v}: no assignment of registers "
                f"satisfies every constraint of this instruction (searched {self.search_nodes} partial assignments)",
                inst=i,
                operand=o - lo,
            )
        for item in items:
            o = item[4]
            if op_con[o] == REUSE:
                allocs[lo + op_arg[o]] = allocs[o]
        # Residents moved away: to a register free throughout, else to their slot.
        for x, _w in evicted:
            held &= ~(1 << x)
            preg_vreg[x] = -1
        for x, w in evicted:
            h = self.free_for(w, OCC_E | OCC_L, occ_e, occ_l, res_at)
            if h < 0:
                h = STACK_BASE + w
                self.slot_used[w] = True
            else:
                held |= 1 << h
                preg_vreg[h] = w
                res_at[h] = w
                self.stamp[h] = self.stamp[x]
            loc[w] = h
            self.moved(w, x, i)
        # "any" and "stack" operands, then where each value used here lives above.
        for o in range(lo, hi):
            con = op_con[o]
            v = op_vreg[o]
            if v < 0 or (con != ANY and con != STACK) or (reused >> (o - lo)) & 1:
                continue
            occ = occupancy(op_kind[o], op_pos[o])
            slot = STACK_BASE + v
            ident = v
            if op_kind[o] == DEF:
                ident = def_base + v
                x = below[v]
                if con == STACK or x >= STACK_BASE:
                    a = x if x >= STACK_BASE else slot
                elif x >= 0 and self.fits(x, ident, occ, occ_e, occ_l, res_at):
                    a = x
                else:
                    a = self.free_for(v, occ, occ_e, occ_l, res_at, ident)
                    if a < 0:
                        a = slot
            elif con == STACK:
                a = loc[v] if loc[v] >= STACK_BASE else slot
            else:
                a = -1
                x = loc[v]
                if 0 <= x < STACK_BASE and res_at[x] == v:
                    a = x
                else:
                    m = self.alloc_mask[vreg_class[v]]
                    while m:
                        low = m & -m
                        r = low.bit_length() - 1
                        m ^= low
                        if occ_e[r] == v and self.fits(r, v, occ, occ_e, occ_l, res_at):
                            a = r
                            break
                if a < 0:
                    if x >= STACK_BASE:
                        a = x
                    else:
                        a = self.free_for(v, occ, occ_e, occ_l, res_at)
                        if a < 0:
                            a = slot
            if 0 <= a < STACK_BASE:
                if occ & 1:
                    occ_e[a] = ident
                if occ & 2:
                    occ_l[a] = ident
            elif a == slot:
                self.slot_used[v] = True
            allocs[o] = a
        for o in range(lo, hi):
            v = op_vreg[o]
            if v < 0:
                continue
            cls = vreg_class[v]
            a = allocs[o]
            if op_kind[o] == DEF:
                x = below[v]
                if x >= 0 and x != a:
                    after.append((a, x, cls))
                continue
            if loc[v] < 0:
                # Last use: the value's home above is where this operand reads it.
                h = a
                if a < STACK_BASE and not (self.alloc_all >> a) & 1:
                    h = self.free_for(v, 1, occ_e, occ_l, res_at)
                    if h < 0:
                        h = STACK_BASE + v
                        self.slot_used[v] = True
                elif a >= STACK_BASE and a != STACK_BASE + v:
                    h = STACK_BASE + v
                    self.slot_used[v] = True
                loc[v] = h
                self.home_inst[v] = i
                self.touched.append(v)
                if h < STACK_BASE:
                    held |= 1 << h
                    preg_vreg[h] = v
                    self.stamp[h] = clock
                    occ_e[h] = v
            if loc[v] != a:
                before.append((v, a, cls))
            elif a < STACK_BASE:
                self.stamp[a] = clock
        self.held = held
        if self.non_ssa:
            self.separate_redefined_reads(i, lo, hi, before)
        early_busy = 0
        for r in range(NUM_PREGS):
            if occ_e[r] != -1:
                early_busy |= 1 << r
        self.finish_instruction(i, after, before, held_below, early_busy)
        return held

    def place_items(
        self,
        items: list[tuple[int, int, int, int, int]],
        k: int,
        occ_e: list[int],
        occ_l: list[int],
        res_at: list[int],
        evicted: list[tuple[int, int]],
    ) -> bool:
        """Give items ``k``... registers (depth-first; undone on failure).  See :meth:`constrained`."""
        if k == len(items):
            return True
        self.search_nodes += 1
        if k > self.search_deepest:
            self.search_deepest = k
        if self.search_nodes > SEARCH_LIMIT:
            return False
        _rank, early_id, late_id, allowed, o = items[k]
        func = self.func
        own = -1
        if func.op_kind[o] == DEF:
            x = self.below[func.op_vreg[o]]
            own = x if 0 <= x < STACK_BASE else -1
        elif early_id >= 0:
            x = self.loc[early_id]
            own = x if 0 <= x < STACK_BASE else -1
        same: list[int] = []
        free: list[int] = []
        taken: list[int] = []
        m = allowed
        while m:
            r = m.bit_length() - 1
            m ^= 1 << r
            if early_id >= 0 and occ_e[r] != -1 and occ_e[r] != early_id:
                continue
            if late_id >= 0 and occ_l[r] != -1 and occ_l[r] != late_id:
                continue
            w = res_at[r]
            if r == own or (early_id >= 0 and occ_e[r] == early_id):
                same.append(r)
            elif w < 0:
                free.append(r)
            else:
                taken.append(r)
        if len(free) > 1:
            pref = self.pref_mask
            free.sort(key=lambda r: 0 if (pref >> r) & 1 else 1)
        if len(taken) > 1:
            stamp = self.stamp
            taken.sort(key=stamp.__getitem__)
        for r in same + free + taken:
            w = res_at[r]
            evict = w >= 0 and ((early_id >= 0 and w != early_id) or (late_id >= 0 and w != late_id))
            set_e = early_id >= 0 and occ_e[r] == -1
            set_l = late_id >= 0 and occ_l[r] == -1
            if evict:
                res_at[r] = -1
                evicted.append((r, w))
            if set_e:
                occ_e[r] = early_id
            if set_l:
                occ_l[r] = late_id
            self.allocs[o] = r
            if self.place_items(items, k + 1, occ_e, occ_l, res_at, evicted):
                return True
            if set_e:
                occ_e[r] = -1
            if set_l:
                occ_l[r] = -1
            if evict:
                res_at[r] = w
                evicted.pop()
            if self.search_nodes > SEARCH_LIMIT:
                return False
        return False

    def fits(self, r: int, v: int, occ: int, occ_e: list[int], occ_l: list[int], res_at: list[int]) -> bool:
        """Whether occupant ``v`` may occupy register ``r`` at the sub-points ``occ`` (bit 1 early, 2 late)."""
        if res_at[r] >= 0 and res_at[r] != v:
            return False
        if occ & 1 and occ_e[r] != -1 and occ_e[r] != v:
            return False
        return not (occ & 2 and occ_l[r] != -1 and occ_l[r] != v)

    def free_for(
        self, v: int, occ: int, occ_e: list[int], occ_l: list[int], res_at: list[int], ident: int = -1
    ) -> int:
        """A register of ``v``'s class nobody else occupies at sub-points ``occ``, or -1; claims it
        for occupant ``ident`` (default ``v``; see :meth:`constrained`)."""
        m = self.alloc_mask[self.func.vreg_class[v]]
        if ident < 0:
            ident = v
        pm = m & self.pref_mask
        for mask in (pm, m & ~pm):
            while mask:
                r = mask.bit_length() - 1
                mask ^= 1 << r
                if res_at[r] < 0 and self.fits(r, ident, occ, occ_e, occ_l, res_at):
                    if occ & 1:
                        occ_e[r] = ident
                    if occ & 2:
                        occ_l[r] = ident
                    return r
        return -1

    def separate_redefined_reads(self, i: int, lo: int, hi: int, before: list[tuple[int, int, int]]) -> None:
        """Non-SSA input: a use of a vreg that instruction ``i`` also defines, placed in the same
        slot as that def at an overlapping point, reads a private copy of the old value instead
        (only registers are kept apart by the walk's claims; a vreg has one slot)."""
        func = self.func
        op_vreg = func.op_vreg
        op_kind = func.op_kind
        op_pos = func.op_pos
        allocs = self.allocs
        for d in range(lo, hi):
            v = op_vreg[d]
            a = allocs[d]
            if op_kind[d] != DEF or v < 0 or a < STACK_BASE:
                continue
            written = occupancy(DEF, op_pos[d])
            for k in range(lo, hi):
                if op_vreg[k] == v and op_kind[k] == USE and allocs[k] == a and occupancy(USE, op_pos[k]) & written:
                    cls = func.vreg_class[v]
                    private = self.extra_slot(cls)
                    allocs[k] = private
                    before.append((v, private, cls))

    def finish_instruction(
        self,
        i: int,
        after: list[tuple[int, int, int]],
        before: list[tuple[int, int, int]],
        held_below: int,
        early_busy: int,
    ) -> None:
        """Emit the moves after and before instruction ``i`` (``self.held`` is the state above it;
        ``early_busy``: registers operands occupy at the early point, no scratch space).

        ``before`` holds ``(vreg, destination, class)`` and is turned into the moves in place."""
        loc = self.loc
        through = self.through
        if through:
            # Values live across the instruction go back to where the code below wants them.
            for v, x, cls in through:
                if loc[v] != x:
                    after.append((loc[v], x, cls))
            through.clear()
        if after:
            if self.func.inst_kind[i] != OP:
                raise AllocationError(
                    "the fast allocator cannot place a value defined, clobbered or displaced by a branch "
                    "where its successor expects it (no moves may follow a branch)",
                    inst=i,
                )
            if not self.emit_plain(i * 2 + AFTER, after):
                self.emit_sequence(i * 2 + AFTER, after, self.alloc_all & ~held_below)
        if before:
            # Sources are where each value is above the instruction, known only now: ``before``
            # becomes the moves (in place, sparing a new list).
            for k, (v, dst, cls) in enumerate(before):
                before[k] = (loc[v], dst, cls)
            if not self.emit_plain(i * 2 + BEFORE, before):
                self.emit_sequence(i * 2 + BEFORE, before, self.alloc_all & ~self.held & ~early_busy)

    def moved(self, v: int, below: int, inst: int) -> None:
        """Note that live value ``v``, expected at ``below`` after ``inst``, moves at ``inst``.

        The move back is added when the instruction is done, from wherever ``v``
        ended up (it may move more than once while the instruction is allocated).
        """
        if self.through_mark[v] != inst:
            self.through_mark[v] = inst
            self.through.append((v, below, self.func.vreg_class[v]))

    def taken_at_branch(self, br: int) -> int:
        """Registers the operands of instruction ``br`` occupy."""
        func = self.func
        mask = 0
        for o in range(func.inst_op_start[br], func.inst_op_start[br + 1]):
            a = self.allocs[o]
            if 0 <= a < STACK_BASE:
                mask |= 1 << a
        return mask

    def resolve_conflicts(
        self,
        i: int,
        lo: int,
        hi: int,
        conflicts: int,
        clob: int,
        taken_e: int,
        taken_l: int,
        released: int,
    ) -> None:
        """Move live values out of registers that fixed operands or clobbers take at ``i``.

        A value may stay only where its own fixed uses are the sole claimants and
        the register is not clobbered; it then occupies the register throughout.
        Others go to a free register (preferably not one a def of ``i`` had below,
        ``released``), else to their
        spill slot; the move back comes after the instruction.
        Results are left in ``self.held``, ``self.taken_e`` and ``self.taken_l``.
        """
        func = self.func
        preg_vreg = self.preg_vreg
        held = self.held
        m = conflicts
        while m:
            low = m & -m
            r = low.bit_length() - 1
            m ^= low
            w = preg_vreg[r]
            stays = not clob & low
            if stays:
                for o in range(lo, hi):
                    if func.op_con[o] == FIXED and func.op_arg[o] == r and (
                        func.op_vreg[o] != w or func.op_kind[o] != USE
                    ):
                        stays = False
                        break
            if stays:
                taken_e |= low
                taken_l |= low
                continue
            cls = func.vreg_class[w]
            busy = held | taken_e | taken_l
            # (``(m | b) ^ b`` is ``m & ~b`` without the negative operand that makes it dearer.)
            free = (self.alloc_mask[cls] | busy) ^ busy
            unreleased = (free | released) ^ released
            if unreleased:
                free = unreleased
            held ^= low
            preg_vreg[r] = -1
            if free:
                h = (free & self.pref_mask or free).bit_length() - 1
                bit = PREG_BIT[h]
                held |= bit
                preg_vreg[h] = w
                self.relocated |= bit
                self.stamp[h] = self.stamp[r]
                taken_e |= bit
                taken_l |= bit
            else:
                h = STACK_BASE + w
                self.slot_used[w] = True
            self.loc[w] = h
            self.moved(w, r, i)
        self.held = held
        self.taken_e = taken_e
        self.taken_l = taken_l
