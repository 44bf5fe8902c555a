"""The ``regalloc`` command line.

Each verb lives in its own module under :mod:`regalloc.cli` exposing
``register(subparsers)``, which adds its parser and sets ``handler`` to a
function ``(args) -> int`` returning the exit code.  Library errors become one
readable line on stderr and exit status 1; usage errors exit 2 (argparse).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from types import ModuleType

from regalloc import __version__
from regalloc.cli import cmd_alloc, cmd_checker, cmd_demo, cmd_env, cmd_formats, cmd_fuzz, cmd_llvm, cmd_show
from regalloc.errors import RegallocError

COMMAND_MODULES: list[ModuleType] = [
    cmd_alloc,
    cmd_checker,
    cmd_demo,
    cmd_env,
    cmd_formats,
    cmd_fuzz,
    cmd_llvm,
    cmd_show,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="regalloc",
        description="Register allocation for compilers: allocate, verify, inspect and fuzz.",
    )
    parser.add_argument("--version", action="version", version=f"regalloc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except RegallocError as exc:
        print(f"regalloc: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        name = exc.filename if exc.filename is not None else ""
        print(f"regalloc: error: {name}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("regalloc: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
