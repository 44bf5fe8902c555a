"""Generated valid functions: speed of the analyses and validation, and an SSA oracle."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regalloc.analysis.cfg import DomTree
from regalloc.analysis.liveness import compute_liveness
from regalloc.analysis.loops import find_loops
from regalloc.env import MachineEnv
from regalloc.errors import ValidationError
from regalloc.function import Fixed, Function, FunctionBuilder, Operand, define, use
from regalloc.regs import INT, preg
from regalloc.validate import validate


class BigFunctionGenerator:
    """Valid SSA with nested loops and diamonds, no critical edges, ~``size`` insts."""

    def __init__(self, size: int, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.fb = FunctionBuilder("big")
        self.size = size
        self.avail: list[int] = []
        self.insts = 0

    def value(self) -> int:
        """A dominating vreg, mostly a recent one, sometimes one from long ago."""
        if self.rng.random() < 0.9:
            return self.avail[-1 - self.rng.randrange(min(24, len(self.avail)))]
        return self.rng.choice(self.avail)

    def body(self, count: int) -> None:
        fb = self.fb
        for _ in range(count):
            if self.rng.random() < 0.07:
                ret = fb.vreg(INT)
                ops: list[Operand] = [define(ret, Fixed(preg(INT, 0))), use(self.value(), Fixed(preg(INT, 1)))]
                ops += [define(fb.vreg(INT)) for _ in range(3)]
                fb.op(ops, clobbers=[preg(INT, r) for r in range(2, 6)], mnemonic="call")
                self.avail.extend(o.vreg for o in ops if o.kind == 1)
            else:
                v = fb.vreg(INT)
                fb.op([define(v, "reg"), use(self.value(), "reg"), use(self.value())], mnemonic="add")
                self.avail.append(v)
            self.insts += 1

    def block_insts(self) -> int:
        return self.rng.randrange(8, 30)

    def segment(self, depth: int) -> None:
        """Continue the current (open) block with a segment, leaving a block open."""
        fb = self.fb
        choice = self.rng.random()
        if choice < 0.3 and depth < 5:
            # Loop: current -> H(i) -> ... -> L -> {S -> H, X}
            init = self.value()
            header = fb.new_block()
            fb.branch([(header, [init])])
            self.insts += 1
            i = fb.vreg(INT)
            fb.start_block(header, params=[i])
            self.avail.append(i)
            self.body(self.block_insts())
            for _ in range(self.rng.randrange(1, 4)):
                self.segment(depth + 1)
            self.body(self.block_insts())
            split, exit_block = fb.new_block(), fb.new_block()
            fb.branch([(split, []), (exit_block, [])])
            fb.start_block(split)
            fb.branch([(header, [self.value()])])
            self.insts += 2
            fb.start_block(exit_block)
            self.body(self.block_insts())
        elif choice < 0.6:
            # Diamond: current -> {T, E} -> J(p)
            then_block, else_block, join = fb.new_block(), fb.new_block(), fb.new_block()
            fb.branch([(then_block, []), (else_block, [])])
            mark = len(self.avail)
            args = []
            for arm in (then_block, else_block):
                fb.start_block(arm)
                self.body(self.block_insts())
                args.append(self.value())
                fb.branch([(join, [args[-1]])])
                del self.avail[mark:]
            self.insts += 3
            p = fb.vreg(INT)
            fb.start_block(join, params=[p])
            self.avail.append(p)
            self.body(self.block_insts())
        else:
            nxt = fb.new_block()
            fb.branch([(nxt, [])])
            self.insts += 1
            fb.start_block(nxt)
            self.body(self.block_insts())

    def build(self) -> Function:
        fb = self.fb
        fb.start_block(fb.new_block())
        for _ in range(4):
            v = fb.vreg(INT)
            fb.op([define(v, "reg")])
            self.avail.append(v)
        while self.insts < self.size:
            self.segment(0)
        fb.ret([use(self.value(), Fixed(preg(INT, 0)))])
        return fb.finish()


ENV = MachineEnv(preferred=[[preg(INT, r) for r in range(16)], [], []])


def timed(fn: object, *args: object) -> float:
    start = time.perf_counter()
    assert callable(fn)
    fn(*args)
    return time.perf_counter() - start


def test_analyses_and_validation_are_fast_on_100k_instructions() -> None:
    func = BigFunctionGenerator(100_000).build()
    assert func.num_insts >= 100_000
    validate(func, ENV)
    t_dom = min(timed(DomTree, func) for _ in range(3))
    t_loops = min(timed(find_loops, func) for _ in range(3))
    t_live = min(timed(compute_liveness, func) for _ in range(3))
    t_validate = min(timed(validate, func, ENV) for _ in range(3))
    print(
        f"\n{func.num_insts} insts, {func.num_blocks} blocks, {func.num_vregs} vregs: "
        f"domtree {t_dom:.3f}s, loops {t_loops:.3f}s, liveness {t_live:.3f}s, validate {t_validate:.3f}s"
    )
    assert max(find_loops(func).block_depth) >= 3
    # Generous bounds (shared CI machines); the printed figures are the measurement.
    assert t_live < 2.0
    assert t_validate < 4.0


def naive_ssa_ok(func: Function) -> bool:
    """SSA validity from first principles: one def per vreg, every use dominated by it.

    Dominance is decided by deleting the def's block and checking whether the
    use's block is still reachable from the entry.
    """
    defs: dict[int, tuple[int, int]] = {}
    for b in range(func.num_blocks):
        for v in func.params_of(b):
            if v in defs:
                return False
            defs[v] = (b, -1)
        for i in func.block_insts(b):
            for o in func.inst_operands(i):
                if func.op_kind[o] == 1:
                    if func.op_vreg[o] in defs:
                        return False
                    defs[func.op_vreg[o]] = (b, i)

    def reachable_without(removed: int) -> set[int]:
        seen = {func.entry} if func.entry != removed else set()
        work = list(seen)
        while work:
            for s in func.succs_of(work.pop()):
                if s != removed and s not in seen:
                    seen.add(s)
                    work.append(s)
        return seen

    reachable = reachable_without(-1)
    cache: dict[int, set[int]] = {}

    def dominated(v: int, b: int, i: int) -> bool:
        if v not in defs:
            return False
        db, di = defs[v]
        if db == b:
            return di < i
        if b not in reachable:
            return False
        if db not in cache:
            cache[db] = reachable_without(db)
        return b not in cache[db]

    for b in range(func.num_blocks):
        for i in func.block_insts(b):
            for o in func.inst_operands(i):
                if func.op_kind[o] == 0 and not dominated(func.op_vreg[o], b, i):
                    return False
        branch = func.block_inst_end[b] - 1
        for j in range(len(func.succs_of(b))):
            if not all(dominated(v, b, branch) for v in func.branch_args(b, j)):
                return False
    return True


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32), st.integers(0, 2**32), st.booleans())
def test_dominance_check_matches_naive_oracle(seed: int, pick: int, mutate_edge: bool) -> None:
    func = BigFunctionGenerator(150, seed=seed).build()
    validate(func, ENV)
    live_in, _ = compute_liveness(func)
    assert live_in[func.entry] == 0
    # Point one use (or branch argument) at another vreg, then compare verdicts.
    rng = random.Random(pick)
    new_vreg = rng.randrange(func.num_vregs)
    uses = [o for o in range(func.num_operands) if func.op_kind[o] == 0 and func.op_vreg[o] >= 0]
    if mutate_edge and func.edge_args:
        func.edge_args[rng.randrange(len(func.edge_args))] = new_vreg
    else:
        func.op_vreg[rng.choice(uses)] = new_vreg
    if naive_ssa_ok(func):
        validate(func, ENV)
    else:
        with pytest.raises(ValidationError, match=r"use of v|defined by the branch"):
            validate(func, ENV)
