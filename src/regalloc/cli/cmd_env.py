"""``regalloc env``: list the machine-environment presets or print one."""

from __future__ import annotations

import argparse
import json

from regalloc.formats.json_format import env_to_json
from regalloc.presets import PRESET_DESCRIPTIONS, PRESETS, describe_env, get_preset


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "env",
        help="list or show the machine-environment presets (real ABIs)",
        description="Show a preset machine environment readably (registers per class with their ABI "
        "names, scratch, argument, result and callee-saved registers), or as the interchange "
        'format\'s "env" object with --json.',
    )
    p.add_argument("name", nargs="?", help=f"preset name ({', '.join(PRESETS)})")
    p.add_argument("--list", action="store_true", help="list the presets with one-line descriptions")
    p.add_argument("--json", action="store_true", help='print the interchange "env" JSON object')
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.list or args.name is None:
        width = max(len(name) for name in PRESETS)
        for name in PRESETS:
            print(f"{name:<{width}}  {PRESET_DESCRIPTIONS[name]}")
        return 0
    env = get_preset(args.name)
    if args.json:
        # One key per line: readable, and still the exact interchange object.
        obj = env_to_json(env)
        body = ",\n".join(f"  {json.dumps(key)}: {json.dumps(value)}" for key, value in obj.items())
        print("{\n" + body + "\n}")
    else:
        print(describe_env(env))
    return 0
