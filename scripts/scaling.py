"""Allocation time against function size: the 1k / 10k / 100k-instruction table.

Run:  .venv/bin/python scripts/scaling.py [--sizes 1000 10000 100000] [--algorithm ion fast] [--repeat K]
                                          [--shape mixed straight blocks loops]

Shapes (each scaled to about the requested number of instructions):

* ``mixed``: the project's generator with the "large" preset's constraint mix,
  scaled by its block count (about 12 instructions per block, loops, calls,
  fixed registers);
* ``straight``: one long block, with many more values live at once than
  there are registers;
* ``blocks``: a long chain of tiny diamonds (a branch on a value, two
  one-instruction arms, a join with a block parameter), values flowing far;
* ``loops``: a sequence of loop nests eight deep, each level's value live
  across the levels inside it, block parameters carried around every back edge.

Every allocation is verified by the checker, outside the timed region.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Callable
from dataclasses import replace

from regalloc.api import ALLOCATORS, allocate
from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.function import Function, FunctionBuilder, Operand, Reuse, define, use
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.presets import get_preset
from regalloc.regs import INT
from regalloc.validate import validate

INSTS_PER_BLOCK = (8, 16)
LOOP_DEPTH = 8
WINDOW = 48


def mixed(target: int, seed: int) -> tuple[Function, MachineEnv]:
    """The generator's "large" mix over ``target / 13`` blocks."""
    blocks = max(1, target // (sum(INSTS_PER_BLOCK) // 2 + 1))
    config = replace(GenConfig.preset("large"), num_blocks=(blocks, blocks), insts_per_block=INSTS_PER_BLOCK)
    return generate(seed, config)


def straight(target: int, seed: int) -> tuple[Function, MachineEnv]:
    """One block of ``target`` instructions over integer values, about
    ``WINDOW`` of them live at a time (far more than there are registers)."""
    rng = random.Random(seed)
    fb = FunctionBuilder()
    fb.start_block(fb.new_block())
    pool: list[int] = []
    for _ in range(12):
        v = fb.vreg(INT)
        fb.op([define(v, "reg")])
        pool.append(v)
    for _ in range(max(1, target - 13)):
        v = fb.vreg(INT)
        fb.op(_operands(rng, pool, v))
        pool.append(v)
    fb.ret([use(v, "any") for v in pool[:12]] + [use(pool[-1], "reg")])
    return fb.finish(), get_preset("x86_64-sysv")


def _operands(rng: random.Random, pool: list[int], fresh: int) -> list[Operand]:
    """A def of ``fresh`` reading two of the last ``WINDOW`` values of ``pool``
    (recent ones more often) or, now and then, one of its first ``WINDOW``
    (values live throughout); so values are live across many blocks, but the
    number live at a point does not grow with the function."""
    a = pool[-1 - min(len(pool) - 1, int(rng.expovariate(0.1)))]
    if rng.random() < 0.05:
        b = pool[rng.randrange(min(len(pool), WINDOW))]
    else:
        b = pool[-1 - rng.randrange(min(len(pool), WINDOW))]
    if rng.random() < 0.2:
        return [define(fresh, Reuse(1)), use(a, "reg"), use(b, "any")]
    return [define(fresh, "reg"), use(a, "reg"), use(b, "reg" if rng.random() < 0.5 else "any")]


def blocks(target: int, seed: int) -> tuple[Function, MachineEnv]:
    """A chain of ``target / 6`` diamonds over integer values."""
    rng = random.Random(seed)
    fb = FunctionBuilder()
    entry = fb.new_block()
    fb.start_block(entry)
    pool: list[int] = []
    for _ in range(12):
        v = fb.vreg(INT)
        fb.op([define(v, "reg")])
        pool.append(v)
    head = fb.new_block()
    fb.branch([(head, [])])
    for _ in range(max(1, target // 6)):
        left, right, join = fb.new_block(), fb.new_block(), fb.new_block()
        fb.start_block(head)
        cond = fb.vreg(INT)
        fb.op(_operands(rng, pool, cond))
        pool.append(cond)
        fb.branch([(left, []), (right, [])], [use(cond, "reg")])
        arm_values: list[int] = []
        for arm in (left, right):
            fb.start_block(arm)
            v = fb.vreg(INT)
            fb.op(_operands(rng, pool, v))
            arm_values.append(v)
            fb.branch([(join, [v])])
        merged = fb.vreg(INT)
        fb.start_block(join, params=[merged])
        pool.append(merged)
        head = fb.new_block()
        fb.branch([(head, [])])
    fb.start_block(head)
    fb.ret([use(v, "any") for v in pool[:12]] + [use(pool[-1], "reg")])
    return fb.finish(), get_preset("x86_64-sysv")


def loops(target: int, seed: int) -> tuple[Function, MachineEnv]:
    """A sequence of ``LOOP_DEPTH``-deep loop nests, about ``target`` instructions."""
    rng = random.Random(seed)
    fb = FunctionBuilder()
    fb.start_block(fb.new_block())
    pool: list[int] = []
    for _ in range(8):
        v = fb.vreg(INT)
        fb.op([define(v, "reg")])
        pool.append(v)
    insts_per_nest = 6 * LOOP_DEPTH + 6
    for _ in range(max(1, target // insts_per_nest)):
        # Block numbers in the order the blocks are filled in.
        headers = [fb.new_block() for _ in range(LOOP_DEPTH)]
        body = fb.new_block()
        exits = [0] * LOOP_DEPTH
        latches = [0] * LOOP_DEPTH
        for k in range(LOOP_DEPTH - 1, -1, -1):
            exits[k] = fb.new_block()
            latches[k] = fb.new_block()
        after = fb.new_block()
        seed_value = pool[-1]
        fb.branch([(headers[0], [seed_value])])
        counters: list[int] = []
        level_values: list[int] = []
        for k in range(LOOP_DEPTH):
            counter = fb.vreg(INT)
            fb.start_block(headers[k], params=[counter])
            counters.append(counter)
            value = fb.vreg(INT)
            fb.op(_operands(rng, [*pool, counter], value))
            level_values.append(value)
            fb.branch([(headers[k + 1] if k + 1 < LOOP_DEPTH else body, [value] if k + 1 < LOOP_DEPTH else [])])
        fb.start_block(body)
        live = pool + counters + level_values
        for _ in range(4):
            v = fb.vreg(INT)
            fb.op(_operands(rng, live, v))
            live.append(v)
        fb.branch([(exits[-1], [])])
        for k in range(LOOP_DEPTH - 1, -1, -1):
            fb.start_block(exits[k])
            step = fb.vreg(INT)
            fb.op([define(step, "reg"), use(counters[k], "reg"), use(level_values[k], "any")])
            outer = exits[k - 1] if k > 0 else after
            fb.branch([(latches[k], []), (outer, [])], [use(step, "reg")])
            fb.start_block(latches[k])
            fb.branch([(headers[k], [step])])
        fb.start_block(after)
        result = fb.vreg(INT)
        fb.op(_operands(rng, pool, result))
        pool.append(result)
    fb.ret([use(v, "any") for v in pool[:8]] + [use(pool[-1], "reg")])
    return fb.finish(), get_preset("x86_64-sysv")


SHAPES: dict[str, Callable[[int, int], tuple[Function, MachineEnv]]] = {
    "mixed": mixed,
    "straight": straight,
    "blocks": blocks,
    "loops": loops,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--algorithm", nargs="+", default=sorted(ALLOCATORS))
    parser.add_argument("--shape", nargs="+", choices=sorted(SHAPES), default=["mixed"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="allocations per function; the fastest is shown")
    args = parser.parse_args()
    print(f"{'shape':<9} {'algorithm':<10} {'insts':>8} {'blocks':>7} {'seconds':>9} {'insts/s':>9} {'us/inst':>8}")
    for shape in args.shape:
        for target in args.sizes:
            func, env = SHAPES[shape](target, args.seed)
            validate(func, env)
            for name in args.algorithm:
                # The fastest of a few runs: a single short run is at the mercy of the machine.
                elapsed = float("inf")
                for _ in range(max(1, args.repeat)):
                    gc.collect()
                    start = time.perf_counter()
                    result = allocate(func, env, algorithm=name, validate=False)
                    elapsed = min(elapsed, time.perf_counter() - start)
                check(func, env, result)
                n = func.num_insts
                print(
                    f"{shape:<9} {name:<10} {n:>8} {func.num_blocks:>7} {elapsed:>9.3f} "
                    f"{n / elapsed:>9.0f} {elapsed / n * 1e6:>8.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
