"""The abstract interpretation: which vregs each location holds, at every use.

The state maps a state key (a preg, or ``STACK_BASE + slot`` for each spill
slot) to the frozenset of vregs whose current value it holds; absent keys hold
nothing.  Blocks reachable from the entry are processed in reverse postorder
from a worklist until the entry states stop shrinking; states at a join are
intersected per key.  Unvisited predecessors do not constrain a join yet, so
states only ever shrink and a use that fails in any pass fails at the fixpoint
too: errors are raised as soon as they are seen.

On every edge the state keeps only the vregs live into the successor (from
:mod:`regalloc.analysis.liveness`): a dead vreg can never be read again, so
dropping it changes no verdict but keeps the states, and the joins, small.
(Dropping can only make the checker stricter, so a wrong liveness could cause
a false rejection, never a false acceptance.)
"""

from __future__ import annotations

import heapq

from regalloc.analysis.cfg import reverse_postorder, rpo_numbers
from regalloc.analysis.liveness import bitset_members, compute_liveness
from regalloc.checker.locations import covered
from regalloc.checker.static import move_class, operand_str
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.function import DEF, FIXED, MOD, RET, USE, Function
from regalloc.regs import NUM_PREGS, STACK_BASE, alloc_str
from regalloc.result import MOVE, PAIR, REMAT, AllocationResult, unpack_pair

State = dict[int, frozenset[int]]

EMPTY: frozenset[int] = frozenset()


def _read(state: State, env: MachineEnv, a: int, cls: int) -> frozenset[int]:
    """The vregs a value of ``cls`` read from ``a`` may be (all covered slots must agree)."""
    held = state.get(a, EMPTY)
    if a >= STACK_BASE:
        for key in range(a + 1, a + env.spillslot_size[cls]):
            held = held & state.get(key, EMPTY)
    return held


def _write(state: State, env: MachineEnv, a: int, cls: int, held: frozenset[int]) -> None:
    for key in covered(env, a, cls):
        if held:
            state[key] = held
        else:
            state.pop(key, None)


def _remove_everywhere(state: State, v: int) -> None:
    """``v`` is being redefined: drop the stale copies of its previous value."""
    for key, held in list(state.items()):
        if v in held:
            rest = held - {v}
            if rest:
                state[key] = rest
            else:
                del state[key]


def _holding_str(held: frozenset[int]) -> str:
    if not held:
        return "nothing"
    return ", ".join(f"v{v}" for v in sorted(held)[:8]) + (", ..." if len(held) > 8 else "")


def _contents_str(state: State, env: MachineEnv, a: int, cls: int) -> str:
    """What ``a`` holds, per covered slot when the value spans several."""
    keys = covered(env, a, cls)
    if len(keys) == 1:
        return _holding_str(state.get(a, EMPTY))
    parts = [f"{alloc_str(k)} holds {_holding_str(state.get(k, EMPTY))}" for k in keys]
    return "; ".join(parts)


def where_is(state: State, env: MachineEnv, v: int, cls: int) -> str:
    """The locations holding ``v`` (of class ``cls``) in ``state``, for error messages."""
    size = env.spillslot_size[cls]
    places: list[str] = []
    for key in sorted(k for k, held in state.items() if v in held):
        if key < STACK_BASE or size == 1:
            places.append(alloc_str(key))
            continue
        start = key - (key - STACK_BASE) % size
        if start != key and v in state.get(start, EMPTY):
            continue  # reported with its first slot
        whole = start == key and all(v in state.get(k, EMPTY) for k in range(start, start + size))
        places.append(alloc_str(start) if whole else f"{alloc_str(key)} (partly overwritten)")
    if not places:
        return f"v{v} is in no location"
    return f"v{v} is in " + ", ".join(places[:8]) + (", ..." if len(places) > 8 else "")


def _meet(a: State, b: State) -> State:
    """Per-key intersection of two states."""
    if a is b:
        return a
    if len(b) < len(a):
        a, b = b, a
    out: State = {}
    for key, held in a.items():
        other = b.get(key)
        if other is None:
            continue
        if other is held or other == held:
            out[key] = held
        else:
            both = held & other
            if both:
                out[key] = both
    return out


def _edge_state(out: State, params: list[int], args: list[int], keep: frozenset[int]) -> State:
    """The state on an edge: parameters are redefined as copies of the arguments.

    Argument membership is read before the parameters are removed (a parallel
    copy), so a block passing its own parameter back, or swapping two, is exact.
    Only vregs in ``keep`` (those live into the successor) survive besides the
    parameters: a dead vreg can never be read again, and dropping it keeps the
    states small.
    """
    param_set = frozenset(params)
    arg_set = frozenset(args)
    params_of_arg: dict[int, list[int]] = {}
    for param, arg in zip(params, args, strict=True):
        params_of_arg.setdefault(arg, []).append(param)
    new: State = {}
    for key, held in out.items():
        kept = held if held <= keep else held & keep
        if params and not kept.isdisjoint(param_set):
            kept = kept - param_set
        if params and not held.isdisjoint(arg_set):
            kept = kept.union([param for arg in held & arg_set for param in params_of_arg[arg]])
        if kept:
            new[key] = kept
    return new



class _UseError(CheckerError):
    """A use found its location not holding its vreg (``vreg``)."""

    def __init__(self, message: str, vreg: int, inst: int, operand: int, block: int) -> None:
        super().__init__(message, inst=inst, operand=operand, block=block)
        self.vreg = vreg


def _arrivals_note(func: Function, env: MachineEnv, b: int, v: int, arrivals: dict[int, State]) -> str:
    """Where ``v`` was on each edge into join block ``b`` (to show which edge lost it)."""
    parts: list[str] = []
    for k in range(func.block_pred_start[b], func.block_pred_start[b + 1]):
        pred = func.block_preds[k]
        for e in range(func.block_succ_start[pred], func.block_succ_start[pred + 1]):
            if func.block_succs[e] == b and e in arrivals:
                parts.append(f"from block {pred}, {where_is(arrivals[e], env, v, func.vreg_class[v])}")
    if len(parts) < 2:
        return ""
    return f"; on entry to block {b}: " + "; ".join(parts)


class _Interpreter:
    """Per-function tables for the block transfer function."""

    def __init__(
        self,
        func: Function,
        env: MachineEnv,
        result: AllocationResult,
        pseudo_values: frozenset[int],
        return_values: dict[int, int] | None = None,
    ) -> None:
        self.func = func
        self.env = env
        self.result = result
        edits = result.edits
        num_points = 2 * func.num_insts
        # point_edit_start[p]: index of the first edit at a point >= p.
        point_edit_start = [0] * (num_points + 1)
        j = 0
        for p in range(num_points + 1):
            while j < len(edits) and edits[j][0] < p:
                j += 1
            point_edit_start[p] = j
        self.point_edit_start = point_edit_start
        # A vreg whose only source is one def operand (not a param, never
        # rematerialized) cannot have stale copies when that def runs: the first
        # arrival at the def has none, and the join with it removes any a loop
        # would carry around.  Only the others need the scan for stale copies.
        sources = [0] * func.num_vregs
        for v in func.block_params:
            sources[v] += 2
        for o, kind in enumerate(func.op_kind):
            if kind != USE and func.op_vreg[o] >= 0:
                sources[func.op_vreg[o]] += 1
        for kind, src in [(e[1], e[2]) for e in edits] + [(e[2], e[3]) for e in result.edge_edits]:
            if kind == REMAT:
                sources[src] += 2
        self.needs_removal = [n != 1 for n in sources]
        self.live_in = compute_liveness(func)[0]
        self.pseudo_values = pseudo_values
        self.return_values = return_values or {}
        self._keep: list[frozenset[int] | None] = [None] * func.num_blocks

    def keep_at(self, b: int) -> frozenset[int]:
        """The values worth tracking into block ``b``: its live-in vregs and the pseudo-values."""
        keep = self._keep[b]
        if keep is None:
            keep = frozenset(bitset_members(self.live_in[b])) | self.pseudo_values
            self._keep[b] = keep
        return keep

    def _apply_edits(self, state: State, lo: int, hi: int) -> None:
        if lo == hi:
            return
        edits = self.result.edits
        self.apply_edit_list(state, [(kind, src, dst) for _p, kind, src, dst in edits[lo:hi]])

    def apply_edit_list(self, state: State, edits: list[tuple[int, int, int]]) -> None:
        """Run ``(kind, src, dst)`` edits on ``state`` in order."""
        env = self.env
        vreg_class = self.func.vreg_class
        for kind, src, dst in edits:
            if kind == MOVE:
                cls = move_class(src, dst)
                _write(state, env, dst, cls, _read(state, env, src, cls))
            elif kind == REMAT:
                _write(state, env, dst, vreg_class[src], frozenset((src,)))
            elif kind == PAIR:
                src1, src2 = unpack_pair(src)
                dst1, dst2 = unpack_pair(dst)
                cls1 = move_class(src1, dst1)
                cls2 = move_class(src2, dst2)
                held1 = _read(state, env, src1, cls1)
                held2 = _read(state, env, src2, cls2)
                _write(state, env, dst1, cls1, held1)
                _write(state, env, dst2, cls2, held2)

    def _check_return(self, state: State, i: int, b: int) -> None:
        """Each register of ``return_values`` holds its value when return ``i`` runs."""
        for key, value in self.return_values.items():
            if value not in state.get(key, EMPTY):
                raise CheckerError(
                    f"callee-saved {alloc_str(key)} does not hold its entry value at the return "
                    f"(it holds {_holding_str(state.get(key, EMPTY) - self.pseudo_values)}"
                    f"{' or another entry value' if state.get(key, EMPTY) & self.pseudo_values else ''})",
                    inst=i,
                    block=b,
                )

    def transfer(self, b: int, entry: State) -> State:
        """Run block ``b`` from state ``entry`` (not modified); return its exit state."""
        func = self.func
        env = self.env
        allocs = self.result.allocs
        op_vreg = func.op_vreg
        op_kind = func.op_kind
        op_con = func.op_con
        op_arg = func.op_arg
        vreg_class = func.vreg_class
        inst_op_start = func.inst_op_start
        clobbers = func.clobbers
        clobber_start = func.inst_clobber_start
        point_edit_start = self.point_edit_start
        needs_removal = self.needs_removal
        state = dict(entry)
        for i in range(func.block_inst_start[b], func.block_inst_end[b]):
            before = 2 * i
            self._apply_edits(state, point_edit_start[before], point_edit_start[before + 1])
            if self.return_values and func.inst_kind[i] == RET:
                self._check_return(state, i, b)
            op_start = inst_op_start[i]
            op_end = inst_op_start[i + 1]
            for o in range(op_start, op_end):
                v = op_vreg[o]
                if v < 0 or op_kind[o] == DEF:
                    continue
                a = allocs[o]
                cls = vreg_class[v]
                if v not in _read(state, env, a, cls):
                    raise _UseError(
                        f"{operand_str(func, o)} reads {alloc_str(a)}, which holds "
                        f"{_contents_str(state, env, a, cls)} ({where_is(state, env, v, cls)})",
                        v,
                        inst=i,
                        operand=o - op_start,
                        block=b,
                    )
            for k in range(clobber_start[i], clobber_start[i + 1]):
                state.pop(clobbers[k], None)
            for o in range(op_start, op_end):
                kind = op_kind[o]
                if kind == USE:
                    continue
                v = op_vreg[o]
                if v < 0:
                    if op_con[o] == FIXED and 0 <= op_arg[o] < NUM_PREGS:
                        state.pop(op_arg[o], None)
                    continue
                if needs_removal[v] or kind == MOD:
                    _remove_everywhere(state, v)
                _write(state, env, allocs[o], vreg_class[v], frozenset((v,)))
            self._apply_edits(state, point_edit_start[before + 1], point_edit_start[before + 2])
        return state


def block_entry_states(
    func: Function,
    env: MachineEnv,
    result: AllocationResult,
    entry_values: dict[int, int] | None = None,
    return_values: dict[int, int] | None = None,
) -> list[State | None]:
    """Run the data-flow check; return each block's entry state at the fixpoint.

    Raises :class:`CheckerError` at the first use that reads a location not
    holding its vreg.  Unreachable blocks get ``None``.  ``entry_values`` seeds
    the entry state with pseudo-values (location -> an id >= ``func.num_vregs``),
    as the managed callee-saved mode needs for the registers' incoming values;
    ``return_values`` (location -> such an id) must hold at every return.
    Assumes the static checks passed (well-formed edits and allocations).
    """
    nb = func.num_blocks
    rpo = reverse_postorder(func)
    rpo_index = rpo_numbers(rpo, nb)
    entry_states: list[State | None] = [None] * nb
    initial: State = {}
    for key, value in (entry_values or {}).items():
        initial[key] = frozenset((value,))
    interp = _Interpreter(func, env, result, frozenset((entry_values or {}).values()), return_values)
    if not rpo:
        return entry_states
    entry_states[func.entry] = initial
    # The latest state that arrived along each edge, for error messages.
    arrivals: dict[int, State] = {}
    queued = [False] * nb
    queued[func.entry] = True
    heap = [rpo_index[func.entry]]
    succ_start = func.block_succ_start
    succs = func.block_succs
    param_start = func.block_param_start
    params = func.block_params
    arg_start = func.edge_arg_start
    edge_args = func.edge_args
    # Edits on CFG edges (results for non-SSA input) run after the
    # predecessor's last edits, before the branch arguments are bound.
    on_edge: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for pred, succ, kind, src, dst in result.edge_edits:
        on_edge.setdefault((pred, succ), []).append((kind, src, dst))
    while heap:
        b = rpo[heapq.heappop(heap)]
        queued[b] = False
        state_in = entry_states[b]
        if state_in is None:
            continue  # queued blocks always have a state; this keeps the type checker informed
        try:
            out = interp.transfer(b, state_in)
        except _UseError as exc:
            note = ""
            if 0 <= exc.vreg < func.num_vregs and all(exc.vreg not in held for held in state_in.values()):
                note = _arrivals_note(func, env, b, exc.vreg, arrivals)
            raise CheckerError(exc.detail + note, inst=exc.inst, operand=exc.operand, block=exc.block) from None
        for e in range(succ_start[b], succ_start[b + 1]):
            s = succs[e]
            s_params = params[param_start[s] : param_start[s + 1]]
            s_args = edge_args[arg_start[e] : arg_start[e + 1]]
            if len(s_params) != len(s_args):
                raise CheckerError(
                    f"branch passes {len(s_args)} arguments to block {s}, which has {len(s_params)} parameters",
                    inst=func.block_inst_end[b] - 1,
                    block=b,
                )
            edge_out = out
            moves = on_edge.get((b, s)) if on_edge else None
            if moves is not None:
                edge_out = dict(out)
                interp.apply_edit_list(edge_out, moves)
            arriving = _edge_state(edge_out, s_params, s_args, interp.keep_at(s))
            arrivals[e] = arriving
            old = entry_states[s]
            new = arriving if old is None else _meet(old, arriving)
            if old is None or new != old:
                entry_states[s] = new
                if not queued[s]:
                    queued[s] = True
                    heapq.heappush(heap, rpo_index[s])
    return entry_states
