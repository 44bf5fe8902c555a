"""``regalloc verify`` and ``regalloc stats``: check and cost any tool's allocation file."""

from __future__ import annotations

import argparse
import json

from regalloc.checker import check
from regalloc.cost import cost_of


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = sub.add_parser(
        "verify",
        help="check an allocation with the independent checker",
        description="Check that ALLOC (an interchange JSON allocation file from any tool) correctly "
        "allocates FUNC (JSON or text). Prints 'ok' and exits 0, or prints the first error "
        "(instruction, operand, location, vregs) and exits 1.",
    )
    verify.add_argument("func", metavar="FUNC", help="function file (interchange JSON or text)")
    verify.add_argument("alloc", metavar="ALLOC", help="allocation file (interchange JSON)")
    verify.set_defaults(handler=run_verify)

    stats = sub.add_parser(
        "stats",
        help="count and cost an allocation's edits (cost model)",
        description="Count ALLOC's edits per kind and compute its static and loop-weighted cost and "
        "spill-slot count per the cost model. The allocation is not checked (use verify).",
    )
    stats.add_argument("func", metavar="FUNC", help="function file (interchange JSON or text)")
    stats.add_argument("alloc", metavar="ALLOC", help="allocation file (interchange JSON)")
    stats.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    stats.set_defaults(handler=run_stats)


def run_verify(args: argparse.Namespace) -> int:
    from regalloc.formats import load_function, load_result

    func, env = load_function(args.func)
    result = load_result(args.alloc, func)
    check(func, env, result)
    print("ok")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from regalloc.formats import load_function, load_result

    func, env = load_function(args.func)
    result = load_result(args.alloc, func)
    report = cost_of(func, env, result)
    if args.json:
        print(json.dumps(report.as_dict()))
        return 0
    print(
        f"reg moves {report.reg_moves}, spill stores {report.spill_stores}, reloads {report.reloads}, "
        f"remats {report.remats}, pairs {report.pairs}"
        + (f", no-op moves {report.noop_moves}" if report.noop_moves else "")
    )
    print(f"static cost {report.static_cost}, weighted cost {report.weighted_cost}, spill slots {report.spillslots}")
    return 0
