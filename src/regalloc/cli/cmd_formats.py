"""``regalloc validate`` and ``regalloc convert``: check and translate function files."""

from __future__ import annotations

import argparse
import os

_FILE_HELP = "function file: interchange JSON (.json) or the text format (.ra); other names are sniffed"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = sub.add_parser(
        "validate",
        help="check that a function file is well-formed and a legal allocator input",
        description="Load FILE and check the input rules (CFG shape, SSA, constraints, environment). "
        "Prints 'ok: NAME: B blocks, I insts, V vregs' and exits 0, or prints one line naming the "
        "problem (JSON path, line:col, or block/inst/operand) and exits 1.",
    )
    validate.add_argument("file", metavar="FILE", help=_FILE_HELP)
    validate.set_defaults(handler=run_validate)

    convert = sub.add_parser(
        "convert",
        help="translate a function between interchange JSON and the text format",
        description="Load FILE (JSON or text) and write it in the format chosen by --to, to stdout "
        "or to --out. The conversion is lossless: converting back gives an identical function. "
        "The function is not validated (use 'regalloc validate').",
        epilog="example: regalloc convert examples/diamond.ra --to json --out diamond.json",
    )
    convert.add_argument("file", metavar="FILE", help=_FILE_HELP)
    convert.add_argument("--to", choices=("text", "json"), required=True, help="output format")
    convert.add_argument("--out", metavar="PATH", help="write here instead of stdout")
    convert.set_defaults(handler=run_convert)


def run_validate(args: argparse.Namespace) -> int:
    from regalloc.formats import load_function
    from regalloc.validate import validate

    func, env = load_function(args.file)
    validate(func, env)
    name = func.name or os.path.basename(args.file)
    print(f"ok: {name}: {func.num_blocks} blocks, {func.num_insts} insts, {func.num_vregs} vregs")
    return 0


def run_convert(args: argparse.Namespace) -> int:
    from regalloc.formats import dump_function_json, dump_function_text, load_function

    func, env = load_function(args.file)
    text = dump_function_json(func, env) if args.to == "json" else dump_function_text(func, env)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        print(text, end="")
    return 0
