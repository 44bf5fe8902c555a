"""Live ranges, uses and physical-register reservations: ion's input, built once.

Positions are ints with an early (even) and a late (odd) sub-point per slot.
Each block has an *entry slot*, where its live-ins and parameters arrive (edge
moves land there), followed by one slot per instruction: instruction ``i`` has
positions ``P = inst_pos[i]`` (early) and ``P + 1`` (late), and edits "before"
``i`` happen between ``P - 1`` and ``P``.  A live range is a half-open
``[from, to)`` of positions of one vreg.  Operand occupancy maps like this:

* early use ``[P, P+1)``; late use ``[P, P+2)``;
* late def from ``P+1``; early def from ``P``; a clobber ``[P+1, P+2)``.

Constraints the core loop should never special-case are rewritten here:

* A fixed-register operand becomes an ordinary use (or def) hinted to that
  register plus a *copy* between the value's location and the register, and
  the register is *reserved* for that vreg at that point.  When the allocator
  does put the value in the register the copy disappears; a vreg used in two
  fixed registers by one instruction simply gets two copies.
* A reuse def whose input dies at the instruction is *tied* to it: both must
  end up in one bundle (see :mod:`regalloc.ion.merge`) so they share a
  register.  If the input lives on (or the merge fails) the def starts early
  instead and the input is copied into the def's register before the
  instruction.
* At an instruction that may need more registers at its late point than the
  class has, a register use of a value that lives on reads a one-instruction
  *copy vreg* instead, so the value itself may stay on the stack across it.
* A stack use of a value the same instruction needs in a register reads a
  private slot filled by a copy.
"""

from __future__ import annotations

from regalloc.analysis.liveness import bitset_members, sparse_liveness
from regalloc.analysis.loops import loop_depths
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.function import ANY, DEF, EARLY, FIXED, LATE, LIMIT, REG, REUSE, STACK, USE, Function

# Use flags: where a use or def may live.
ANY_LOC = 0
REG_ONLY = 1
STACK_ONLY = 2

# Scale of the use weights of a rematerializable vreg.  Its spilled pieces cost
# a remat (1) per reload instead of 2, and no store; but a bundle that loses its
# register is also split, which costs moves of its own.  On the remat-medium
# corpus and a 200-function sample 3/4 did best; 1/2, or defs weighing nothing,
# cost about 1% more weighted cost.
REMAT_WEIGHT = 0.75

# Weight of a use by loop depth, capped like the cost model.
_MAX_DEPTH = 6




class LiveRanges:
    """Ranges, uses, reservations and fixup copies of one function (flat lists).

    Ranges ``r``: ``range_from/to/vreg`` and ``range_uses[r]`` (use ids by point).
    Uses ``u``: ``use_point``, ``use_vreg``, ``use_flags`` (``ANY_LOC`` /
    ``REG_ONLY`` / ``STACK_ONLY``), ``use_mask`` (registers allowed),
    ``use_hint`` (preferred preg or -1), ``use_weight``.
    ``vreg_ranges[v]``: v's ranges in order.  Per preg ``p`` the reservations
    are ``res_from[p] / res_to[p] / res_owner[p]`` (sorted, disjoint; owner is
    the vreg allowed to sit there, or -1).
    ``pre_copies``: ``(inst, vreg, dst)`` copies before ``inst`` after all other
    moves there, ``dst`` a preg or ``-1 - d`` for "where vreg d is at the
    instruction's early point".  ``operand_copy[o]``: the copy vreg operand
    ``o`` reads instead of its own (vregs from ``func.num_vregs`` on are copies).
    ``post_copies``: ``(inst, vreg, preg)`` after ``inst``: from the fixed def
    register to the vreg's location.  ``ties``: ``(inst, def_use, input_use,
    input_operand)`` reuse pairs that should share one bundle.
    ``stack_copies``: ``(inst, vreg, operand)`` stack operands of a vreg that
    the same instruction also needs in a register; each reads a private slot.
    A branch of a block with one successor runs after that edge's moves: a
    fixed register it reads is also reserved at the successor's start, and for
    the branches in ``kept_branches`` each value read is also kept at the
    successor's start as a copy vreg: ``branch_copies`` holds ``(branch, vreg,
    copy)``, filled by a move among the edge moves.
    ``copy_only_uses``: uses whose operand never reads the vreg's own location
    (a copy moves the value in or out), so a rematerialized piece can serve them.
    ``def_uses``: the uses that are defs.
    Uses of a rematerializable vreg weigh less (:data:`REMAT_WEIGHT`), so it gives
    up its register first.
    """

    def __init__(
        self,
        func: Function,
        env: MachineEnv,
        kept_branches: frozenset[int] = frozenset(),
        liveness: tuple[list[list[int]], list[list[int]]] | None = None,
    ) -> None:
        if not func.ssa:
            raise AllocationError("the ion allocator needs SSA input (no mod operands)")
        self.func = func
        self.env = env
        self.kept_branches = kept_branches
        self.range_from: list[int] = []
        self.range_to: list[int] = []
        self.range_vreg: list[int] = []
        self.range_uses: list[list[int]] = []
        self.use_point: list[int] = []
        self.use_vreg: list[int] = []
        self.use_flags: list[int] = []
        self.use_mask: list[int] = []
        self.use_hint: list[int] = []
        self.use_weight: list[float] = []
        self.use_range: list[int] = []
        self.pre_copies: list[tuple[int, int, int]] = []
        self.post_copies: list[tuple[int, int, int]] = []
        self.ties: list[tuple[int, int, int, int]] = []
        self.stack_copies: list[tuple[int, int, int]] = []
        self.branch_copies: list[tuple[int, int, int]] = []
        self.vreg_ranges: list[list[int]] = []
        self.copy_only_uses: set[int] = set()
        self.def_uses: set[int] = set()
        # Classes of the function's vregs followed by those of copy vregs made here.
        self.vreg_class: list[int] = list(func.vreg_class)
        self.operand_copy: dict[int, int] = {}
        nregs = 192
        self.res_from: list[list[int]] = [[] for _ in range(nregs)]
        self.res_to: list[list[int]] = [[] for _ in range(nregs)]
        self.res_owner: list[list[int]] = [[] for _ in range(nregs)]
        # Positions: each block has an entry slot (where its live-ins arrive and
        # edge moves land) before its first instruction, so a value can change
        # location between arriving and its block's first instruction.
        self.inst_pos: list[int] = [2 * (i + b + 1) for i, b in enumerate(func.inst_block)]
        self.block_entry: list[int] = [2 * (func.block_inst_start[b] + b) for b in range(func.num_blocks)]
        self.block_end: list[int] = [2 * (func.block_inst_end[b] + b + 1) for b in range(func.num_blocks)]
        # The instruction each slot (position >> 1) belongs to; an entry slot maps
        # to its block's first instruction (edits there are "before" it).
        self.slot_inst: list[int] = []
        for b in range(func.num_blocks):
            self.slot_inst.append(func.block_inst_start[b])
            self.slot_inst.extend(range(func.block_inst_start[b], func.block_inst_end[b]))
        # Per block, live-in and live-out vregs (ascending): ``liveness`` if the
        # caller already has them from :func:`~regalloc.analysis.liveness.sparse_liveness`.
        self.live_in, self.live_out = liveness if liveness is not None else sparse_liveness(func)
        self.block_depth = loop_depths(func)
        self._build()

    # -- construction --------------------------------------------------------
    def _new_use(self, pt: int, v: int, flags: int, mask: int, hint: int, weight: float) -> int:
        u = len(self.use_point)
        self.use_point.append(pt)
        self.use_vreg.append(v)
        self.use_flags.append(flags)
        self.use_mask.append(mask)
        self.use_hint.append(hint)
        self.use_weight.append(weight)
        return u

    def _build(self) -> None:
        func = self.func
        env = self.env
        op_start = func.inst_op_start
        op_vreg = func.op_vreg
        op_kind = func.op_kind
        op_pos = func.op_pos
        op_con = func.op_con
        op_arg = func.op_arg
        vreg_class = self.vreg_class
        alloc_mask = env.allocatable_mask
        kept_branches = self.kept_branches
        clobber_mask = func.inst_clobber_mask
        all_alloc = env.all_allocatable_mask
        clobber_count = [m.bit_count() for m in clobber_mask]
        inst_pos = self.inst_pos
        block_entry = self.block_entry
        block_end = self.block_end
        min_allocatable = min([m.bit_count() for m in alloc_mask if m] or [0])
        use_point = self.use_point
        use_vreg = self.use_vreg
        use_flags = self.use_flags
        use_mask = self.use_mask
        use_hint = self.use_hint
        use_weight = self.use_weight
        # Raw ranges before coalescing: (vreg, from, to, uses).
        raw_v: list[int] = []
        raw_f: list[int] = []
        raw_t: list[int] = []
        raw_u: list[list[int]] = []
        reservations: list[tuple[int, int, int, int, int, bool]] = []  # (preg, from, to, owner, inst, soft)
        def_uses: list[int] = []
        copy_only = self.copy_only_uses
        for b in range(func.num_blocks):
            weight = float(8 ** min(self.block_depth[b], _MAX_DEPTH))
            start = func.block_inst_start[b]
            end = func.block_inst_end[b]
            live_end: dict[int, int] = dict.fromkeys(self.live_out[b], block_end[b])
            late_branch = -1
            succ_entry = 0
            succ_params: list[int] = []
            if func.block_succ_start[b + 1] - func.block_succ_start[b] == 1:
                late_branch = end - 1
                succ = func.block_succs[func.block_succ_start[b]]
                succ_entry = block_entry[succ]
                succ_params = func.params_of(succ)
            pending: dict[int, list[int]] = {}
            for i in range(end - 1, start - 1, -1):
                pi = inst_pos[i]
                lo = op_start[i]
                hi = op_start[i + 1]
                tied_here: list[tuple[int, int]] = []
                use_of_operand: dict[int, int] = {}
                stack_uses: list[tuple[int, int]] = []
                reg_vregs: set[int] = set()
                if clobber_count[i]:
                    for r in bitset_members(clobber_mask[i] & all_alloc):
                        reservations.append((r, pi + 1, pi + 2, -1, i, False))
                tight = 0
                if i != late_branch and hi - lo + clobber_count[i] > min_allocatable:
                    tight = self._tight_classes(i, pi, live_end)
                copies_here: dict[int, int] = {}
                copy_raw: dict[int, int] = {}
                copied_inputs: set[int] = set()
                # Defs first: scanning backwards, they end what is live after i.
                for o in range(lo, hi):
                    if op_kind[o] != DEF:
                        continue
                    v = op_vreg[o]
                    con = op_con[o]
                    if v < 0:
                        continue
                    cls = vreg_class[v]
                    dp = pi if op_pos[o] == EARLY else pi + 1
                    flags = ANY_LOC
                    mask = alloc_mask[cls]
                    hint = -1
                    tied_input = -1
                    if con == FIXED:
                        r = op_arg[o]
                        hint = r
                        reservations.append((r, dp, pi + 2, v, i, False))
                        self.post_copies.append((i, v, r))
                    elif con == REG:
                        flags = REG_ONLY
                    elif con == STACK:
                        flags = STACK_ONLY
                    elif con == LIMIT:
                        flags = REG_ONLY
                        mask &= ((1 << op_arg[o]) - 1) << (cls * 64)
                    elif con == REUSE:
                        flags = REG_ONLY
                        u_op = lo + op_arg[o]
                        uv = op_vreg[u_op]
                        if op_con[u_op] == LIMIT:
                            # The input's operand reads the def's register.
                            mask &= ((1 << op_arg[u_op]) - 1) << (cls * 64)
                        late_used = any(
                            op_vreg[x] == uv and op_kind[x] == USE and op_pos[x] == LATE for x in range(lo, hi)
                        )
                        if dp == pi + 1 and uv not in live_end and not late_used and uv >= 0:
                            tied_input = u_op
                        else:
                            dp = pi
                            self.pre_copies.append((i, uv, -1 - v))
                            copied_inputs.add(u_op)
                    du = len(use_point)
                    def_uses.append(du)
                    if con == FIXED:
                        copy_only.add(du)
                    use_point.append(dp)
                    use_vreg.append(v)
                    use_flags.append(flags)
                    use_mask.append(mask)
                    use_hint.append(hint)
                    use_weight.append(weight)
                    uses = pending.pop(v, [])
                    uses.append(du)
                    end_pt = live_end.pop(v, pi + 2)
                    raw_v.append(v)
                    raw_f.append(dp)
                    raw_t.append(end_pt)
                    raw_u.append(uses)
                    if tied_input >= 0:
                        tied_here.append((du, tied_input))
                # Uses: each extends its vreg's liveness back to this instruction.
                for o in range(lo, hi):
                    if op_kind[o] != USE:
                        continue
                    v = op_vreg[o]
                    if v < 0:
                        continue
                    cls = vreg_class[v]
                    con = op_con[o]
                    late = op_pos[o] == LATE
                    up = pi + 1 if late else pi
                    need = pi + 2 if late else pi + 1
                    flags = ANY_LOC
                    mask = alloc_mask[cls]
                    hint = -1
                    if o in copied_inputs:
                        # The operand reads the reuse def's register, filled by a copy.
                        con = ANY
                    if con == FIXED:
                        r = op_arg[o]
                        hint = r
                        reservations.append((r, pi, need, v, i, False))
                        self.pre_copies.append((i, v, r))
                    elif con == REG:
                        flags = REG_ONLY
                    elif con == STACK:
                        flags = STACK_ONLY
                    elif con == LIMIT:
                        flags = REG_ONLY
                        mask &= ((1 << op_arg[o]) - 1) << (cls * 64)
                    if i in kept_branches and i == late_branch:
                        # This branch's operands compete with the successor's values
                        # for registers: the operand reads a copy of v made by the
                        # edge moves and kept, with its constraint, at the
                        # successor's start.
                        if flags == STACK_ONLY:
                            flags = ANY_LOC
                            self.stack_copies.append((i, v, o))
                        c = copies_here.get(v, -1)
                        if c < 0:
                            c = len(self.vreg_class)
                            self.vreg_class.append(cls)
                            copies_here[v] = c
                            self.branch_copies.append((i, v, c))
                            copy_raw[c] = len(raw_v)
                            raw_v.append(c)
                            raw_f.append(succ_entry)
                            raw_t.append(succ_entry + 1)
                            raw_u.append([])
                        raw_u[copy_raw[c]].append(self._new_use(succ_entry, c, flags, mask, hint, weight))
                        self.operand_copy[o] = c
                        flags = ANY_LOC
                        mask = alloc_mask[cls]
                        hint = -1
                    if i == late_branch and con == FIXED:
                        # The edge moves before this branch must not fill the fixed
                        # register with the successor's values.
                        # (A parameter of the successor gets a new value there: no exemption.)
                        owner = -1 if v in succ_params else v
                        reservations.append((op_arg[o], succ_entry, succ_entry + 1, owner, i, True))
                    if flags == REG_ONLY and (tight >> cls) & 1 and not late and live_end.get(v, -1) > need:
                        # v lives on past an instruction with too few registers left at
                        # its late point: the operand reads a register copy of v.
                        c = copies_here.get(v, -1)
                        if c < 0:
                            c = len(self.vreg_class)
                            self.vreg_class.append(cls)
                            copies_here[v] = c
                            copy_raw[c] = len(raw_v)
                            raw_v.append(c)
                            raw_f.append(pi)
                            raw_t.append(pi + 1)
                            raw_u.append([self._new_use(pi, c, REG_ONLY, mask, -1, weight)])
                            self.pre_copies.append((i, v, -1 - c))
                        else:
                            self.use_mask[raw_u[copy_raw[c]][0]] &= mask
                        self.operand_copy[o] = c
                        uid = self._new_use(up, v, ANY_LOC, alloc_mask[cls], -1, weight)
                        flags = ANY_LOC
                    else:
                        uid = len(use_point)
                        use_point.append(up)
                        use_vreg.append(v)
                        use_flags.append(flags)
                        use_mask.append(mask)
                        use_hint.append(hint)
                        use_weight.append(weight)
                    if con == FIXED or o in copied_inputs or o in self.operand_copy:
                        copy_only.add(uid)
                    if tied_here:
                        use_of_operand[o] = uid
                    pv = pending.get(v)
                    if pv is None:
                        pending[v] = [uid]
                    else:
                        pv.append(uid)
                    if flags == STACK_ONLY:
                        stack_uses.append((o, uid))
                    elif flags == REG_ONLY:
                        reg_vregs.add(v)
                    if live_end.get(v, -1) < need:
                        live_end[v] = need
                for du, u_op in tied_here:
                    iu = self._mark_tied_input(use_of_operand[u_op])
                    self.ties.append((i, du, iu, u_op))
                    reg_vregs.add(op_vreg[u_op])
                for o, uid in stack_uses:
                    if op_vreg[o] in reg_vregs:
                        # Wanted in a register and on the stack at once: the stack
                        # operand reads a private copy in a slot of its own.
                        self.use_flags[uid] = ANY_LOC
                        self.stack_copies.append((i, op_vreg[o], o))
                        copy_only.add(uid)
            p0 = func.block_param_start[b]
            p1 = func.block_param_start[b + 1]
            for v in func.block_params[p0:p1]:
                end_pt = live_end.pop(v, -1)
                if end_pt >= 0:
                    raw_v.append(v)
                    raw_f.append(block_entry[b])
                    raw_t.append(end_pt)
                    raw_u.append(pending.pop(v, []))
            for v, end_pt in live_end.items():
                raw_v.append(v)
                raw_f.append(block_entry[b])
                raw_t.append(end_pt)
                raw_u.append(pending.pop(v, []))
        self.def_uses = set(def_uses)
        self._discount_remat()
        self._coalesce(raw_v, raw_f, raw_t, raw_u)
        self._reserve(reservations)

    def _discount_remat(self) -> None:
        """Lower the weights of rematerializable vregs' uses (see the class doc)."""
        remat = self.func.remat
        if not remat:
            return
        use_vreg = self.use_vreg
        use_weight = self.use_weight
        for u in range(len(use_weight)):
            if use_vreg[u] in remat:
                use_weight[u] *= REMAT_WEIGHT

    def _tight_classes(self, i: int, pi: int, live_end: dict[int, int]) -> int:
        """Bitset of classes whose registers instruction ``i`` may need more of than there
        are for the values that must keep a register across it: register defs, late uses
        and uses of values that live on, besides the registers the instruction blocks at
        one of its points (clobbers and fixed operands, which a value living across
        cannot sit in either)."""
        func = self.func
        demand = [0, 0, 0]
        op_vreg = func.op_vreg
        op_kind = func.op_kind
        op_con = func.op_con
        op_pos = func.op_pos
        op_arg = func.op_arg
        blocked = func.inst_clobber_mask[i]
        seen: set[int] = set()
        for o in range(func.inst_op_start[i], func.inst_op_start[i + 1]):
            con = op_con[o]
            if con == FIXED:
                blocked |= 1 << op_arg[o]
                continue
            v = op_vreg[o]
            if v < 0 or con in (ANY, STACK):
                continue
            cls = self.vreg_class[v]
            if op_kind[o] == DEF or op_pos[o] == LATE:
                demand[cls] += 1
            elif v not in seen and live_end.get(v, -1) >= pi + 2:
                seen.add(v)
                demand[cls] += 1
        tight = 0
        alloc_mask = self.env.allocatable_mask
        for cls in range(3):
            if demand[cls] and demand[cls] + (blocked & alloc_mask[cls]).bit_count() > alloc_mask[cls].bit_count():
                tight |= 1 << cls
        return tight

    def _mark_tied_input(self, u: int) -> int:
        """The input use ``u`` of a tied reuse needs a register (the def's); returns ``u``."""
        self.use_flags[u] = REG_ONLY
        return u

    def _coalesce(self, raw_v: list[int], raw_f: list[int], raw_t: list[int], raw_u: list[list[int]]) -> None:
        """Sort each vreg's raw ranges and join touching ones (across blocks)."""
        keys = [(v << 32) | f for v, f in zip(raw_v, raw_f, strict=True)]
        order = sorted(range(len(raw_v)), key=keys.__getitem__)
        self.vreg_ranges = [[] for _ in range(len(self.vreg_class))]
        use_point = self.use_point
        self.use_range = [-1] * len(use_point)
        last_v = -1
        for k in order:
            v = raw_v[k]
            if v == last_v and self.range_to[-1] >= raw_f[k]:
                if raw_t[k] > self.range_to[-1]:
                    self.range_to[-1] = raw_t[k]
                self.range_uses[-1].extend(raw_u[k])
                continue
            last_v = v
            self.range_from.append(raw_f[k])
            self.range_to.append(raw_t[k])
            self.range_vreg.append(v)
            self.range_uses.append(list(raw_u[k]))
            self.vreg_ranges[v].append(len(self.range_from) - 1)
        use_range = self.use_range
        for r, uses in enumerate(self.range_uses):
            if len(uses) > 1:
                uses.sort(key=use_point.__getitem__)
            for u in uses:
                use_range[u] = r

    def _reserve(self, reservations: list[tuple[int, int, int, int, int, bool]]) -> None:
        """Sort the reservations per preg and join overlaps.

        Overlapping reservations of one owner merge; a *soft* one (a branch's
        fixed register kept free at its successor's start) merges with any
        other into a reservation nobody may use.  Others cannot both be met.
        """
        env = self.env
        reservations.sort()
        last_soft = [False] * len(self.res_from)
        for p, f, t, owner, inst, soft in reservations:
            if not env.is_allocatable(p):
                continue
            rf = self.res_from[p]
            rt = self.res_to[p]
            ro = self.res_owner[p]
            if rf and rt[-1] > f:
                if ro[-1] != owner:
                    if not (soft or last_soft[p]):
                        raise AllocationError(f"register {env.reg_name(p)} is needed by two values at once", inst=inst)
                    ro[-1] = -1
                if t > rt[-1]:
                    rt[-1] = t
                last_soft[p] = last_soft[p] or soft
                continue
            rf.append(f)
            rt.append(t)
            ro.append(owner)
            last_soft[p] = soft

    # -- queries -------------------------------------------------------------
    def untie(self, def_use: int, input_use: int, inst: int) -> None:
        """Turn a tied reuse into an early def plus a copy of the input (merge failed)."""
        r = self.use_range[def_use]
        self.range_from[r] = self.inst_pos[inst]
        self.use_point[def_use] = self.inst_pos[inst]
        v = self.use_vreg[def_use]
        uv = self.use_vreg[input_use]
        self.pre_copies.append((inst, uv, -1 - v))
        self.copy_only_uses.add(input_use)
        self.use_flags[input_use] = ANY_LOC
        self.use_mask[input_use] = self.env.allocatable_mask[self.vreg_class[uv]]
