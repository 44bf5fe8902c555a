"""``regalloc alloc`` (allocate one function) and ``regalloc bench`` (time allocators on corpora)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from regalloc.env import MachineEnv
from regalloc.errors import CheckerError, RegallocError
from regalloc.function import Function
from regalloc.result import AllocationResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "alloc",
        help="allocate registers for one function",
        description="Validate FILE (interchange JSON or text), allocate it, and print the annotated "
        "listing, or write the allocation as interchange JSON with --out.",
    )
    p.add_argument("file", help="function file (.json or .ra)")
    p.add_argument("--algorithm", default="ion", help="allocator to use (default: ion)")
    p.add_argument("--out", metavar="ALLOC.json", help="write the allocation here instead of printing the listing")
    p.add_argument("--verify", action="store_true", help="check the allocation with the independent checker")
    p.add_argument(
        "--explain",
        action="store_true",
        help="ion only: print the allocator's decisions (bundles, priorities, why each was split, evicted or spilled)",
    )
    _add_callee_saved_flag(p)
    p.set_defaults(handler=run_alloc)

    b = sub.add_parser(
        "bench",
        help="time an allocator on corpora of function files",
        description="For each corpus directory: allocate every *.json/*.ra function (median of --repeat "
        "timed runs each), verify every result once with the checker (outside the timing), and report "
        "instructions per second, the cost model's totals and spill slots, with the ratio to "
        "regalloc2's figures when REFERENCE.md beside the corpus lists them.",
    )
    b.add_argument("corpora", nargs="+", metavar="CORPUS_DIR", help="directories of function files")
    b.add_argument("--algorithm", required=True, help="allocator to benchmark")
    b.add_argument("--repeat", type=int, default=3, metavar="K", help="timed runs per function (default 3)")
    b.add_argument(
        "--no-remat", action="store_true", help="strip every function's remat map (measure without rematerialization)"
    )
    _add_callee_saved_flag(b)
    b.set_defaults(handler=run_bench)


def _add_callee_saved_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--callee-saved",
        choices=("report", "managed", "prologue"),
        default="report",
        help="callee-saved registers: only report the written ones (default), let the allocator save them "
        "where needed (managed), or save at entry and restore at every return (prologue); the last two "
        "pair spills where the env allows and verify that every return restores them",
    )


def run_alloc(args: argparse.Namespace) -> int:
    from regalloc.api import allocate
    from regalloc.formats import dump_result_json, format_listing, load_function

    func, env = load_function(args.file)
    if args.explain:
        result = _allocate_explained(func, env, args.algorithm)
    else:
        result = allocate(func, env, algorithm=args.algorithm, callee_saved=args.callee_saved)
    if args.verify:
        from regalloc.checker import check

        check(func, env, result, callee_saved_values=args.callee_saved != "report")
    if args.out:
        Path(args.out).write_text(dump_result_json(result, func) + "\n")
        print(f"{args.out}: {args.algorithm} allocation written" + (", verified" if args.verify else ""))
    else:
        print(format_listing(func, env, result))
        if args.verify:
            print("verified")
    return 0


def _allocate_explained(func: Function, env: MachineEnv, algorithm: str) -> AllocationResult:
    """Allocate with ion, printing its decision log first."""
    from regalloc.ion import allocate_ion
    from regalloc.validate import validate

    if algorithm != "ion":
        raise RegallocError(f"--explain is available for the ion allocator only, not {algorithm!r}")
    if not func.ssa:
        raise RegallocError("--explain needs SSA input (the non-SSA path allocates a converted function)")
    validate(func, env)
    decisions: list[str] = []
    result = allocate_ion(func, env, explain=decisions)
    result.algorithm = "ion"
    print("# ion decisions")
    for line in decisions:
        print(line)
    print()
    return result


@dataclass
class ReferenceRow:
    """regalloc2's figures for one corpus and allocator (from REFERENCE.md)."""

    allocator: str
    weighted_cost: int
    spillslots: int
    insts_per_second: int


def parse_reference(path: Path) -> dict[str, list[ReferenceRow]]:
    """Rows of REFERENCE.md's figures table by corpus name; empty if the file is absent."""
    try:
        text = path.read_text()
    except OSError:
        return {}
    rows: dict[str, list[ReferenceRow]] = {}
    for line in text.splitlines():
        cells = [c.strip().strip("*") for c in line.strip().strip("|").split("|")]
        if len(cells) < 12 or not cells[0] or not cells[1].replace(",", "").isdigit():
            continue
        try:
            ips_text = cells[11].lower().replace(",", "")
            ips = int(float(ips_text[:-1]) * 1000) if ips_text.endswith("k") else int(ips_text)
            row = ReferenceRow(cells[4], int(cells[9].replace(",", "")), int(cells[10].replace(",", "")), ips)
        except ValueError:
            continue
        rows.setdefault(cells[0], []).append(row)
    return rows


def corpus_files(directory: Path) -> list[Path]:
    files = sorted(p for p in directory.iterdir() if p.suffix in (".json", ".ra") and p.is_file())
    if not files:
        raise RegallocError(f"{directory}: no function files (*.json, *.ra)")
    return files


def run_bench(args: argparse.Namespace) -> int:
    from regalloc.api import ALLOCATORS
    from regalloc.checker import check
    from regalloc.cost import CostReport, cost_of
    from regalloc.formats import load_function
    from regalloc.validate import validate

    if args.algorithm not in ALLOCATORS:
        known = ", ".join(sorted(ALLOCATORS))
        raise RegallocError(f"unknown allocation algorithm {args.algorithm!r} (registered: {known})")
    if args.repeat < 1:
        raise RegallocError("--repeat must be at least 1")
    from regalloc.calleesave import allocate_with_callee_saved
    from regalloc.calleesave.costing import callee_save_cost

    algorithm = ALLOCATORS[args.algorithm]
    mode = args.callee_saved

    def allocator(func: Function, env: MachineEnv) -> AllocationResult:
        if mode == "report":
            return algorithm(func, env)
        return allocate_with_callee_saved(func, env, algorithm, mode, pair=any(env.paired_slots))

    for corpus in args.corpora:
        directory = Path(corpus)
        if not directory.is_dir():
            raise RegallocError(f"{corpus}: not a directory")
        files = corpus_files(directory)
        total = CostReport()
        saves = CostReport()
        insts = 0
        seconds = 0.0
        for path in files:
            func, env = load_function(str(path))
            if args.no_remat:
                func = replace(func, remat={})
            validate(func, env)
            times: list[float] = []
            result = None
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = allocator(func, env)
                times.append(time.perf_counter() - start)
            assert result is not None
            try:
                check(func, env, result, callee_saved_values=mode != "report")
            except CheckerError as exc:
                raise RegallocError(f"{path}: {args.algorithm} allocation fails the checker: {exc}") from exc
            seconds += statistics.median(times)
            insts += func.num_insts
            total.add(cost_of(func, env, result))
            if mode != "report":
                saves.add(callee_save_cost(func, env, result))
        rate = insts / seconds if seconds > 0 else float("inf")
        modes = "" if mode == "report" else f", callee-saved {mode}"
        print(f"{directory.name}: {len(files)} functions, {insts} instructions, algorithm {args.algorithm}{modes}")
        print(f"  time {seconds:.3f} s (sum of per-function medians of {args.repeat}), {rate:,.0f} insts/s")
        print(
            f"  moves {total.reg_moves}, spill stores {total.spill_stores}, reloads {total.reloads}, "
            f"remats {total.remats}; static cost {total.static_cost}, weighted cost {total.weighted_cost}, "
            f"spill slots {total.spillslots}"
        )
        if mode != "report":
            print(
                f"  callee-saved saves/restores: stores {saves.spill_stores}, loads {saves.reloads}, "
                f"reg moves {saves.reg_moves}, pairs {saves.pairs}; weighted cost {saves.weighted_cost}; "
                f"pair edits overall {total.pairs}"
            )
        reference = parse_reference(directory.resolve().parent / "REFERENCE.md")
        for row in reference.get(directory.name, []):
            cost_ratio = total.weighted_cost / row.weighted_cost if row.weighted_cost else float("inf")
            slot_ratio = total.spillslots / row.spillslots if row.spillslots else float("inf")
            speed_ratio = rate / row.insts_per_second if row.insts_per_second else float("inf")
            print(
                f"  vs {row.allocator}: weighted cost {cost_ratio:.3f}x, spill slots {slot_ratio:.3f}x, "
                f"speed {speed_ratio:.3f}x"
            )
        sys.stdout.flush()
    return 0

