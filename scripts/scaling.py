"""Allocation time against function size: the 1k / 10k / 100k-instruction table.

Run:  .venv/bin/python scripts/scaling.py [--sizes 1000 10000 100000] [--algorithm ion fast]

Each function comes from the project's generator with the "large" preset's
constraint mix, scaled by its block count, so every size has the same shape
(about 12 instructions per block, loops, calls, fixed registers).  Every
allocation is verified by the checker, outside the timed region.
"""

from __future__ import annotations

import argparse
import gc
import time
from dataclasses import replace

from regalloc.api import ALLOCATORS, allocate
from regalloc.checker import check
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.validate import validate

INSTS_PER_BLOCK = (8, 16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--algorithm", nargs="+", default=sorted(ALLOCATORS))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{'algorithm':<10} {'insts':>8} {'blocks':>7} {'seconds':>9} {'insts/s':>9} {'us/inst':>8}")
    for target in args.sizes:
        blocks = max(1, target // (sum(INSTS_PER_BLOCK) // 2 + 1))
        config = replace(GenConfig.preset("large"), num_blocks=(blocks, blocks), insts_per_block=INSTS_PER_BLOCK)
        func, env = generate(args.seed, config)
        validate(func, env)
        for name in args.algorithm:
            gc.collect()
            start = time.perf_counter()
            result = allocate(func, env, algorithm=name, validate=False)
            elapsed = time.perf_counter() - start
            check(func, env, result)
            n = func.num_insts
            print(f"{name:<10} {n:>8} {func.num_blocks:>7} {elapsed:>9.3f} {n / elapsed:>9.0f} {elapsed / n * 1e6:>8.1f}")


if __name__ == "__main__":
    main()
