"""The checker against an independent concrete simulation, on many allocations.

The simulation executes an allocated function along random paths with
concrete, unique value ids: every execution of a def makes a new value, block
parameters take their arguments' values, locations hold value ids.  A use is
right when its location holds the value its vreg currently has.  It shares no
code with the checker.

Every reference ("everything on the stack") allocation of the corpus and of
generated functions must verify; single random corruptions of them must be
rejected whenever the simulation sees a use read a wrong value, and the
semantics-preserving ones (renaming spill slots, inserting a no-op move) must
be accepted.
"""

from __future__ import annotations

import copy
import glob
import json
import os
import random
import time
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.formats import function_from_json
from regalloc.function import DEF, OP, USE, Function
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.fuzz.reference import allocate_reference
from regalloc.result import MOVE, PAIR, REMAT, AllocationResult, Edit, pack_pair, unpack_pair
from shared_paths import SHARED_CORPUS

CORPUS = SHARED_CORPUS
STACK = 256


def class_of_move(src: int, dst: int) -> int:
    """The class of the register end; a (forbidden) slot-to-slot move copies one slot."""
    if src >= STACK and dst >= STACK:
        return 0
    return (src if src < STACK else dst) >> 6


class Simulator:
    """Concrete execution of an allocated function (see the module docstring)."""

    def __init__(self, func: Function, env: MachineEnv, result: AllocationResult) -> None:
        self.func = func
        self.env = env
        self.result = result
        self.edits_at: dict[int, list[Edit]] = {}
        for e in result.edits:
            self.edits_at.setdefault(e[0], []).append(e)

    def keys(self, a: int, cls: int) -> list[int]:
        size = self.env.spillslot_size[cls] if a >= STACK else 1
        return list(range(a, a + size))

    def read(self, state: dict[int, int], a: int, cls: int) -> int | None:
        values = {state.get(k) for k in self.keys(a, cls)}
        return values.pop() if len(values) == 1 else None

    def write(self, state: dict[int, int], a: int, cls: int, value: int | None) -> None:
        for k in self.keys(a, cls):
            if value is None:
                state.pop(k, None)
            else:
                state[k] = value

    def run_edits(self, state: dict[int, int], current: dict[int, int], at: int) -> None:
        for _p, kind, src, dst in self.edits_at.get(at, []):
            if kind == MOVE:
                cls = class_of_move(src, dst)
                self.write(state, dst, cls, self.read(state, src, cls))
            elif kind == REMAT:
                self.write(state, dst, self.func.vreg_class[src], current.get(src))
            elif kind == PAIR:
                (s1, s2), (d1, d2) = unpack_pair(src), unpack_pair(dst)
                c1, c2 = class_of_move(s1, d1), class_of_move(s2, d2)
                v1, v2 = self.read(state, s1, c1), self.read(state, s2, c2)
                self.write(state, d1, c1, v1)
                self.write(state, d2, c2, v2)

    def wrong_read(self, rng: random.Random, runs: int, max_blocks: int) -> str | None:
        """The first use that reads a wrong value on ``runs`` random paths, or None."""
        func = self.func
        allocs = self.result.allocs
        fresh = 0
        for _ in range(runs):
            state: dict[int, int] = {}
            current: dict[int, int] = {}
            b = func.entry
            for _step in range(max_blocks):
                for i in range(func.block_inst_start[b], func.block_inst_end[b]):
                    self.run_edits(state, current, 2 * i)
                    ops = range(func.inst_op_start[i], func.inst_op_start[i + 1])
                    for o in ops:
                        v = func.op_vreg[o]
                        if v >= 0 and func.op_kind[o] != DEF:
                            got = self.read(state, allocs[o], func.vreg_class[v])
                            if got is None or got != current.get(v):
                                return f"inst {i} operand {o - ops.start}: v{v} read value {got}"
                    for p in func.clobbers_of(i):
                        state.pop(p, None)
                    for o in ops:
                        v = func.op_vreg[o]
                        if func.op_kind[o] == USE:
                            continue
                        if v < 0:
                            state.pop(func.op_arg[o], None)
                            continue
                        fresh += 1
                        current[v] = fresh
                        self.write(state, allocs[o], func.vreg_class[v], fresh)
                    self.run_edits(state, current, 2 * i + 1)
                succs = func.succs_of(b)
                if not succs:
                    break
                j = rng.randrange(len(succs))
                s = succs[j]
                values = [current.get(a) for a in func.branch_args(b, j)]
                for param, value in zip(func.params_of(s), values, strict=True):
                    if value is None:
                        current.pop(param, None)
                    else:
                        current[param] = value
                b = s
        return None


# --- Sources of valid allocations.


def corpus_cases(name: str) -> list[tuple[str, Function, MachineEnv]]:
    cases = []
    for path in sorted(glob.glob(os.path.join(CORPUS, name, "*.json"))):
        with open(path, encoding="utf-8") as fh:
            func, env = function_from_json(json.load(fh), path)
        cases.append((path, func, env))
    return cases


def generated_cases(count: int, size: str) -> list[tuple[str, Function, MachineEnv]]:
    return [(f"gen {size} {seed}", *generate(seed, GenConfig.preset(size))) for seed in range(count)]


@pytest.mark.parametrize("corpus", ["regalloc2-small", "regalloc2-medium"])
def test_reference_allocations_of_the_corpus_verify(corpus: str) -> None:
    cases = corpus_cases(corpus)
    assert len(cases) >= 200
    worst = 0.0
    for _path, func, env in cases:
        result = allocate_reference(func, env)
        start = time.perf_counter()
        check(func, env, result)
        worst = max(worst, time.perf_counter() - start)
    assert worst < 1.0, f"slowest check took {worst:.3f} s"


def test_simulator_agrees_on_valid_allocations() -> None:
    rng = random.Random(7)
    for name, func, env in corpus_cases("regalloc2-small")[:100] + generated_cases(100, "small"):
        result = allocate_reference(func, env)
        check(func, env, result)
        assert Simulator(func, env, result).wrong_read(rng, runs=10, max_blocks=40) is None, name


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), size=st.sampled_from(["small", "medium"]))
def test_generated_reference_allocations_verify_and_simulate(seed: int, size: str) -> None:
    func, env = generate(seed, GenConfig.preset(size))
    result = allocate_reference(func, env)
    check(func, env, result)
    assert Simulator(func, env, result).wrong_read(random.Random(seed), runs=5, max_blocks=40) is None


@pytest.mark.slow
def test_checker_speed_on_a_10k_instruction_function() -> None:
    config = GenConfig(
        size="large", num_blocks=(300, 300), insts_per_block=(20, 30), pressure=(8, 30), regs_per_class=(4, 16)
    )
    func, env = generate(5, config)
    assert func.num_insts >= 10_000
    result = allocate_reference(func, env)
    start = time.perf_counter()
    check(func, env, result)
    assert time.perf_counter() - start < 2.0


# --- Corruptions.

Mutation = Callable[[Function, MachineEnv, AllocationResult, random.Random], str]
PRESERVING = frozenset({"rename slot", "no-op move"})


def _locations_of_class(env: MachineEnv, result: AllocationResult, cls: int) -> list[int]:
    regs = [p for p in range(cls * 64, cls * 64 + 64) if (env.allocatable_mask[cls] >> p) & 1]
    size = env.spillslot_size[cls]
    slots = [STACK + k for k in range(0, max(result.num_spillslots - size + 1, 0), size)]
    return regs + slots


def change_operand(func: Function, env: MachineEnv, r: AllocationResult, rng: random.Random) -> str:
    ops = [o for o in range(func.num_operands) if func.op_vreg[o] >= 0]
    if not ops:
        return ""
    o = rng.choice(ops)
    choices = [a for a in _locations_of_class(env, r, func.vreg_class[func.op_vreg[o]]) if a != r.allocs[o]]
    if not choices:
        return ""
    r.allocs[o] = rng.choice(choices)
    return "operand alloc"


def change_move_end(func: Function, env: MachineEnv, r: AllocationResult, rng: random.Random) -> str:
    moves = [k for k, e in enumerate(r.edits) if e[1] == MOVE]
    if not moves:
        return ""
    k = rng.choice(moves)
    p, kind, src, dst = r.edits[k]
    cls = class_of_move(src, dst)
    which = rng.randrange(2)
    old = (src, dst)[which]
    choices = [a for a in _locations_of_class(env, r, cls) if a != old]
    if not choices:
        return ""
    new = rng.choice(choices)
    r.edits[k] = (p, kind, new, dst) if which == 0 else (p, kind, src, new)
    return "move src" if which == 0 else "move dst"


def delete_edit(func: Function, env: MachineEnv, r: AllocationResult, rng: random.Random) -> str:
    if not r.edits:
        return ""
    del r.edits[rng.randrange(len(r.edits))]
    return "delete edit"


def exchange_adjacent_points(func: Function, env: MachineEnv, r: AllocationResult, rng: random.Random) -> str:
    """Two consecutive edits at different points trade places (the list stays sorted)."""
    pairs = [k for k in range(len(r.edits) - 1) if r.edits[k][0] != r.edits[k + 1][0]]
    if not pairs:
        return ""
    k = rng.choice(pairs)
    (p1, *e1), (p2, *e2) = r.edits[k], r.edits[k + 1]
    r.edits[k] = (p1, e2[0], e2[1], e2[2])
    r.edits[k + 1] = (p2, e1[0], e1[1], e1[2])
    return "exchange points"


def swap_same_point(func: Function, env: MachineEnv, r: AllocationResult, rng: random.Random) -> str:
    pairs = [k for k in range(len(r.edits) - 1) if r.edits[k][0] == r.edits[k + 1][0]]
    if not pairs:
        return ""
    k = rng.choice(pairs)
    r.edits[k], r.edits[k + 1] = r.edits[k + 1], r.edits[k]
    return "swap at one point"


def rename_slot(func: Function, env: MachineEnv, r: AllocationResult, rng: random.Random) -> str:
    """Exchange two aligned groups of slots everywhere (preserving)."""
    group = max(env.spillslot_size)
    groups = (r.num_spillslots + group - 1) // group + 1
    g1, g2 = rng.sample(range(groups), 2) if groups >= 2 else (0, 1)
    r.num_spillslots = max(r.num_spillslots, (max(g1, g2) + 1) * group)

    def rename(a: int) -> int:
        if a < STACK:
            return a
        g, offset = divmod(a - STACK, group)
        if g == g1:
            return STACK + g2 * group + offset
        if g == g2:
            return STACK + g1 * group + offset
        return a

    r.allocs = [rename(a) for a in r.allocs]
    edits: list[Edit] = []
    for p, kind, src, dst in r.edits:
        if kind == MOVE:
            edits.append((p, kind, rename(src), rename(dst)))
        elif kind == PAIR:
            (s1, s2), (d1, d2) = unpack_pair(src), unpack_pair(dst)
            edits.append((p, kind, pack_pair(rename(s1), rename(s2)), pack_pair(rename(d1), rename(d2))))
        else:
            edits.append((p, kind, src, rename(dst)))
    r.edits = edits
    return "rename slot"


def insert_noop_move(func: Function, env: MachineEnv, r: AllocationResult, rng: random.Random) -> str:
    cls = rng.randrange(3)
    regs = [p for p in range(cls * 64, cls * 64 + 64) if (env.allocatable_mask[cls] >> p) & 1]
    if not regs:
        return ""
    # Any point except after a block's last instruction.
    points = [2 * i for i in range(func.num_insts)]
    for i in range(func.num_insts):
        if func.inst_kind[i] == OP and i + 1 < func.block_inst_end[func.inst_block[i]]:
            points.append(2 * i + 1)
    p = rng.choice(points)
    reg = rng.choice(regs)
    k = rng.randrange(len(r.edits) + 1)
    k = min(max(k, sum(1 for e in r.edits if e[0] < p)), sum(1 for e in r.edits if e[0] <= p))
    r.edits.insert(k, (p, MOVE, reg, reg))
    return "no-op move"


MUTATIONS: list[Mutation] = [
    change_operand,
    change_move_end,
    change_move_end,
    delete_edit,
    delete_edit,
    exchange_adjacent_points,
    swap_same_point,
    rename_slot,
    insert_noop_move,
]


def test_mutations_reading_wrong_values_are_rejected() -> None:
    rng = random.Random(2024)
    sources = corpus_cases("regalloc2-small") + generated_cases(200, "small") + generated_cases(40, "medium")
    tally: Counter[str] = Counter()
    per_kind: Counter[tuple[str, str]] = Counter()
    for name, func, env in sources:
        valid = allocate_reference(func, env)
        check(func, env, valid)
        for _ in range(6):
            bad = copy.deepcopy(valid)
            kind = rng.choice(MUTATIONS)(func, env, bad, rng)
            if not kind or bad == valid:
                continue
            tally["tried"] += 1
            wrong = Simulator(func, env, bad).wrong_read(random.Random(rng.random()), runs=8, max_blocks=40)
            try:
                check(func, env, bad)
            except CheckerError as exc:
                assert kind not in PRESERVING, f"{name}: preserving {kind} rejected: {exc}"
                if wrong:
                    outcome = "rejected, wrong read seen"
                elif " reads " not in str(exc):
                    outcome = "rejected by a static rule, no wrong read seen"
                else:
                    # The checker says a use reads a wrong value: a longer search must find the path.
                    deeper = Simulator(func, env, bad).wrong_read(random.Random(1), runs=3000, max_blocks=200)
                    assert deeper is not None, f"{name}: {kind} rejected ({exc}) but no path reads a wrong value"
                    outcome = "rejected, wrong read seen on a longer search"
            else:
                assert wrong is None, f"{name}: {kind} accepted but the simulation saw {wrong}"
                outcome = "accepted, preserving" if kind in PRESERVING else "accepted, no wrong read seen"
            tally[outcome] += 1
            per_kind[(kind, outcome)] += 1
    print("\nmutation tally:", dict(tally))
    for (kind, outcome), n in sorted(per_kind.items()):
        print(f"  {kind:20} {outcome:40} {n}")
    assert tally["tried"] > 4000
    assert tally["rejected, wrong read seen"] > 500
    assert tally["accepted, preserving"] > 300
