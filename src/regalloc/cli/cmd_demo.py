"""``regalloc demo``: the main job in one command — allocate an example and verify it."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo",
        help="allocate an example function with every allocator and verify the results",
        description="Load an example (default: examples/loop_with_call.ra), validate it, allocate it "
        "with each algorithm, verify each result with the independent checker, and print the "
        "annotated listing and the cost figures.",
    )
    p.add_argument("file", nargs="?", default=str(EXAMPLES_DIR / "loop_with_call.ra"), help="function file")
    p.add_argument("--algorithm", action="append", help="allocator(s) to run (default: all registered)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from regalloc.api import ALLOCATORS, allocate
    from regalloc.checker import check
    from regalloc.cost import cost_of
    from regalloc.formats import format_listing, load_function
    from regalloc.validate import validate

    func, env = load_function(args.file)
    validate(func, env)
    print(f"{args.file}: {func.num_blocks} blocks, {func.num_insts} instructions, {func.num_vregs} vregs")
    for name in args.algorithm or sorted(ALLOCATORS):
        start = time.perf_counter()
        result = allocate(func, env, algorithm=name, validate=False)
        elapsed = time.perf_counter() - start
        check(func, env, result)
        report = cost_of(func, env, result)
        print(f"\n=== {name}: verified, {elapsed * 1000:.1f} ms")
        print(format_listing(func, env, result))
        print(
            f"moves {report.reg_moves}, spills {report.spill_stores}, reloads {report.reloads}, "
            f"remats {report.remats}; static cost {report.static_cost}, "
            f"weighted cost {report.weighted_cost}, spill slots {report.spillslots}"
        )
    return 0
