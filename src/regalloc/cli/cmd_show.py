"""``regalloc show``: write an allocation (or two, compared) as a self-contained HTML report."""

from __future__ import annotations

import argparse
import os
import sys

DEFAULT_ALGORITHMS = ("ion", "fast", "reference")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "show",
        help="write an HTML report of an allocation: listing, live ranges, register pressure",
        description="Allocate FILE (or read its allocation from --alloc) and write one self-contained HTML "
        "page: the annotated listing with moves, spills and reloads inline, a chart of where each vreg "
        "lives along the program, register pressure per class, the cost figures and the checker's "
        "verdict. --compare A B shows two allocators side by side. Exit status 1 if a checker fails "
        "(the report is still written).",
    )
    p.add_argument("file", metavar="FILE", help="function file (interchange JSON or text)")
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--algorithm", help="allocator to run (default: the first registered of ion, fast, reference)"
    )
    which.add_argument("--alloc", metavar="ALLOC", help="show this allocation file (interchange JSON) instead")
    which.add_argument("--compare", nargs=2, metavar=("A", "B"), help="show two allocators side by side")
    p.add_argument("-o", "--output", required=True, metavar="HTML", help="report file to write")
    p.add_argument("--title", default="", help="page title (default: the function's name)")
    p.set_defaults(handler=run_show)


def run_show(args: argparse.Namespace) -> int:
    from regalloc.formats import load_function, load_result
    from regalloc.report import AllocationView, render_page, run_allocator
    from regalloc.report.data import report_data

    func, env = load_function(args.file)
    views: list[AllocationView]
    if args.alloc:
        views = [AllocationView(os.path.basename(args.alloc), load_result(args.alloc, func))]
    elif args.compare:
        views = [run_allocator(func, env, name) for name in args.compare]
    else:
        views = [run_allocator(func, env, args.algorithm or default_algorithm())]
    data = report_data(func, env, views, args.title)
    page = render_page(data)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(page)
    print(f"wrote {args.output} ({len(page.encode('utf-8')) / 1024:.0f} KiB)")
    problems = [view.failure for view in views if view.result is None]
    for view, shown in zip(views, report_problems(data), strict=True):
        if view.result is not None and shown:
            problems.append(f"{view.label}: checker: {shown}")
    for problem in problems:
        print(f"regalloc: error: {problem}", file=sys.stderr)
    return 1 if problems else 0


def default_algorithm() -> str:
    """The first of :data:`DEFAULT_ALGORITHMS` that is registered."""
    from regalloc.fuzz.runner import all_allocators

    known = all_allocators()
    return next(name for name in DEFAULT_ALGORITHMS if name in known)


def report_problems(data: dict[str, object]) -> list[str]:
    """Per view of a report's data: the checker's error message, or "" if it passed."""
    views = data["views"]
    assert isinstance(views, list)
    out = []
    for view in views:
        error = view.get("error") if isinstance(view, dict) else None
        out.append(str(error["message"]) if isinstance(error, dict) else "")
    return out
