"""Random valid, allocatable functions for fuzzing allocators and the checker.

:func:`generate` builds a function and its machine environment from a seed.
Every random decision goes through a :class:`Choices` source, so the same
generator also runs under Hypothesis (see :mod:`regalloc.fuzz.strategy`), where
shrinking the drawn integers towards their lower bound shrinks the function:
every ``randint`` is arranged so that its low end means "smaller / simpler".

What makes a function hard but still allocatable is decided per instruction:
fixed registers are never named twice by operands that are live at the same
sub-point, clobbers never hit a late fixed operand, and the number of operands
that need some register of a class always fits the registers left after fixed
ones and clobbers (see :func:`register_demand_fits`).

>>> func, env = generate(7, GenConfig.preset("small"))
>>> func2, env2 = generate(7, GenConfig.preset("small"))
>>> func == func2 and env == env2
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol, TypeVar, cast

from regalloc.analysis.cfg import DomTree
from regalloc.env import MachineEnv
from regalloc.function import (
    ANY,
    DEF,
    EARLY,
    FIXED,
    LATE,
    LIMIT,
    REG,
    REUSE,
    STACK,
    USE,
    Function,
    FunctionBuilder,
    Operand,
)
from regalloc.regs import FLOAT, INT, NUM_CLASSES, VECTOR, preg, preg_class, preg_index

# Register indices with fixed roles in generated environments: allocatable
# registers are drawn from 0..SCRATCH_INDEX-2, NONALLOC_INDEX is never
# allocatable (a stack-pointer-like register for vreg-less operands), and
# fixed-stack locations sit above 40.
NONALLOC_INDEX = 30
SCRATCH_INDEX = 31
FIXED_STACK_FIRST = 40
MAX_ALLOC_INDEX = 24

SIZES = ("small", "medium", "large")

_T = TypeVar("_T")


class Choices(Protocol):
    """Where the generator's random decisions come from."""

    def randint(self, lo: int, hi: int) -> int:
        """An integer in ``lo..hi`` inclusive; ``lo`` should be the simplest choice."""
        ...

    def group(self, build: Callable[[], _T]) -> _T:
        """``build()``, whose decisions form one unit (Hypothesis may delete it whole)."""
        ...


class RandomChoices:
    """:class:`Choices` backed by a private :class:`random.Random`."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def randint(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi) if hi > lo else lo

    def group(self, build: Callable[[], _T]) -> _T:
        return build()


@dataclass
class GenConfig:
    """Knobs of the generator.  Ranges are inclusive ``(lo, hi)``; ``p_*`` are
    probabilities in 0..1.  Use :meth:`preset` for the standard sizes."""

    size: str = "small"
    num_blocks: tuple[int, int] = (1, 6)
    insts_per_block: tuple[int, int] = (0, 5)
    pressure: tuple[int, int] = (1, 8)
    regs_per_class: tuple[int, int] = (3, 6)
    classes: tuple[int, ...] = (INT, FLOAT, VECTOR)
    p_extra_edge: float = 0.35
    p_irreducible: float = 0.15
    p_loop_to_entry: float = 0.1
    p_early_return: float = 0.1
    p_switch: float = 0.08
    p_shuffle_layout: float = 0.2
    p_block_params: float = 0.7
    p_swap_args: float = 0.35
    p_fixed: float = 0.1
    p_reuse: float = 0.15
    p_call: float = 0.12
    p_stack: float = 0.07
    p_limit: float = 0.08
    p_early_def: float = 0.12
    p_late_use: float = 0.12
    p_clobber: float = 0.1
    p_vregless: float = 0.08
    p_fixed_stack: float = 0.15
    p_double_use: float = 0.1
    p_remat: float = 0.3
    # Share of constant defs that are marked rematerializable.
    p_remat_label: float = 0.5
    p_callee_saved: float = 0.5
    p_scratch: float = 0.5
    p_slot2: float = 0.4
    p_old_value: float = 0.3
    p_branch_operands: float = 0.3

    def without(self, knobs: set[str]) -> GenConfig:
        """A copy with the probabilities named in ``knobs`` (from
        :data:`PROBABILITY_KNOBS`) set to zero: those features never occur."""
        zeros = cast(dict[str, Any], dict.fromkeys(knobs & set(PROBABILITY_KNOBS), 0.0))
        return replace(self, **zeros)

    @staticmethod
    def preset(size: str) -> GenConfig:
        """The standard configuration for ``"small" | "medium" | "large"``."""
        if size == "small":
            return GenConfig()
        if size == "medium":
            return GenConfig(
                size="medium", num_blocks=(3, 20), insts_per_block=(1, 10), pressure=(4, 16), regs_per_class=(3, 10)
            )
        if size == "large":
            return GenConfig(
                size="large", num_blocks=(12, 50), insts_per_block=(3, 20), pressure=(8, 30), regs_per_class=(4, 16)
            )
        raise ValueError(f"unknown size {size!r} (expected one of {', '.join(SIZES)})")


PROBABILITY_KNOBS = (
    "p_extra_edge",
    "p_irreducible",
    "p_loop_to_entry",
    "p_early_return",
    "p_switch",
    "p_shuffle_layout",
    "p_block_params",
    "p_swap_args",
    "p_fixed",
    "p_reuse",
    "p_call",
    "p_stack",
    "p_limit",
    "p_early_def",
    "p_late_use",
    "p_clobber",
    "p_vregless",
    "p_fixed_stack",
    "p_double_use",
    "p_remat",
    "p_callee_saved",
    "p_scratch",
    "p_slot2",
    "p_old_value",
    "p_branch_operands",
)


def _chance(ch: Choices, p: float) -> bool:
    """True with probability ``p``; the shrink direction (drawing 0) is False."""
    if p <= 0.0:
        return False
    if p >= 1.0:
        return True
    return ch.randint(0, 999) >= 1000 - int(p * 1000)


def _repeats(ch: Choices, lo: int, hi: int) -> Iterator[int]:
    """``lo`` to ``hi`` iterations, each one past ``lo`` decided just before it
    (so deleting an iteration's decisions leaves the others' meaning intact);
    on average about halfway between."""
    extra = hi - lo
    keep_going = extra / (extra + 2) if extra > 0 else 0.0
    k = 0
    while k < hi and (k < lo or _chance(ch, keep_going)):
        yield k
        k += 1


def _weighted(ch: Choices, weights: list[float]) -> int:
    """An index into ``weights`` drawn in proportion to them (one decision;
    drawing 0 gives the first index with a positive weight)."""
    total = sum(weights)
    if total <= 0.0:
        return 0
    x = ch.randint(0, 999) * total / 1000
    acc = 0.0
    for k, w in enumerate(weights):
        acc += w
        if x < acc:
            return k
    return len(weights) - 1


def _pick(ch: Choices, items: list[int]) -> int:
    return items[ch.randint(0, len(items) - 1)]


def _shuffle(ch: Choices, items: list[int]) -> None:
    """Fisher-Yates where drawing 0 everywhere leaves the order unchanged."""
    for i in range(len(items) - 1, 0, -1):
        j = i - ch.randint(0, i)
        items[i], items[j] = items[j], items[i]


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def _low_mask(cls: int, n: int) -> int:
    """Bitset of the pregs of ``cls`` with index below ``n``."""
    return ((1 << min(n, 64)) - 1) << (cls * 64)


def _occupancy(kind: int, pos: int) -> int:
    """Sub-points an operand occupies: bit 0 = early (E), bit 1 = late (L)."""
    if kind == USE:
        return 1 if pos == EARLY else 3
    return 3 if pos == EARLY else 2


def register_demand_fits(ops: list[Operand], clobber_mask: int, env: MachineEnv, vreg_class: list[int]) -> bool:
    """Whether an instruction's non-fixed register demand surely fits, per class.

    Conservative: registers named by fixed operands are unavailable to all other
    operands; operands live at L (late uses, early defs, late defs, reused uses
    together with their reuse def) need registers outside the clobbers; limit
    operands are checked against the low registers (Hall's condition, the low
    sets being nested).
    """
    fixed_mask = 0
    for o in ops:
        if o.constraint == FIXED:
            fixed_mask |= 1 << o.arg
    reused = {ops[k].arg for k in range(len(ops)) if ops[k].constraint == REUSE}
    for cls in range(NUM_CLASSES):
        alloc = env.allocatable_mask[cls] & ~fixed_mask
        late_pool = alloc & ~clobber_mask
        early_only = 0
        late_needs = 0
        limits: list[int] = []
        for k, o in enumerate(ops):
            if o.vreg < 0 or vreg_class[o.vreg] != cls:
                continue
            if o.constraint == REUSE:
                continue  # shares the register of the use it names
            if o.constraint not in (REG, LIMIT) and k not in reused:
                continue
            if o.constraint == LIMIT:
                limits.append(o.arg)
            if o.constraint == LIMIT or k in reused or _occupancy(o.kind, o.pos) & 2:
                late_needs += 1
            else:
                early_only += 1
        if late_needs > _popcount(late_pool) or late_needs + early_only > _popcount(alloc):
            return False
        limits.sort()
        for j, n in enumerate(limits):
            if j + 1 > _popcount(late_pool & _low_mask(cls, n)):
                return False
    return True


@dataclass
class _Inst:
    kind: int  # 0 op, 1 branch, 2 ret (as in regalloc.function)
    ops: list[Operand]
    clobbers: list[int]
    mnemonic: str


class _Generator:
    """One generation run: the environment, the CFG, then instructions."""

    def __init__(self, ch: Choices, cfg: GenConfig) -> None:
        self.ch = ch
        self.cfg = cfg
        self.vreg_class: list[int] = []
        self.remat: dict[int, str] = {}

    # Environment -------------------------------------------------------------
    def make_env(self) -> MachineEnv:
        ch, cfg = self.ch, self.cfg
        classes = [c for c in cfg.classes if 0 <= c < NUM_CLASSES] or [INT]
        enabled = [classes[0]] + [c for c in classes[1:] if _chance(ch, 0.65)]
        self.classes = enabled
        env = MachineEnv()
        for cls in enabled:
            n = ch.randint(cfg.regs_per_class[0], cfg.regs_per_class[1])
            if _chance(ch, 0.4):
                pool = list(range(MAX_ALLOC_INDEX))
                _shuffle(ch, pool)
                indices = sorted(pool[:n])
            else:
                indices = list(range(n))
            regs = [preg(cls, i) for i in indices]
            n_pref = n - ch.randint(0, n - 1)
            env.preferred[cls] = regs[:n_pref]
            env.non_preferred[cls] = regs[n_pref:]
            if _chance(ch, cfg.p_scratch):
                env.scratch[cls] = preg(cls, SCRATCH_INDEX)
            n_fixed_stack = ch.randint(0, 2) if cfg.p_fixed_stack > 0 else 0
            env.fixed_stack.extend(preg(cls, FIXED_STACK_FIRST + k) for k in range(n_fixed_stack))
            if (cls == VECTOR and _chance(ch, cfg.p_slot2)) or (cls == FLOAT and _chance(ch, cfg.p_slot2 / 4)):
                env.spillslot_size[cls] = 2
        env.name = f"fuzz-{cfg.size}"
        env.check()
        self.env = env
        # A call's argument/result registers are the first preferred ones; the
        # caller-saved set is the preferred registers, callee-saved the rest.
        self.arg_regs = [env.preferred[c][:4] for c in range(NUM_CLASSES)]
        self.ret_regs = [env.preferred[c][:2] for c in range(NUM_CLASSES)]
        self.caller_saved_mask = 0
        for c in enabled:
            for p in env.preferred[c]:
                self.caller_saved_mask |= 1 << p
        return env

    # CFG ---------------------------------------------------------------------
    def make_cfg(self) -> list[list[int]]:
        """Successor lists; block 0 is the entry; no critical edges."""
        ch, cfg = self.ch, self.cfg
        n = ch.randint(cfg.num_blocks[0], cfg.num_blocks[1])
        succs: list[list[int]] = [[i + 1] for i in range(n - 1)] + [[]]
        for i in range(n - 1):
            if _chance(ch, cfg.p_extra_edge):
                if _chance(ch, 0.5):
                    target = ch.randint(0, i)  # backward: a loop (natural or not)
                elif i + 2 <= n - 1:
                    target = ch.randint(i + 2, n - 1)  # forward: a diamond or skip
                else:
                    continue
                if target not in succs[i]:
                    succs[i].append(target)
        if n >= 4 and _chance(ch, cfg.p_irreducible):
            # a -> b -> ... -> c with a -> c and c -> b: a cycle with two entries.
            a = ch.randint(0, n - 4)
            b = a + 1
            c = ch.randint(b + 1, n - 2)
            if c not in succs[a] and len(succs[a]) < 3:
                succs[a].append(c)
            if b not in succs[c] and len(succs[c]) < 3:
                succs[c].append(b)
        if n >= 2 and _chance(ch, cfg.p_loop_to_entry):
            src = ch.randint(0, n - 2)
            if 0 not in succs[src]:
                succs[src].append(0)
        for i in range(n - 1):
            if _chance(ch, cfg.p_early_return):
                succs.append([])
                succs[i].append(len(succs) - 1)
            elif _chance(ch, cfg.p_switch) and n > 2:
                t = ch.randint(0, n - 1)
                if t not in succs[i]:
                    succs[i].append(t)
        return _split_critical_edges(succs)

    # Values ------------------------------------------------------------------
    def new_vreg(self, cls: int) -> int:
        self.vreg_class.append(cls)
        return len(self.vreg_class) - 1

    def pick_class(self) -> int:
        return _pick(self.ch, self.classes)

    def pick_value(self, avail: list[int], cls: int, old: list[int]) -> int:
        """A value of ``cls`` from ``avail`` (recent ones favoured), or -1."""
        ch = self.ch
        if old and _chance(ch, self.cfg.p_old_value):
            cands = [v for v in old if self.vreg_class[v] == cls]
            if cands:
                return _pick(ch, cands)
        cands = [v for v in avail if self.vreg_class[v] == cls]
        if not cands:
            return -1
        # Counting back from the newest keeps shrunk functions' uses local.
        return cands[len(cands) - 1 - ch.randint(0, len(cands) - 1)]

    def pick_limit(self, cls: int) -> int:
        """A power of two admitting at least one allocatable register of ``cls``."""
        lowest = min(preg_index(p) for p in self.env.allocatable(cls))
        n = 1
        while n <= lowest:
            n *= 2
        return min(n << self.ch.randint(0, 2), 64)

    def pick_fixed(self, cls: int, occ: int, busy: list[int]) -> int:
        """An allocatable preg of ``cls`` not yet named at the sub-points ``occ``."""
        cands = [
            p
            for p in self.env.allocatable(cls)
            if not ((occ & 1 and busy[0] >> p & 1) or (occ & 2 and busy[1] >> p & 1))
        ]
        if not cands:
            return -1
        p = _pick(self.ch, cands)
        self.claim(p, occ, busy)
        return p

    @staticmethod
    def claim(p: int, occ: int, busy: list[int]) -> None:
        if occ & 1:
            busy[0] |= 1 << p
        if occ & 2:
            busy[1] |= 1 << p

    def constraint_for(self, cls: int, kind: int, pos: int, busy: list[int]) -> tuple[int, int]:
        """A random constraint (kind, arg) for a new operand."""
        ch, cfg = self.ch, self.cfg
        occ = _occupancy(kind, pos)
        # One draw picks the kind; the lowest draws mean "any", the simplest.
        rest = max(1.0 - cfg.p_fixed - cfg.p_stack - cfg.p_limit, 0.0)
        choice = _weighted(ch, [rest / 2, rest / 2, cfg.p_stack, cfg.p_limit, cfg.p_fixed])
        if choice == 4:
            fixed_stack = [p for p in self.env.fixed_stack if preg_class(p) == cls]
            if fixed_stack and _chance(ch, cfg.p_fixed_stack):
                p = _pick(ch, fixed_stack)
                if not (busy[0] | busy[1]) >> p & 1:
                    self.claim(p, 3, busy)
                    return FIXED, p
            p = self.pick_fixed(cls, occ, busy)
            if p >= 0:
                return FIXED, p
            return REG, 0
        if choice == 3:
            return LIMIT, self.pick_limit(cls)
        return ((ANY, 0), (REG, 0), (STACK, 0))[choice]

    # Instructions --------------------------------------------------------------
    def make_op(self, avail: list[int], old: list[int]) -> _Inst:
        ch, cfg = self.ch, self.cfg
        if _chance(ch, cfg.p_call):
            return self.make_call(avail, old)
        if _chance(ch, cfg.p_remat) or not avail:
            cls = self.pick_class()
            v = self.new_vreg(cls)
            if _chance(ch, cfg.p_remat_label):
                self.remat[v] = "const"
            con = REG if _chance(ch, 0.5) else ANY
            return _Inst(0, [Operand(v, DEF, LATE, con, 0)], [], "li")
        busy = [0, 0]
        ops: list[Operand] = []
        for _ in range(ch.randint(0, 3)):
            cls = self.pick_class()
            v = self.pick_value(avail, cls, old)
            if v < 0:
                continue
            pos = LATE if _chance(ch, cfg.p_late_use) else EARLY
            con, arg = self.constraint_for(cls, USE, pos, busy)
            ops.append(Operand(v, USE, pos, con, arg))
        if ops and _chance(ch, cfg.p_double_use):
            first = ops[ch.randint(0, len(ops) - 1)]
            pos = LATE if _chance(ch, cfg.p_late_use) else EARLY
            p = self.pick_fixed(self.vreg_class[first.vreg], _occupancy(USE, pos), busy)
            if p >= 0:
                ops.append(Operand(first.vreg, USE, pos, FIXED, p))
            else:
                ops.append(Operand(first.vreg, USE, pos, REG, 0))
        reusable = [k for k, o in enumerate(ops) if o.constraint != FIXED and o.pos == EARLY]
        if reusable and _chance(ch, cfg.p_reuse):
            k = reusable[ch.randint(0, len(reusable) - 1)]
            u = ops[k]
            if u.constraint not in (REG, LIMIT) and not _chance(ch, 0.2):
                ops[k] = Operand(u.vreg, USE, EARLY, REG, 0)
            elif u.constraint == STACK:
                ops[k] = Operand(u.vreg, USE, EARLY, ANY, 0)
            ops.append(Operand(self.new_vreg(self.vreg_class[u.vreg]), DEF, LATE, REUSE, k))
        for _ in range(ch.randint(0 if ops else 1, 2)):
            cls = self.pick_class()
            pos = EARLY if _chance(ch, cfg.p_early_def) else LATE
            con, arg = self.constraint_for(cls, DEF, pos, busy)
            ops.append(Operand(self.new_vreg(cls), DEF, pos, con, arg))
        if _chance(ch, cfg.p_vregless):
            ops.append(self.vregless_operand(busy))
        clobbers: list[int] = []
        if _chance(ch, cfg.p_clobber):
            for _ in range(ch.randint(1, 4)):
                cls = self.pick_class()
                p = preg(cls, ch.randint(0, MAX_ALLOC_INDEX + 7))
                if not busy[1] >> p & 1 and p not in clobbers and not self.env.is_fixed_stack(p):
                    clobbers.append(p)
        inst = _Inst(0, ops, clobbers, "op")
        self.legalize(inst)
        return inst

    def vregless_operand(self, busy: list[int]) -> Operand:
        ch = self.ch
        cls = self.pick_class()
        fixed_stack = [p for p in self.env.fixed_stack if preg_class(p) == cls]
        p = _pick(ch, fixed_stack) if fixed_stack and _chance(ch, 0.3) else preg(cls, NONALLOC_INDEX)
        if (busy[0] | busy[1]) >> p & 1:
            p = preg(cls, NONALLOC_INDEX) if p != preg(cls, NONALLOC_INDEX) else p
        kind = DEF if _chance(ch, 0.4) else USE
        self.claim(p, 3, busy)
        return Operand(-1, kind, LATE if kind == DEF else EARLY, FIXED, p)

    def make_call(self, avail: list[int], old: list[int]) -> _Inst:
        """Arguments in fixed registers, results in fixed registers, and every
        caller-saved register (except the results) clobbered."""
        ch, cfg = self.ch, self.cfg
        busy = [0, 0]
        ops: list[Operand] = []
        for cls in self.classes:
            regs = self.arg_regs[cls]
            n_args = ch.randint(0, len(regs))
            for k in range(n_args):
                if ops and ops[-1].vreg >= 0 and self.vreg_class[ops[-1].vreg] == cls and _chance(ch, cfg.p_double_use):
                    v = ops[-1].vreg  # the same value in two argument registers
                else:
                    v = self.pick_value(avail, cls, old)
                if v < 0:
                    break
                self.claim(regs[k], 1, busy)
                ops.append(Operand(v, USE, EARLY, FIXED, regs[k]))
            fixed_stack = [p for p in self.env.fixed_stack if preg_class(p) == cls]
            if fixed_stack and _chance(ch, cfg.p_fixed_stack):
                v = self.pick_value(avail, cls, old)
                if v >= 0:
                    self.claim(fixed_stack[0], 3, busy)
                    ops.append(Operand(v, USE, EARLY, FIXED, fixed_stack[0]))
        if _chance(ch, 0.3):
            cls = self.pick_class()
            v = self.pick_value(avail, cls, old)
            if v >= 0:
                ops.append(Operand(v, USE, EARLY, STACK if _chance(ch, 0.5) else ANY, 0))
        result_mask = 0
        for cls in self.classes:
            for k in range(ch.randint(0, len(self.ret_regs[cls]))):
                p = self.ret_regs[cls][k]
                self.claim(p, 2, busy)
                result_mask |= 1 << p
                ops.append(Operand(self.new_vreg(cls), DEF, LATE, FIXED, p))
        if _chance(ch, cfg.p_vregless):
            ops.append(self.vregless_operand(busy))
        clobber_mask = self.caller_saved_mask & ~result_mask
        for cls in self.classes:
            if self.env.scratch[cls] >= 0 and _chance(ch, 0.3):
                clobber_mask |= 1 << self.env.scratch[cls]
        clobbers = [p for p in range(NUM_CLASSES * 64) if clobber_mask >> p & 1]
        return _Inst(0, ops, clobbers, "call")

    def legalize(self, inst: _Inst) -> None:
        """Relax non-fixed register operands to ``any`` until the demand fits."""
        mask = 0
        for p in inst.clobbers:
            mask |= 1 << p
        ops = inst.ops
        reused = {o.arg for o in ops if o.constraint == REUSE}
        k = len(ops) - 1
        while not register_demand_fits(ops, mask, self.env, self.vreg_class) and k >= 0:
            o = ops[k]
            if o.constraint in (REG, LIMIT) and k not in reused:
                ops[k] = replace(o, constraint=ANY, arg=0)
            elif o.constraint == REUSE:
                ops[k] = replace(o, constraint=ANY, arg=0)
                reused.discard(o.arg)
            k -= 1

    def make_entry_args(self) -> _Inst:
        """Incoming arguments: defs in argument registers and fixed-stack slots."""
        ch = self.ch
        ops: list[Operand] = []
        busy = [0, 0]
        for cls in self.classes:
            for k in range(ch.randint(0, len(self.arg_regs[cls]))):
                p = self.arg_regs[cls][k]
                self.claim(p, 2, busy)
                ops.append(Operand(self.new_vreg(cls), DEF, LATE, FIXED, p))
            fixed_stack = [p for p in self.env.fixed_stack if preg_class(p) == cls]
            if fixed_stack and _chance(ch, self.cfg.p_fixed_stack):
                self.claim(fixed_stack[-1], 2, busy)
                ops.append(Operand(self.new_vreg(cls), DEF, LATE, FIXED, fixed_stack[-1]))
        return _Inst(0, ops, [], "args")

    def make_terminator_operands(self, avail: list[int], old: list[int], ret: bool) -> _Inst:
        ch, cfg = self.ch, self.cfg
        ops: list[Operand] = []
        busy = [0, 0]
        if ret:
            for cls in self.classes:
                for k in range(ch.randint(0, len(self.ret_regs[cls]))):
                    v = self.pick_value(avail, cls, old)
                    if v >= 0:
                        self.claim(self.ret_regs[cls][k], 1, busy)
                        ops.append(Operand(v, USE, EARLY, FIXED, self.ret_regs[cls][k]))
            # Keep the long-lived values alive to the end (register pressure).
            for v in old:
                if _chance(ch, 0.7):
                    ops.append(Operand(v, USE, EARLY, ANY, 0))
        elif _chance(ch, cfg.p_branch_operands):
            for _ in range(ch.randint(1, 2)):
                cls = self.pick_class()
                v = self.pick_value(avail, cls, old)
                if v >= 0:
                    con, arg = self.constraint_for(cls, USE, EARLY, busy)
                    ops.append(Operand(v, USE, EARLY, con, arg))
        inst = _Inst(2 if ret else 1, ops, [], "ret" if ret else "br")
        self.legalize(inst)
        return inst

    # Whole function -----------------------------------------------------------
    def run(self, name: str) -> tuple[Function, MachineEnv]:
        ch, cfg = self.ch, self.cfg
        env = self.make_env()
        succs = self.make_cfg()
        nb = len(succs)
        preds: list[list[int]] = [[] for _ in range(nb)]
        for b in range(nb):
            for s in succs[b]:
                preds[s].append(b)
        skeleton = _skeleton(succs)
        dom = DomTree(skeleton)
        params: list[list[int]] = [[] for _ in range(nb)]
        for b in range(1, nb):
            if len(preds[b]) >= 2 and _chance(ch, cfg.p_block_params):
                count = ch.randint(1, 3)
            elif _chance(ch, 0.15):
                count = 1
            else:
                count = 0
            params[b] = [self.new_vreg(self.pick_class()) for _ in range(count)]
        insts: list[list[_Inst]] = [[] for _ in range(nb)]
        avail_end: list[list[int]] = [[] for _ in range(nb)]
        old: list[int] = []
        for b in dom.rpo:
            parent = dom.idom[b]
            avail = (list(avail_end[parent]) if parent >= 0 else []) + params[b]
            block = insts[b]
            if b == 0:
                args = self.make_entry_args()
                if args.ops:
                    block.append(args)
                for cls in sorted({self.vreg_class[p] for ps in params for p in ps}):
                    # A value of each parameter class that dominates every
                    # edge, so every block parameter can be given an argument.
                    v = self.new_vreg(cls)
                    block.append(_Inst(0, [Operand(v, DEF, LATE, REG if _chance(ch, 0.5) else ANY, 0)], [], "li"))
                    self.remat[v] = "const"
                for inst in block:
                    avail.extend(o.vreg for o in inst.ops if o.kind == DEF and o.vreg >= 0)
                for _ in _repeats(ch, cfg.pressure[0], cfg.pressure[1]):
                    block.append(ch.group(partial(self.make_op, avail, [])))
                    avail.extend(o.vreg for o in block[-1].ops if o.kind == DEF and o.vreg >= 0)
                old = list(avail)
            for _ in _repeats(ch, cfg.insts_per_block[0], cfg.insts_per_block[1]):
                inst = ch.group(partial(self.make_op, avail, old))
                block.append(inst)
                avail.extend(o.vreg for o in inst.ops if o.kind == DEF and o.vreg >= 0)
            block.append(self.make_terminator_operands(avail, old, ret=not succs[b]))
            avail_end[b] = avail
        edge_args: list[list[list[int]]] = []
        for b in range(nb):
            per_succ: list[list[int]] = []
            for s in succs[b]:
                per_succ.append(self.branch_args(avail_end[b], params[s]))
            edge_args.append(per_succ)
        return self.assemble(name, succs, params, insts, edge_args), env

    def branch_args(self, avail: list[int], params: list[int]) -> list[int]:
        """Arguments for ``params``; on back edges sometimes a permutation of the
        target's own parameters (a parallel-move cycle)."""
        ch = self.ch
        args: list[int] = []
        own = set(params) <= set(avail) and len(params) > 1 and _chance(ch, self.cfg.p_swap_args)
        for j, p in enumerate(params):
            cls = self.vreg_class[p]
            if own:
                rotated = [params[(j + k) % len(params)] for k in range(1, len(params))]
                same = [q for q in rotated if self.vreg_class[q] == cls]
                if same:
                    args.append(same[0])
                    continue
            args.append(self.pick_value(avail, cls, []))
        return args

    def assemble(
        self,
        name: str,
        succs: list[list[int]],
        params: list[list[int]],
        insts: list[list[_Inst]],
        edge_args: list[list[list[int]]],
    ) -> Function:
        ch, cfg = self.ch, self.cfg
        nb = len(succs)
        order = list(range(nb))
        if _chance(ch, cfg.p_shuffle_layout):
            _shuffle(ch, order)
        new_id = [0] * nb
        for pos, b in enumerate(order):
            new_id[b] = pos
        fb = FunctionBuilder(name)
        for cls in self.vreg_class:
            fb.vreg(cls)
        fb.remat = dict(self.remat)
        if _chance(ch, cfg.p_callee_saved):
            fb.callee_saved = [p for c in self.classes for p in self.env.non_preferred[c]]
        for _ in range(nb):
            fb.new_block()
        for b in order:
            fb.start_block(new_id[b], params[b])
            for inst in insts[b]:
                if inst.kind == 0:
                    fb.op(inst.ops, inst.clobbers, inst.mnemonic)
                elif inst.kind == 1:
                    targets = [(new_id[s], edge_args[b][j]) for j, s in enumerate(succs[b])]
                    fb.branch(targets, inst.ops, inst.clobbers, inst.mnemonic)
                else:
                    fb.ret(inst.ops, inst.clobbers, inst.mnemonic)
        return fb.finish(entry=new_id[0])


def _split_critical_edges(succs: list[list[int]]) -> list[list[int]]:
    """Insert a block on every edge from a multi-successor block to a block
    with several predecessors (the entry counts one extra, the function entry)."""
    npreds = [0] * len(succs)
    npreds[0] = 1
    for ss in succs:
        for s in ss:
            npreds[s] += 1
    out = [list(ss) for ss in succs]
    for b in range(len(succs)):
        if len(out[b]) < 2:
            continue
        for j, s in enumerate(out[b]):
            if npreds[s] > 1:
                out.append([s])
                out[b][j] = len(out) - 1
    return out


def _skeleton(succs: list[list[int]]) -> Function:
    """A function with the given CFG and no instructions but the terminators."""
    fb = FunctionBuilder()
    for _ in succs:
        fb.new_block()
    for b, ss in enumerate(succs):
        fb.start_block(b)
        if ss:
            fb.branch([(s, []) for s in ss])
        else:
            fb.ret()
    return fb.finish()


def generate(seed: int, config: GenConfig | None = None) -> tuple[Function, MachineEnv]:
    """A random valid, allocatable function and environment, deterministic in ``seed``."""
    cfg = config or GenConfig()
    return generate_from(RandomChoices(seed), cfg, name=f"fuzz_{cfg.size}_{seed}")


def generate_from(ch: Choices, config: GenConfig, name: str = "fuzz") -> tuple[Function, MachineEnv]:
    """Like :func:`generate`, drawing every decision from ``ch``."""
    return _Generator(ch, config).run(name)
