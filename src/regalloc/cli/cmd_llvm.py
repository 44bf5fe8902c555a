"""``regalloc llvm``: lower an LLVM IR module to allocator input, optionally allocate it.

Needs llvmlite (``pip install 'regalloc[llvm]'``); without it the verb prints
the install hint and exits 1.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from regalloc.frontends.llvm import LoweredModule

_UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "llvm",
        help="lower an LLVM IR module (.ll) to x86-64 allocator input",
        description="Read each FILE (textual LLVM IR), lower every defined function to allocator input "
        "for the target's ABI preset and print how many functions were lowered or skipped (with the "
        "reasons; totals over all files when there are several). --out writes one interchange-JSON "
        "file per lowered function; --alloc allocates each one, verifies it with the checker and "
        "prints the cost figures and the time taken next to the lowering time.",
        epilog="examples: regalloc llvm prog.ll --out lowered/   |   regalloc llvm prog.ll --alloc ion",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", help="textual LLVM IR module(s) (.ll)")
    parser.add_argument("--target", default="x86_64", choices=("x86_64",), help="target (default x86_64)")
    parser.add_argument("--out", metavar="DIR", help="write MODULE.FUNCTION.json files into DIR")
    parser.add_argument("--alloc", metavar="NAME", help="allocate with this allocator (ion, fast) and verify")
    parser.set_defaults(handler=run_llvm)


def output_file_name(module_path: str, function_name: str) -> str:
    """``<module stem>.<function>.json`` with characters unsafe in file names replaced.

    >>> output_file_name("dir/zlib deflate.ll", "deflate.cold")
    'zlib_deflate.deflate.cold.json'
    """
    stem = os.path.splitext(os.path.basename(module_path))[0]
    return _UNSAFE_NAME_CHARS.sub("_", f"{stem}.{function_name}") + ".json"


def run_llvm(args: argparse.Namespace) -> int:
    from regalloc.frontends.llvm import format_summary, load_llvmlite, lower_file

    load_llvmlite()  # fail first, with the install hint, when llvmlite is missing
    modules: list[LoweredModule] = []
    for path in args.files:
        module = lower_file(path, target=args.target)
        modules.append(module)
        if len(args.files) == 1:
            print(f"{path}: {module.summary()}")
        else:
            print(f"{path}: lowered {len(module.lowered)} of {module.num_functions} function(s)")
        if args.out:
            _write_functions(module, args.out)
    if len(modules) > 1:
        print(f"total over {len(modules)} modules: {format_summary(modules)}")
    lowering = sum(m.read_seconds + m.lower_seconds for m in modules)
    reading = sum(m.read_seconds for m in modules)
    print(f"lowering: {lowering:.3f}s (of which parsing with llvmlite {reading:.3f}s)")
    if args.out:
        print(f"wrote {sum(len(m.lowered) for m in modules)} function file(s) to {args.out}")
    if args.alloc:
        _allocate(modules, args.alloc)
    return 0


def _write_functions(module: LoweredModule, out_dir: str) -> None:
    from regalloc.formats import dump_function_json

    os.makedirs(out_dir, exist_ok=True)
    for lowered in module.lowered:
        path = os.path.join(out_dir, output_file_name(module.source, lowered.name))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(dump_function_json(lowered.function, lowered.env))


def _allocate(modules: list[LoweredModule], algorithm: str) -> None:
    from regalloc.api import allocate
    from regalloc.checker import check
    from regalloc.cost import CostReport, cost_of

    total = CostReport()
    allocating = 0.0
    count = 0
    for module in modules:
        for lowered in module.lowered:
            started = time.perf_counter()
            result = allocate(lowered.function, lowered.env, algorithm=algorithm, validate=False)
            allocating += time.perf_counter() - started
            check(lowered.function, lowered.env, result)
            total.add(cost_of(lowered.function, lowered.env, result))
            count += 1
    figures = " ".join(f"{k}={v}" for k, v in total.as_dict().items())
    print(f"{algorithm}: {count} function(s) allocated and verified; allocation {allocating:.3f}s")
    print(f"{algorithm}: {figures}")
