"""The interchange JSON format (version 1) for functions and allocation results.

The format is specified in ``../shared/spec/interchange-json.md``; other tools
read and write the same files, so the key names and shapes here follow it
exactly.  Reading checks every field it uses and raises :class:`FormatError`
naming the JSON path (``insts[12].operands[1].vreg``).  Unknown top-level keys
are ignored (that is how the format is extended); unknown keys anywhere else are
errors, because they almost always mean a typo.

Project extensions, all top-level so other readers ignore them: ``mnemonics``
(one string per instruction), ``ssa`` (written only when ``false``, for non-SSA
input, whose operands may also have ``"kind": "mod"``), ``env_name`` and ``reg_names`` (``{"int:0": "rax"}``,
printing names of the environment),
``env_paired_slots`` (class names whose spill slots pair, see
``MachineEnv.paired_slots``) and, in allocation files,
``callee_saved_edits`` and ``edge_edits`` (``[{"edge": [pred, succ], "move":
{...}}, ...]``: edits on a CFG edge of non-SSA input, see docs/SEMANTICS.md).

The instruction loop is the hot part (a large corpus file has ~30k operands), so
it handles the common shapes inline and hands anything unusual to a slow,
precise per-operand parser that either accepts it or names what is wrong.

>>> from regalloc.function import FunctionBuilder, define, use
>>> from regalloc.env import MachineEnv
>>> from regalloc.regs import INT, preg
>>> fb = FunctionBuilder("tiny")
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")])
>>> fb.ret([use(v, "any")])
>>> env = MachineEnv(preferred=[[preg(INT, 0)], [], []])
>>> obj = function_to_json(fb.finish(), env)
>>> obj["insts"][1]
{'op': 'ret', 'operands': [{'vreg': 0, 'kind': 'use', 'pos': 'early', 'constraint': 'any'}], 'clobbers': []}
>>> func, env2 = function_from_json(obj)
>>> func.num_insts, env2.preferred
(2, [[0], [], []])
"""

from __future__ import annotations

import json
from typing import Any

from regalloc.env import MachineEnv
from regalloc.errors import FormatError
from regalloc.function import (
    ANY,
    BRANCH,
    DEF,
    FIXED,
    KIND_NAMES,
    LIMIT,
    MOD,
    OP,
    POS_NAMES,
    REG,
    RET,
    REUSE,
    STACK,
    USE,
    Function,
    function_from_lists,
)
from regalloc.regs import (
    CLASS_BY_NAME,
    CLASS_NAMES,
    NO_ALLOC,
    NUM_CLASSES,
    NUM_PREGS,
    REGS_PER_CLASS,
    STACK_BASE,
    alloc_str,
    preg,
    preg_str,
)
from regalloc.result import (
    AFTER,
    BEFORE,
    MOVE,
    PAIR,
    POINT_POS_NAMES,
    REMAT,
    AllocationResult,
    inst_of,
    pack_pair,
    unpack_pair,
)

Json = Any

FORMAT_VERSION = 1

_INST_KINDS = {"op": OP, "branch": BRANCH, "ret": RET}
_INST_KIND_NAMES = ("op", "branch", "ret")
_OPERAND_KINDS = {"use": USE, "def": DEF, "mod": MOD}
_POSITIONS = {"early": 0, "late": 1}
_SIMPLE_CONSTRAINTS = {"any": ANY, "reg": REG, "stack": STACK}
_SIMPLE_CONSTRAINT_NAMES = {ANY: "any", REG: "reg", STACK: "stack"}
_POINT_POSITIONS = {"before": BEFORE, "after": AFTER}

# Every preg string, so the hot loops parse registers with one dict lookup.
PREG_BY_STR: dict[str, int] = {preg_str(p): p for p in range(NUM_PREGS)}
_PREG_STRS: list[str] = [preg_str(p) for p in range(NUM_PREGS)]

_INST_KEYS = frozenset(("op", "operands", "clobbers", "branch_args"))
_OPERAND_KEYS = ("vreg", "kind", "pos", "constraint")
_BLOCK_KEYS = ("insts", "params", "succs", "preds")
_ENV_KEYS = frozenset(("preferred", "non_preferred", "scratch", "fixed_stack", "spillslot_size"))


class _Reader:
    """Error reporting shared by the readers: every message is prefixed by ``source``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, message: str) -> FormatError:
        return FormatError(message, where=path, source=self.source)

    def obj(self, value: Json, path: str) -> dict[str, Json]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object, got {_describe(value)}")
        return value

    def lst(self, value: Json, path: str) -> list[Json]:
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {_describe(value)}")
        return value

    def integer(self, value: Json, path: str, lo: int = 0, hi: int | None = None) -> int:
        if type(value) is not int:
            raise self.fail(path, f"expected an integer, got {_describe(value)}")
        if value < lo or (hi is not None and value >= hi):
            bound = f"{lo}..{hi - 1}" if hi is not None else f">= {lo}"
            raise self.fail(path, f"{value} out of range ({bound})")
        return value

    def string(self, value: Json, path: str) -> str:
        if not isinstance(value, str):
            raise self.fail(path, f"expected a string, got {_describe(value)}")
        return value

    def key(self, obj: dict[str, Json], name: str, path: str) -> Json:
        if name not in obj:
            where = f"{path}.{name}" if path else name
            raise self.fail(where, "missing required key")
        return obj[name]

    def no_unknown_keys(self, obj: dict[str, Json], allowed: frozenset[str] | tuple[str, ...], path: str) -> None:
        for name in obj:
            if name not in allowed:
                raise self.fail(f"{path}.{name}", f"unknown key (expected one of {', '.join(sorted(allowed))})")

    def preg(self, value: Json, path: str) -> int:
        if isinstance(value, str):
            p = PREG_BY_STR.get(value)
            if p is not None:
                return p
        raise self.fail(path, f'bad physical register {_describe(value)} (expected like "int:3", index 0..63)')

    def alloc(self, value: Json, path: str, allow_none: bool = True) -> int:
        if isinstance(value, str):
            p = PREG_BY_STR.get(value)
            if p is not None:
                return p
            if value.startswith("stack:") and value[6:].isdigit() and value[6:].isascii():
                return STACK_BASE + int(value[6:])
            if value == "none" and allow_none:
                return NO_ALLOC
        expected = '"int:3", "stack:5" or "none"' if allow_none else '"int:3" or "stack:5"'
        raise self.fail(path, f"bad allocation {_describe(value)} (expected like {expected})")

    def vreg(self, value: Json, path: str, num_vregs: int) -> int:
        return self.integer(value, path, 0, num_vregs)

    def vreg_list(self, value: Json, path: str, num_vregs: int) -> list[int]:
        items = self.lst(value, path)
        for j, v in enumerate(items):
            if type(v) is not int or not 0 <= v < num_vregs:
                self.vreg(v, f"{path}[{j}]", num_vregs)
        return items

    def block_list(self, value: Json, path: str, num_blocks: int) -> list[int]:
        items = self.lst(value, path)
        for j, b in enumerate(items):
            if type(b) is not int or not 0 <= b < num_blocks:
                self.integer(b, f"{path}[{j}]", 0, num_blocks)
        return items

    def preg_list(self, value: Json, path: str) -> list[int]:
        items = self.lst(value, path)
        return [self.preg(s, f"{path}[{j}]") for j, s in enumerate(items)]


def _describe(value: Json) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value) if len(value) <= 40 else json.dumps(value[:40]) + "..."
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# --------------------------------------------------------------------------- env


def env_to_json(env: MachineEnv) -> dict[str, Json]:
    """The ``env`` object of a function file (register lists as per-class indices)."""

    def per_class(lists: list[list[int]]) -> dict[str, list[int]]:
        return {CLASS_NAMES[c]: [p & 63 for p in lists[c]] for c in range(NUM_CLASSES)}

    return {
        "preferred": per_class(env.preferred),
        "non_preferred": per_class(env.non_preferred),
        "scratch": {CLASS_NAMES[c]: (env.scratch[c] & 63 if env.scratch[c] >= 0 else None) for c in range(NUM_CLASSES)},
        "fixed_stack": [_PREG_STRS[p] for p in env.fixed_stack],
        "spillslot_size": {CLASS_NAMES[c]: env.spillslot_size[c] for c in range(NUM_CLASSES)},
    }


def env_from_json(value: Json, path: str = "env", source: str = "") -> MachineEnv:
    """Parse an ``env`` object; :class:`FormatError` naming the path if malformed."""
    r = _Reader(source)
    env_obj = r.obj(value, path)
    r.no_unknown_keys(env_obj, _ENV_KEYS, path)

    def per_class_regs(name: str) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(NUM_CLASSES)]
        if name not in env_obj:
            raise r.fail(f"{path}.{name}", "missing required key")
        by_class = r.obj(env_obj[name], f"{path}.{name}")
        for cls_name, indices in by_class.items():
            cls = _class_key(r, cls_name, f"{path}.{name}")
            lpath = f"{path}.{name}.{cls_name}"
            out[cls] = [
                preg(cls, r.integer(x, f"{lpath}[{j}]", 0, REGS_PER_CLASS)) for j, x in enumerate(r.lst(indices, lpath))
            ]
        return out

    preferred = per_class_regs("preferred")
    non_preferred = per_class_regs("non_preferred")
    scratch = [-1] * NUM_CLASSES
    if "scratch" in env_obj:
        for cls_name, idx in r.obj(env_obj["scratch"], f"{path}.scratch").items():
            cls = _class_key(r, cls_name, f"{path}.scratch")
            if idx is not None:
                scratch[cls] = preg(cls, r.integer(idx, f"{path}.scratch.{cls_name}", 0, REGS_PER_CLASS))
    fixed_stack: list[int] = []
    if "fixed_stack" in env_obj:
        fixed_stack = r.preg_list(env_obj["fixed_stack"], f"{path}.fixed_stack")
    spillslot_size = [1] * NUM_CLASSES
    if "spillslot_size" in env_obj:
        for cls_name, size in r.obj(env_obj["spillslot_size"], f"{path}.spillslot_size").items():
            cls = _class_key(r, cls_name, f"{path}.spillslot_size")
            spillslot_size[cls] = r.integer(size, f"{path}.spillslot_size.{cls_name}", 1)
    return MachineEnv(
        preferred=preferred,
        non_preferred=non_preferred,
        scratch=scratch,
        fixed_stack=fixed_stack,
        spillslot_size=spillslot_size,
    )


def _class_key(r: _Reader, name: str, path: str) -> int:
    cls = CLASS_BY_NAME.get(name)
    if cls is None:
        raise r.fail(f"{path}.{name}", "unknown register class (expected int, float or vector)")
    return cls


# ---------------------------------------------------------------------- function


def _branch_args_at(func: Function) -> dict[int, list[list[int]]]:
    """Branch arguments keyed by the terminator they hang off."""
    out: dict[int, list[list[int]]] = {}
    for b in range(func.num_blocks):
        end = func.block_inst_end[b]
        if end > func.block_inst_start[b] and func.inst_kind[end - 1] == BRANCH:
            out[end - 1] = [func.branch_args(b, j) for j in range(len(func.succs_of(b)))]
    return out


def _insts_json(func: Function) -> list[dict[str, Json]]:
    preg_strs = _PREG_STRS
    kind_names = KIND_NAMES
    pos_names = POS_NAMES
    simple_names = _SIMPLE_CONSTRAINT_NAMES
    op_vreg, op_kind, op_pos, op_con, op_arg = func.op_vreg, func.op_kind, func.op_pos, func.op_con, func.op_arg
    op_start = func.inst_op_start
    clob_start = func.inst_clobber_start
    clobbers = func.clobbers
    branch_args_at = _branch_args_at(func)
    insts: list[dict[str, Json]] = []
    for i, kind in enumerate(func.inst_kind):
        operands: list[dict[str, Json]] = []
        for o in range(op_start[i], op_start[i + 1]):
            con = op_con[o]
            if con == FIXED:
                constraint: Json = {"fixed": preg_strs[op_arg[o]]}
            elif con == REUSE:
                constraint = {"reuse": op_arg[o]}
            elif con == LIMIT:
                constraint = {"limit": op_arg[o]}
            else:
                constraint = simple_names[con]
            v = op_vreg[o]
            operands.append(
                {
                    "vreg": v if v >= 0 else None,
                    "kind": kind_names[op_kind[o]],
                    "pos": pos_names[op_pos[o]],
                    "constraint": constraint,
                }
            )
        inst: dict[str, Json] = {
            "op": _INST_KIND_NAMES[kind],
            "operands": operands,
            "clobbers": [preg_strs[p] for p in clobbers[clob_start[i] : clob_start[i + 1]]],
        }
        if kind == BRANCH:
            inst["branch_args"] = branch_args_at.get(i, [])
        insts.append(inst)
    return insts


def _insts_json_text(func: Function) -> list[str]:
    """The ``insts`` list as JSON text, one string per instruction.

    Same content as encoding :func:`_insts_json`, written directly because
    building a dict per operand dominates the time of writing big functions.
    """
    preg_strs = _PREG_STRS
    heads = [[f', "kind": "{k}", "pos": "{p}", "constraint": ' for p in POS_NAMES] for k in KIND_NAMES]
    constraint_text: dict[tuple[int, int], str] = {}
    op_vreg, op_kind, op_pos, op_con, op_arg = func.op_vreg, func.op_kind, func.op_pos, func.op_con, func.op_arg
    op_start = func.inst_op_start
    clob_start = func.inst_clobber_start
    clobbers = func.clobbers
    branch_args_at = _branch_args_at(func)
    lines: list[str] = []
    for i, kind in enumerate(func.inst_kind):
        parts: list[str] = []
        for o in range(op_start[i], op_start[i + 1]):
            key = (op_con[o], op_arg[o])
            ctext = constraint_text.get(key)
            if ctext is None:
                con, arg = key
                if con == FIXED:
                    ctext = f'{{"fixed": "{preg_strs[arg]}"}}'
                elif con == REUSE:
                    ctext = f'{{"reuse": {arg}}}'
                elif con == LIMIT:
                    ctext = f'{{"limit": {arg}}}'
                else:
                    ctext = f'"{_SIMPLE_CONSTRAINT_NAMES[con]}"'
                constraint_text[key] = ctext
            v = op_vreg[o]
            parts.append(f'{{"vreg": {v if v >= 0 else "null"}{heads[op_kind[o]][op_pos[o]]}{ctext}}}')
        clob = '", "'.join([preg_strs[p] for p in clobbers[clob_start[i] : clob_start[i + 1]]])
        clob_text = f'"{clob}"' if clob else ""
        ops_text = ", ".join(parts)
        line = f'{{"op": "{_INST_KIND_NAMES[kind]}", "operands": [{ops_text}], "clobbers": [{clob_text}]'
        if kind == BRANCH:
            line += f', "branch_args": {_ENCODER.encode(branch_args_at.get(i, []))}'
        lines.append(line + "}")
    return lines


def _function_json(func: Function, env: MachineEnv, insts: Json) -> dict[str, Json]:
    preg_strs = _PREG_STRS
    blocks = [
        {
            "insts": [func.block_inst_start[b], func.block_inst_end[b]],
            "params": func.params_of(b),
            "succs": func.succs_of(b),
            "preds": func.preds_of(b),
        }
        for b in range(func.num_blocks)
    ]
    out: dict[str, Json] = {
        "version": FORMAT_VERSION,
        "name": func.name,
        "env": env_to_json(env),
        "vregs": [CLASS_NAMES[c] for c in func.vreg_class],
        "entry": func.entry,
        "blocks": blocks,
        "insts": insts,
    }
    if func.remat:
        out["remat"] = {str(v): label for v, label in sorted(func.remat.items())}
    if func.callee_saved is not None:
        out["callee_saved"] = [preg_strs[p] for p in func.callee_saved]
    if func.debug_labels:
        out["debug_labels"] = [list(entry) for entry in func.debug_labels]
    if func.mnemonics is not None:
        out["mnemonics"] = list(func.mnemonics)
    if not func.ssa:
        out["ssa"] = False
    if env.name:
        out["env_name"] = env.name
    if env.reg_names:
        out["reg_names"] = {preg_strs[p]: name for p, name in sorted(env.reg_names.items())}
    if any(env.paired_slots):
        out["env_paired_slots"] = [CLASS_NAMES[c] for c in range(NUM_CLASSES) if env.paired_slots[c]]
    return out


def function_to_json(func: Function, env: MachineEnv) -> dict[str, Json]:
    """The interchange JSON object of ``func`` and its machine environment."""
    return _function_json(func, env, _insts_json(func))


def function_from_json(obj: Json, source: str = "") -> tuple[Function, MachineEnv]:
    """Parse an interchange function object (already decoded from JSON).

    Raises :class:`FormatError` naming the JSON path of the first problem found.
    Structural checks that need the whole CFG (SSA, dominance, edge shapes) are
    left to :func:`regalloc.validate.validate`.
    """
    r = _Reader(source)
    top = r.obj(obj, "$")
    version = r.key(top, "version", "")
    if type(version) is not int or version != FORMAT_VERSION:
        raise r.fail("version", f"unsupported version {_describe(version)} (expected {FORMAT_VERSION})")
    name = r.string(top["name"], "name") if "name" in top else ""
    env = env_from_json(r.key(top, "env", ""), "env", source)

    vreg_class: list[int] = []
    for v, cls_name in enumerate(r.lst(r.key(top, "vregs", ""), "vregs")):
        cls = CLASS_BY_NAME.get(cls_name) if isinstance(cls_name, str) else None
        if cls is None:
            raise r.fail(f"vregs[{v}]", f"bad register class {_describe(cls_name)} (expected int, float or vector)")
        vreg_class.append(cls)
    num_vregs = len(vreg_class)

    raw_insts = r.lst(r.key(top, "insts", ""), "insts")
    num_insts = len(raw_insts)
    raw_blocks = r.lst(r.key(top, "blocks", ""), "blocks")
    num_blocks = len(raw_blocks)
    if num_blocks == 0:
        raise r.fail("blocks", "a function needs at least one block")
    entry = r.integer(r.key(top, "entry", ""), "entry", 0, num_blocks)

    block_ranges: list[tuple[int, int]] = []
    block_params: list[list[int]] = []
    block_succs: list[list[int]] = []
    block_preds: list[list[int]] = []
    expected_start = 0
    for b, raw in enumerate(raw_blocks):
        path = f"blocks[{b}]"
        blk = r.obj(raw, path)
        if len(blk) != 4:
            r.no_unknown_keys(blk, _BLOCK_KEYS, path)
        rng = r.lst(r.key(blk, "insts", path), f"{path}.insts")
        if len(rng) != 2:
            raise r.fail(f"{path}.insts", f"expected [first, end], got a list of {len(rng)}")
        first = r.integer(rng[0], f"{path}.insts[0]", 0, num_insts + 1)
        end = r.integer(rng[1], f"{path}.insts[1]", 0, num_insts + 1)
        if first != expected_start:
            raise r.fail(
                f"{path}.insts[0]", f"block starts at {first}, expected {expected_start} (blocks are contiguous)"
            )
        if end <= first:
            raise r.fail(f"{path}.insts", f"empty or reversed range [{first}, {end})")
        expected_start = end
        block_ranges.append((first, end))
        block_params.append(r.vreg_list(r.key(blk, "params", path), f"{path}.params", num_vregs))
        block_succs.append(r.block_list(r.key(blk, "succs", path), f"{path}.succs", num_blocks))
        block_preds.append(r.block_list(r.key(blk, "preds", path), f"{path}.preds", num_blocks))
    if expected_start != num_insts:
        raise r.fail(
            f"blocks[{num_blocks - 1}].insts[1]", f"blocks end at {expected_start} but there are {num_insts} insts"
        )

    inst_kind: list[int] = []
    inst_op_start = [0]
    op_vreg: list[int] = []
    op_kind: list[int] = []
    op_pos: list[int] = []
    op_con: list[int] = []
    op_arg: list[int] = []
    inst_clobber_start = [0]
    clobbers: list[int] = []
    raw_branch_args: dict[int, Json] = {}
    inst_kinds = _INST_KINDS
    operand_kinds = _OPERAND_KINDS
    positions = _POSITIONS
    simple = _SIMPLE_CONSTRAINTS
    pregs = PREG_BY_STR
    inst_keys = _INST_KEYS
    for i, inst in enumerate(raw_insts):
        try:
            kind = inst_kinds[inst["op"]]
            ops = inst["operands"]
            clob = inst["clobbers"]
            if not inst_keys.issuperset(inst):
                raise KeyError
            if type(ops) is not list or type(clob) is not list:
                raise KeyError
        except (KeyError, TypeError, AttributeError):
            kind, ops, clob = _inst_header_slow(r, inst, i)
        if "branch_args" in inst:
            if kind != BRANCH:
                raise r.fail(
                    f"insts[{i}].branch_args", f"only a branch has branch_args (this is {_INST_KIND_NAMES[kind]!r})"
                )
            raw_branch_args[i] = inst["branch_args"]
        inst_kind.append(kind)
        n_ops = len(ops)
        for k, o in enumerate(ops):
            try:
                v = o["vreg"]
                kd = operand_kinds[o["kind"]]
                ps = positions[o["pos"]]
                c = o["constraint"]
                if len(o) != 4 or type(v) is not int or not 0 <= v < num_vregs:
                    raise KeyError
                if type(c) is str:
                    con = simple[c]
                    arg = 0
                elif "fixed" in c and len(c) == 1:
                    con = FIXED
                    arg = pregs[c["fixed"]]
                elif "reuse" in c and len(c) == 1:
                    con = REUSE
                    arg = c["reuse"]
                    if type(arg) is not int or not 0 <= arg < n_ops:
                        raise KeyError
                else:
                    raise KeyError
            except (KeyError, TypeError, AttributeError):
                v, kd, ps, con, arg = _operand_slow(r, o, f"insts[{i}].operands[{k}]", num_vregs, n_ops)
            op_vreg.append(v)
            op_kind.append(kd)
            op_pos.append(ps)
            op_con.append(con)
            op_arg.append(arg)
        inst_op_start.append(len(op_vreg))
        try:
            clobbers.extend([pregs[s] for s in clob])
        except (KeyError, TypeError):
            clobbers.extend(r.preg_list(clob, f"insts[{i}].clobbers"))
        inst_clobber_start.append(len(clobbers))

    edge_args: list[list[list[int]]] = []
    for b, (_first, end) in enumerate(block_ranges):
        last = end - 1
        n_succ = len(block_succs[b])
        if last not in raw_branch_args:
            if inst_kind[last] == BRANCH:
                raise r.fail(f"insts[{last}]", "missing required key branch_args")
            edge_args.append([])
            continue
        path = f"insts[{last}].branch_args"
        lists = r.lst(raw_branch_args[last], path)
        if len(lists) != n_succ:
            raise r.fail(path, f"{len(lists)} argument lists for {n_succ} successors of block {b}")
        edge_args.append([r.vreg_list(args, f"{path}[{j}]", num_vregs) for j, args in enumerate(lists)])
    for i in raw_branch_args:
        b_end = block_ranges[_block_of(block_ranges, i)][1]
        if i != b_end - 1:
            # A branch in the middle of a block has nowhere to keep its arguments.
            raise r.fail(f"insts[{i}]", "a branch must be the last instruction of its block")

    remat: dict[int, str] = {}
    if "remat" in top:
        for key, label in r.obj(top["remat"], "remat").items():
            if not (key.isdigit() and key.isascii()) or int(key) >= num_vregs:
                raise r.fail(f"remat.{key}", f"bad vreg key {key!r} (expected a vreg index 0..{num_vregs - 1})")
            remat[int(key)] = r.string(label, f"remat.{key}")
    callee_saved = r.preg_list(top["callee_saved"], "callee_saved") if "callee_saved" in top else None
    debug_labels: list[tuple[int, int, int, int]] = []
    if "debug_labels" in top:
        for j, entry_ in enumerate(r.lst(top["debug_labels"], "debug_labels")):
            path = f"debug_labels[{j}]"
            item = r.lst(entry_, path)
            if len(item) != 4:
                raise r.fail(path, f"expected [vreg, from_inst, to_inst, label], got a list of {len(item)}")
            debug_labels.append(
                (
                    r.vreg(item[0], f"{path}[0]", num_vregs),
                    r.integer(item[1], f"{path}[1]", 0, num_insts + 1),
                    r.integer(item[2], f"{path}[2]", 0, num_insts + 1),
                    r.integer(item[3], f"{path}[3]"),
                )
            )
    mnemonics: list[str] | None = None
    if "mnemonics" in top:
        raw_mn = r.lst(top["mnemonics"], "mnemonics")
        if len(raw_mn) != num_insts:
            raise r.fail("mnemonics", f"{len(raw_mn)} mnemonics for {num_insts} insts")
        mnemonics = [r.string(m, f"mnemonics[{j}]") for j, m in enumerate(raw_mn)]
    ssa = True
    if "ssa" in top:
        if not isinstance(top["ssa"], bool):
            raise r.fail("ssa", f"expected true or false, got {_describe(top['ssa'])}")
        ssa = top["ssa"]
    if "env_name" in top:
        env.name = r.string(top["env_name"], "env_name")
    if "reg_names" in top:
        for key, reg_name in r.obj(top["reg_names"], "reg_names").items():
            env.reg_names[r.preg(key, f"reg_names.{key}")] = r.string(reg_name, f"reg_names.{key}")
    if "env_paired_slots" in top:
        for j, cls_name in enumerate(r.lst(top["env_paired_slots"], "env_paired_slots")):
            cls = CLASS_BY_NAME.get(cls_name) if isinstance(cls_name, str) else None
            if cls is None:
                raise r.fail(f"env_paired_slots[{j}]", f"bad register class {_describe(cls_name)}")
            env.paired_slots[cls] = True

    func = function_from_lists(
        name=name,
        vreg_class=vreg_class,
        entry=entry,
        block_ranges=block_ranges,
        block_params=block_params,
        block_succs=block_succs,
        block_preds=block_preds,
        edge_args=edge_args,
        inst_kind=inst_kind,
        inst_op_start=inst_op_start,
        op_columns=(op_vreg, op_kind, op_pos, op_con, op_arg),
        inst_clobber_start=inst_clobber_start,
        clobbers=clobbers,
        remat=remat,
        callee_saved=callee_saved,
        debug_labels=debug_labels,
        mnemonics=mnemonics,
        ssa=ssa,
    )
    return func, env


def _block_of(block_ranges: list[tuple[int, int]], inst: int) -> int:
    lo, hi = 0, len(block_ranges) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if block_ranges[mid][0] <= inst:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _inst_header_slow(r: _Reader, raw: Json, i: int) -> tuple[int, list[Json], list[Json]]:
    path = f"insts[{i}]"
    inst = r.obj(raw, path)
    r.no_unknown_keys(inst, _INST_KEYS, path)
    op_name = r.key(inst, "op", path)
    kind = _INST_KINDS.get(op_name) if isinstance(op_name, str) else None
    if kind is None:
        raise r.fail(f"{path}.op", f'bad instruction kind {_describe(op_name)} (expected "op", "branch" or "ret")')
    ops = r.lst(r.key(inst, "operands", path), f"{path}.operands")
    clob = r.lst(r.key(inst, "clobbers", path), f"{path}.clobbers")
    return kind, ops, clob


def _operand_slow(r: _Reader, raw: Json, path: str, num_vregs: int, n_ops: int) -> tuple[int, int, int, int, int]:
    o = r.obj(raw, path)
    r.no_unknown_keys(o, _OPERAND_KEYS, path)
    for name in _OPERAND_KEYS:
        r.key(o, name, path)
    kind = _OPERAND_KINDS.get(o["kind"]) if isinstance(o["kind"], str) else None
    if kind is None:
        raise r.fail(f"{path}.kind", f'bad operand kind {_describe(o["kind"])} (expected "use" or "def")')
    pos = _POSITIONS.get(o["pos"]) if isinstance(o["pos"], str) else None
    if pos is None:
        raise r.fail(f"{path}.pos", f'bad operand position {_describe(o["pos"])} (expected "early" or "late")')
    c = o["constraint"]
    cpath = f"{path}.constraint"
    if isinstance(c, str):
        simple = _SIMPLE_CONSTRAINTS.get(c)
        if simple is None:
            raise r.fail(cpath, f'bad constraint {_describe(c)} (expected "any", "reg", "stack" or an object)')
        con, arg = simple, 0
    elif isinstance(c, dict) and len(c) == 1:
        ((cname, value),) = c.items()
        if cname == "fixed":
            con, arg = FIXED, r.preg(value, f"{cpath}.fixed")
        elif cname == "reuse":
            if type(value) is not int or not 0 <= value < n_ops:
                raise r.fail(f"{cpath}.reuse", f"operand index {_describe(value)} out of range (0..{n_ops - 1})")
            con, arg = REUSE, value
        elif cname == "limit":
            con, arg = LIMIT, r.integer(value, f"{cpath}.limit", 1, REGS_PER_CLASS + 1)
        else:
            raise r.fail(f"{cpath}.{cname}", "unknown constraint (expected fixed, reuse or limit)")
    else:
        raise r.fail(cpath, f"bad constraint {_describe(c)} (expected a string or an object with one key)")
    v = o["vreg"]
    if v is None:
        if con != FIXED:
            raise r.fail(f"{path}.vreg", "null vreg needs a fixed constraint")
        return -1, kind, pos, con, arg
    return r.vreg(v, f"{path}.vreg", num_vregs), kind, pos, con, arg


# ------------------------------------------------------------------------ result


def _point_json(p: int) -> list[Json]:
    return [inst_of(p), POINT_POS_NAMES[p & 1]]


def result_to_json(result: AllocationResult, func: Function) -> dict[str, Json]:
    """The interchange JSON object of an allocation of ``func``."""
    allocs = result.allocs
    strs = _PREG_STRS

    def loc(a: int) -> str:
        return strs[a] if 0 <= a < NUM_PREGS else alloc_str(a)

    op_start = func.inst_op_start
    per_inst = [[loc(a) for a in allocs[op_start[i] : op_start[i + 1]]] for i in range(func.num_insts)]
    def edit_body(kind: int, src: int, dst: int) -> tuple[str, Json]:
        if kind == MOVE:
            return "move", {"from": loc(src), "to": loc(dst)}
        if kind == REMAT:
            return "remat", {"vreg": src, "to": loc(dst)}
        s1, s2 = unpack_pair(src)
        d1, d2 = unpack_pair(dst)
        return "pair", {"from": [loc(s1), loc(s2)], "to": [loc(d1), loc(d2)]}

    edits: list[dict[str, Json]] = []
    for pt, kind, src, dst in result.edits:
        name, body = edit_body(kind, src, dst)
        edits.append({"at": _point_json(pt), name: body})
    out: dict[str, Json] = {
        "version": FORMAT_VERSION,
        "algorithm": result.algorithm,
        "num_spillslots": result.num_spillslots,
        "allocs": per_inst,
        "edits": edits,
    }
    if result.clobbered_callee_saved is not None:
        out["clobbered_callee_saved"] = [strs[p] for p in result.clobbered_callee_saved]
    if result.debug_locations or func.debug_labels:
        out["debug_locations"] = [
            [label, _point_json(start), _point_json(end), loc(a)] for label, start, end, a in result.debug_locations
        ]
    out["stats"] = dict(result.stats)
    if result.callee_saved_edits:
        out["callee_saved_edits"] = {strs[p]: list(ix) for p, ix in sorted(result.callee_saved_edits.items())}
    if result.edge_edits:
        edge_edits: list[Json] = []
        for pred, succ, kind, src, dst in result.edge_edits:
            name, body = edit_body(kind, src, dst)
            edge_edits.append({"edge": [pred, succ], name: body})
        out["edge_edits"] = edge_edits
    return out


def result_from_json(obj: Json, func: Function, source: str = "") -> AllocationResult:
    """Parse an allocation object for ``func``; :class:`FormatError` naming the path if malformed."""
    r = _Reader(source)
    top = r.obj(obj, "$")
    version = r.key(top, "version", "")
    if type(version) is not int or version != FORMAT_VERSION:
        raise r.fail("version", f"unsupported version {_describe(version)} (expected {FORMAT_VERSION})")
    algorithm = r.string(top["algorithm"], "algorithm") if "algorithm" in top else ""
    num_spillslots = r.integer(r.key(top, "num_spillslots", ""), "num_spillslots")
    raw_allocs = r.lst(r.key(top, "allocs", ""), "allocs")
    n = func.num_insts
    if len(raw_allocs) != n:
        raise r.fail("allocs", f"{len(raw_allocs)} per-instruction lists for {n} insts")
    op_start = func.inst_op_start
    pregs = PREG_BY_STR
    allocs: list[int] = []
    for i, row in enumerate(raw_allocs):
        count = op_start[i + 1] - op_start[i]
        if type(row) is not list or len(row) != count:
            r.lst(row, f"allocs[{i}]")
            raise r.fail(f"allocs[{i}]", f"{len(row)} allocations for {count} operands")
        try:
            allocs.extend([pregs[s] for s in row])
        except (KeyError, TypeError):
            allocs.extend([r.alloc(s, f"allocs[{i}][{k}]") for k, s in enumerate(row)])

    edits: list[tuple[int, int, int, int]] = []
    for j, raw in enumerate(r.lst(r.key(top, "edits", ""), "edits")):
        path = f"edits[{j}]"
        e = r.obj(raw, path)
        at = _point_from_json(r, r.key(e, "at", path), f"{path}.at", n)
        kind, src, dst = _edit_from_json(r, e, "at", path, func.num_vregs)
        edits.append((at, kind, src, dst))
    edge_edits: list[tuple[int, int, int, int, int]] = []
    if "edge_edits" in top:
        for j, raw in enumerate(r.lst(top["edge_edits"], "edge_edits")):
            path = f"edge_edits[{j}]"
            e = r.obj(raw, path)
            ends = r.block_list(r.key(e, "edge", path), f"{path}.edge", func.num_blocks)
            if len(ends) != 2:
                raise r.fail(f"{path}.edge", f"expected [pred, succ], got a list of {len(ends)}")
            kind, src, dst = _edit_from_json(r, e, "edge", path, func.num_vregs)
            edge_edits.append((ends[0], ends[1], kind, src, dst))

    clobbered: list[int] | None = None
    if "clobbered_callee_saved" in top:
        clobbered = r.preg_list(top["clobbered_callee_saved"], "clobbered_callee_saved")
    debug_locations: list[tuple[int, int, int, int]] = []
    if "debug_locations" in top:
        for j, raw in enumerate(r.lst(top["debug_locations"], "debug_locations")):
            path = f"debug_locations[{j}]"
            item = r.lst(raw, path)
            if len(item) != 4:
                raise r.fail(path, f"expected [label, [inst, pos], [inst, pos], alloc], got a list of {len(item)}")
            debug_locations.append(
                (
                    r.integer(item[0], f"{path}[0]"),
                    _point_from_json(r, item[1], f"{path}[1]", n),
                    _point_from_json(r, item[2], f"{path}[2]", n + 1),
                    r.alloc(item[3], f"{path}[3]"),
                )
            )
    stats: dict[str, int | float | str] = {}
    if "stats" in top:
        for key, value in r.obj(top["stats"], "stats").items():
            stats[key] = value if isinstance(value, (int, float, str)) else json.dumps(value)
    callee_saved_edits: dict[int, list[int]] = {}
    if "callee_saved_edits" in top:
        n_edits = len(edits)
        for key, ix in r.obj(top["callee_saved_edits"], "callee_saved_edits").items():
            path = f"callee_saved_edits.{key}"
            items = r.lst(ix, path)
            callee_saved_edits[r.preg(key, path)] = [
                r.integer(x, f"{path}[{k}]", 0, n_edits) for k, x in enumerate(items)
            ]
    return AllocationResult(
        allocs=allocs,
        edits=edits,
        num_spillslots=num_spillslots,
        algorithm=algorithm,
        clobbered_callee_saved=clobbered,
        debug_locations=debug_locations,
        stats=stats,
        callee_saved_edits=callee_saved_edits,
        edge_edits=edge_edits,
    )


def _edit_from_json(r: _Reader, e: dict[str, Json], where_key: str, path: str, num_vregs: int) -> tuple[int, int, int]:
    """``(kind, src, dst)`` of an edit object holding ``where_key`` and one of move, remat or pair."""
    others = [k for k in e if k != where_key]
    if len(others) != 1:
        raise r.fail(path, f'expected "{where_key}" and exactly one of move, remat or pair')
    what = others[0]
    body = r.obj(e[what], f"{path}.{what}")
    bpath = f"{path}.{what}"
    if what == "move":
        r.no_unknown_keys(body, ("from", "to"), bpath)
        src = r.alloc(r.key(body, "from", bpath), f"{bpath}.from", allow_none=False)
        dst = r.alloc(r.key(body, "to", bpath), f"{bpath}.to", allow_none=False)
        return MOVE, src, dst
    if what == "remat":
        r.no_unknown_keys(body, ("vreg", "to"), bpath)
        v = r.vreg(r.key(body, "vreg", bpath), f"{bpath}.vreg", num_vregs)
        return REMAT, v, r.preg(r.key(body, "to", bpath), f"{bpath}.to")
    if what == "pair":
        r.no_unknown_keys(body, ("from", "to"), bpath)
        ends: list[int] = []
        for side in ("from", "to"):
            pair = r.lst(r.key(body, side, bpath), f"{bpath}.{side}")
            if len(pair) != 2:
                raise r.fail(f"{bpath}.{side}", f"expected two allocations, got {len(pair)}")
            a = r.alloc(pair[0], f"{bpath}.{side}[0]", allow_none=False)
            b = r.alloc(pair[1], f"{bpath}.{side}[1]", allow_none=False)
            ends.append(pack_pair(a, b))
        return PAIR, ends[0], ends[1]
    raise r.fail(f"{path}.{what}", "unknown edit (expected move, remat or pair)")


def _point_from_json(r: _Reader, value: Json, path: str, num_insts: int) -> int:
    item = r.lst(value, path)
    if len(item) != 2:
        raise r.fail(path, f'expected [inst, "before" | "after"], got a list of {len(item)}')
    inst = r.integer(item[0], f"{path}[0]", 0, num_insts)
    pos = _POINT_POSITIONS.get(item[1]) if isinstance(item[1], str) else None
    if pos is None:
        raise r.fail(f"{path}[1]", f'bad position {_describe(item[1])} (expected "before" or "after")')
    return inst * 2 + pos


# ------------------------------------------------------------------- text output


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _dump_layout(
    obj: dict[str, Json], one_per_line: frozenset[str], rendered: dict[str, list[str]] | None = None
) -> str:
    """JSON text with one top-level key per line and the big lists one element per line.

    Diff-friendly and still fast: each element is encoded by the C encoder, or
    taken ready-made from ``rendered``.
    """
    encode = _ENCODER.encode
    parts = ["{"]
    items = list(obj.items())
    for n, (key, value) in enumerate(items):
        comma = "," if n + 1 < len(items) else ""
        head = f"  {encode(key)}: "
        if rendered is not None and key in rendered:
            elements = rendered[key]
            body = "[\n    " + ",\n    ".join(elements) + "\n  ]" if elements else "[]"
            parts.append(f"{head}{body}{comma}")
        elif key in one_per_line and isinstance(value, list) and value:
            inner = ",\n    ".join([encode(x) for x in value])
            parts.append(f"{head}[\n    {inner}\n  ]{comma}")
        elif key == "env" and isinstance(value, dict):
            inner = ",\n    ".join([f"{encode(k)}: {encode(v)}" for k, v in value.items()])
            parts.append(f"{head}{{\n    {inner}\n  }}{comma}")
        else:
            parts.append(f"{head}{encode(value)}{comma}")
    parts.append("}\n")
    return "\n".join(parts)


def dump_function_json(func: Function, env: MachineEnv) -> str:
    """``func`` and ``env`` as interchange JSON text (one instruction per line)."""
    return _dump_layout(_function_json(func, env, None), frozenset(("blocks",)), {"insts": _insts_json_text(func)})


def dump_result_json(result: AllocationResult, func: Function) -> str:
    """An allocation as interchange JSON text (one instruction's allocations per line)."""
    return _dump_layout(result_to_json(result, func), frozenset(("allocs", "edits", "debug_locations", "edge_edits")))


def parse_json_text(text: str, source: str = "") -> Json:
    """Decode JSON text; a syntax error becomes a :class:`FormatError` at ``line:col``."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"invalid JSON: {exc.msg}", where=f"{exc.lineno}:{exc.colno}", source=source) from None
    except RecursionError:
        raise FormatError("invalid JSON: nested too deeply", source=source) from None


def read_text_file(path: str) -> str:
    """A file's text (UTF-8, byte-order mark tolerated); undecodable bytes are a :class:`FormatError`."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})", source=path) from None


def load_result(path: str, func: Function) -> AllocationResult:
    """Read an allocation file for ``func``."""
    text = read_text_file(path)
    return result_from_json(parse_json_text(text, path), func, path)
