"""``regalloc fuzz`` (fuzz allocators against the checker) and ``regalloc gen``
(write generated functions as interchange JSON)."""

from __future__ import annotations

import argparse
import os
import sys

from regalloc.errors import RegallocError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from regalloc.fuzz.runner import SIZE_CHOICES

    p = sub.add_parser(
        "fuzz",
        help="fuzz an allocator: random valid functions, allocated and verified by the checker",
        description="Generate random valid, allocatable functions, allocate each with the chosen "
        "allocator(s) and verify the result with the checker.  On the first failure, shrink the "
        "function, write it to --out and print the command that reproduces it (exit status 1).",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--algorithm", help="allocator to fuzz ('reference' or a registered one)")
    which.add_argument("--all", action="store_true", help="every registered allocator plus the reference")
    limit = p.add_mutually_exclusive_group()
    limit.add_argument("--seconds", type=float, help="run for this long")
    limit.add_argument("--count", type=int, help="run this many cases (default 100)")
    p.add_argument("--seed", type=int, default=0, help="seed of the first case (case k uses seed+k)")
    p.add_argument("--size", choices=SIZE_CHOICES, default="mixed", help="size of generated functions")
    p.add_argument("--out", default="fuzz-failures", help="directory for shrunk failing functions")
    p.add_argument("--shrink-seconds", type=float, default=60.0, help="time limit for shrinking a failure")
    p.add_argument("--replay", metavar="FILE", help="instead of fuzzing, allocate and verify one function file")
    p.add_argument("--non-ssa", action="store_true", help="fuzz non-SSA functions (regalloc.fuzz.nonssa)")
    p.set_defaults(handler=run_fuzz_command)

    g = sub.add_parser(
        "gen",
        help="write generated functions as interchange JSON files",
        description="Write --count generated functions to --out as f00000.json, f00001.json, ... "
        "(deterministic for a given seed, size and version; case k uses seed+k).",
    )
    g.add_argument("--count", type=int, default=10, help="number of functions")
    g.add_argument("--seed", type=int, default=0, help="seed of the first function")
    g.add_argument("--size", choices=SIZE_CHOICES, default="mixed", help="size of generated functions")
    g.add_argument("--out", required=True, help="output directory (created if missing)")
    g.add_argument("--non-ssa", action="store_true", help="write non-SSA functions (regalloc.fuzz.nonssa)")
    g.add_argument(
        "--remat-label",
        type=float,
        metavar="P",
        help="share of constant defs marked rematerializable (GenConfig.p_remat_label, default 0.5)",
    )
    g.set_defaults(handler=run_gen_command)


def run_fuzz_command(args: argparse.Namespace) -> int:
    from regalloc.fuzz.runner import all_allocators, failure_of, get_allocator, run_fuzz

    if args.count is not None and args.count < 0:
        raise RegallocError(f"--count must be at least 0, got {args.count}")
    allocators = all_allocators() if args.all else {args.algorithm: get_allocator(args.algorithm)}
    if args.replay:
        from regalloc.formats import load_function
        from regalloc.validate import validate

        func, env = load_function(args.replay)
        validate(func, env)
        if not func.ssa:
            from regalloc.fuzz.nonssa import non_ssa_allocators

            allocators = non_ssa_allocators(allocators)
        status = 0
        for name, allocator in allocators.items():
            message = failure_of(allocator, func, env)
            print(f"{name}: {'ok' if message is None else 'FAILED: ' + message}")
            status |= message is not None
        return status
    from regalloc.fuzz.nonssa import run_non_ssa_fuzz

    runner = run_non_ssa_fuzz if args.non_ssa else run_fuzz
    report = runner(
        allocators,
        count=args.count,
        seconds=args.seconds,
        seed=args.seed,
        size=args.size,
        out_dir=args.out,
        shrink_seconds=args.shrink_seconds,
    )
    print(report.summary(), file=sys.stderr)
    failure = report.failure
    if failure is None:
        return 0
    print(
        f"fuzz: {failure.algorithm} FAILED on seed {failure.seed} ({failure.size}): {failure.message}\n"
        f"fuzz: shrunk from {failure.original_insts} to {failure.insts} instructions: {failure.path}\n"
        f"fuzz: reproduce with: {failure.command}",
        file=sys.stderr,
    )
    return 1


def run_gen_command(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from regalloc.formats import dump_function_json
    from regalloc.fuzz.generator import GenConfig, generate
    from regalloc.fuzz.runner import case_seed, case_size, generate_case

    if args.count < 0:
        raise RegallocError(f"--count must be at least 0, got {args.count}")
    os.makedirs(args.out, exist_ok=True)
    for k in range(args.count):
        if args.non_ssa:
            from regalloc.fuzz.nonssa import generate_non_ssa_case

            func, env = generate_non_ssa_case(args.seed, args.size, k)
        elif args.remat_label is not None:
            config = replace(GenConfig.preset(case_size(args.size, k)), p_remat_label=args.remat_label)
            func, env = generate(case_seed(args.seed, k), config)
        else:
            func, env = generate_case(args.seed, args.size, k)
        with open(os.path.join(args.out, f"f{k:05d}.json"), "w", encoding="utf-8") as fh:
            fh.write(dump_function_json(func, env))
    print(f"gen: wrote {args.count} functions to {args.out}", file=sys.stderr)
    return 0
