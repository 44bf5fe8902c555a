"""Interchange JSON: corpus round trips, results, path-naming errors, speed."""

from __future__ import annotations

import copy
import glob
import json
import time
from pathlib import Path
from typing import Any

import pytest

from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import FormatError
from regalloc.formats import (
    dump_function_json,
    dump_function_text,
    dump_result_json,
    function_from_json,
    function_to_json,
    load_function,
    load_result,
    loads_function,
    result_from_json,
    result_to_json,
)
from regalloc.function import Fixed, FunctionBuilder, Reuse, define, fixed_use, use
from regalloc.regs import FLOAT, INT, VECTOR, preg, stack_alloc
from regalloc.result import AFTER, BEFORE, MOVE, PAIR, REMAT, AllocationResult, pack_pair, point
from shared_paths import SHARED_CORPUS

SMALL = sorted(glob.glob(f"{SHARED_CORPUS}/regalloc2-small/*.json"))


def _env() -> MachineEnv:
    return MachineEnv(
        preferred=[[preg(INT, i) for i in range(4)], [preg(FLOAT, i) for i in range(2)], []],
        non_preferred=[[preg(INT, 4)], [], [preg(VECTOR, 0), preg(VECTOR, 1)]],
        scratch=[preg(INT, 15), -1, -1],
        fixed_stack=[preg(INT, 40)],
        spillslot_size=[1, 1, 2],
    )


def _sample_json() -> dict[str, Any]:
    """A hand-made function file touching every field of the spec."""
    return {
        "version": 1,
        "name": "sample",
        "env": {
            "preferred": {"int": [0, 1, 2, 3], "float": [0, 1], "vector": []},
            "non_preferred": {"int": [4], "float": [], "vector": [0, 1]},
            "scratch": {"int": 15, "float": None, "vector": None},
            "fixed_stack": ["int:40"],
            "spillslot_size": {"int": 1, "float": 1, "vector": 2},
        },
        "vregs": ["int", "int", "float", "int"],
        "entry": 0,
        "blocks": [
            {"insts": [0, 2], "params": [], "succs": [1], "preds": []},
            {"insts": [2, 3], "params": [3], "succs": [], "preds": [0]},
        ],
        "insts": [
            {
                "op": "op",
                "operands": [
                    {"vreg": 0, "kind": "def", "pos": "late", "constraint": "reg"},
                    {"vreg": 1, "kind": "def", "pos": "early", "constraint": {"fixed": "int:2"}},
                    {"vreg": 2, "kind": "def", "pos": "late", "constraint": {"limit": 2}},
                    {"vreg": None, "kind": "use", "pos": "early", "constraint": {"fixed": "int:7"}},
                ],
                "clobbers": ["int:3", "float:1"],
            },
            {
                "op": "branch",
                "operands": [{"vreg": 1, "kind": "use", "pos": "early", "constraint": "stack"}],
                "clobbers": [],
                "branch_args": [[0]],
            },
            {
                "op": "ret",
                "operands": [{"vreg": 3, "kind": "use", "pos": "early", "constraint": {"fixed": "int:0"}}],
                "clobbers": [],
            },
        ],
        "remat": {"2": "const"},
        "callee_saved": ["int:3"],
        "debug_labels": [[0, 0, 2, 7]],
    }


def _error_of(obj: Any) -> str:
    with pytest.raises(FormatError) as info:
        function_from_json(obj, "t.json")
    return str(info.value)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("path", SMALL, ids=lambda p: Path(p).name)
def test_corpus_small_json_round_trip(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        original = json.load(fh)
    func, env = load_function(path)
    assert function_to_json(func, env) == original
    assert json.loads(dump_function_json(func, env)) == original


def test_sample_round_trip_keeps_every_field() -> None:
    obj = _sample_json()
    func, env = function_from_json(obj)
    assert func.remat == {2: "const"}
    assert func.callee_saved == [preg(INT, 3)]
    assert func.debug_labels == [(0, 0, 2, 7)]
    assert env == _env()
    assert func.op_vreg[3] == -1
    assert function_to_json(func, env) == obj


def test_unknown_top_level_keys_are_ignored() -> None:
    obj = _sample_json()
    obj["produced_by"] = {"tool": "elsewhere", "nested": [1, 2]}
    func, _ = function_from_json(obj)
    assert func.num_insts == 3


def test_optional_env_fields_default() -> None:
    obj = _sample_json()
    for key in ("scratch", "fixed_stack", "spillslot_size"):
        del obj["env"][key]
    _, env = function_from_json(obj)
    assert env.spillslot_size == [1, 1, 1]
    assert env.scratch == [-1, -1, -1]
    assert env.fixed_stack == []


def test_extensions_round_trip() -> None:
    fb = FunctionBuilder("ext")
    v = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(v, "reg")], mnemonic="li")
    fb.ret([use(v, Fixed(preg(INT, 0)))])
    fb.ssa = False
    func = fb.finish()
    env = _env()
    env.name = "custom"
    env.reg_names = {preg(INT, 0): "r0"}
    obj = function_to_json(func, env)
    assert obj["mnemonics"] == ["li", ""]
    assert obj["ssa"] is False
    assert obj["reg_names"] == {"int:0": "r0"}
    assert function_from_json(obj) == (func, env)


def test_load_function_sniffs_unknown_extensions(tmp_path: Path) -> None:
    func, env = function_from_json(_sample_json())
    as_json = tmp_path / "f.txt"
    as_json.write_text(dump_function_json(func, env))
    as_text = tmp_path / "f.func"
    as_text.write_text(dump_function_text(func, env))
    assert load_function(str(as_json)) == (func, env)
    assert load_function(str(as_text)) == (func, env)


def test_loads_function_sniffs_json() -> None:
    func, env = function_from_json(_sample_json())
    text = "\n  " + json.dumps(_sample_json())
    assert loads_function(text) == (func, env)


# --------------------------------------------------------------- bad input


def _mutated(path: str, value: Any) -> dict[str, Any]:
    """The sample with the value at a dotted/indexed ``path`` replaced (``...`` deletes it)."""
    obj = _sample_json()
    parts = path.replace("[", ".").replace("]", "").split(".")
    target: Any = obj
    for p in parts[:-1]:
        target = target[int(p)] if p.isdigit() else target[p]
    last = parts[-1]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return obj


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("insts[1].operands[0].vreg", "one", "insts[1].operands[0].vreg: expected an integer"),
        ("insts[2].operands[0].vreg", 99, "insts[2].operands[0].vreg: 99 out of range (0..3)"),
        ("insts[0].operands[0].kind", "define", "insts[0].operands[0].kind: bad operand kind"),
        ("insts[0].operands[0].pos", 1, "insts[0].operands[0].pos: bad operand position"),
        ("insts[0].operands[0].constraint", "fixed", "insts[0].operands[0].constraint: bad constraint"),
        ("insts[0].operands[1].constraint", {"fixed": "int:64"}, "insts[0].operands[1].constraint.fixed"),
        ("insts[0].operands[1].constraint", {"fixed": "gpr:1"}, "insts[0].operands[1].constraint.fixed"),
        ("insts[0].operands[1].constraint", {"reuse": 4}, "insts[0].operands[1].constraint.reuse: operand index"),
        ("insts[0].operands[1].constraint", {"pinned": 1}, "insts[0].operands[1].constraint.pinned: unknown"),
        ("insts[0].operands[0].vreg", None, "insts[0].operands[0].vreg: null vreg needs a fixed constraint"),
        ("insts[0].operands[0].kind", ..., "insts[0].operands[0].kind: missing required key"),
        ("insts[0].clobbers[1]", "float:99", "insts[0].clobbers[1]: bad physical register"),
        ("insts[0].clobbers", "int:3", "insts[0].clobbers: expected a list"),
        ("insts[0].op", "call", "insts[0].op: bad instruction kind"),
        ("insts[1].branch_args", [[0], []], "insts[1].branch_args: 2 argument lists for 1 successors"),
        ("insts[1].branch_args", ..., "insts[1]: missing required key branch_args"),
        ("insts[1].branch_args[0][0]", 7, "insts[1].branch_args[0][0]: 7 out of range"),
        ("insts[2].operands", {}, "insts[2].operands: expected a list"),
        ("insts[2]", [], "insts[2]: expected an object"),
        ("blocks[0].succs", 1, "blocks[0].succs: expected a list"),
        ("blocks[0].succs[0]", 2, "blocks[0].succs[0]: 2 out of range (0..1)"),
        ("blocks[1].params[0]", -1, "blocks[1].params[0]: -1 out of range"),
        ("blocks[1].insts", [2, 5], "blocks[1].insts[1]: 5 out of range"),
        ("blocks[1].insts", [1, 3], "blocks[1].insts[0]: block starts at 1, expected 2"),
        ("entry", 2, "entry: 2 out of range (0..1)"),
        ("vregs[2]", "double", "vregs[2]: bad register class"),
        ("version", 2, "version: unsupported version 2"),
        ("env.preferred.int[1]", 64, "env.preferred.int[1]: 64 out of range (0..63)"),
        ("env.preferred.gpr", [1], "env.preferred.gpr: unknown register class"),
        ("env.scratch.int", "15", "env.scratch.int: expected an integer"),
        ("env.fixed_stack[0]", "stack:40", "env.fixed_stack[0]: bad physical register"),
        ("env.spillslot_size.vector", 0, "env.spillslot_size.vector: 0 out of range"),
        ("remat", {"x": "const"}, "remat.x: bad vreg key"),
        ("callee_saved[0]", "rbx", "callee_saved[0]: bad physical register"),
        ("debug_labels[0]", [0, 0, 2], "debug_labels[0]: expected [vreg, from_inst, to_inst, label]"),
        ("name", 5, "name: expected a string"),
        ("insts", ..., "insts: missing required key"),
    ],
)
def test_bad_function_json_names_the_path(path: str, value: Any, expected: str) -> None:
    message = _error_of(_mutated(path, value))
    assert message.startswith("t.json:")
    assert expected in message


@pytest.mark.parametrize(
    ("where", "extra_key"),
    [
        ("insts[0].operands[2]", "insts[0].operands[2].regclass: unknown key"),
        ("insts[1]", "insts[1].regclass: unknown key"),
        ("blocks[1]", "blocks[1].regclass: unknown key"),
        ("env", "env.regclass: unknown key"),
    ],
)
def test_unknown_inner_keys_are_errors(where: str, extra_key: str) -> None:
    obj = _sample_json()
    target: Any = obj
    for part in where.replace("[", ".").replace("]", "").split("."):
        target = target[int(part)] if part.isdigit() else target[part]
    target["regclass"] = "int"
    assert extra_key in _error_of(obj)


def test_truncated_json_file_reports_line_and_column(tmp_path: Path) -> None:
    text = dump_function_json(*function_from_json(_sample_json()))
    bad = tmp_path / "cut.json"
    bad.write_text(text[: len(text) // 2])
    with pytest.raises(FormatError) as info:
        load_function(str(bad))
    message = str(info.value)
    assert message.startswith(f"{bad}:")
    assert "invalid JSON" in message
    line, col = message.split(":")[1:3]
    assert line.isdigit() and col.isdigit()


def test_corpus_file_with_wrong_operand_type_names_deep_path() -> None:
    with open(SMALL[0], encoding="utf-8") as fh:
        obj = json.load(fh)
    obj["insts"][12]["operands"][1]["vreg"] = 1.5
    assert "insts[12].operands[1].vreg: expected an integer, got 1.5" in _error_of(obj)


# ------------------------------------------------------------------- results


def _pair_function() -> tuple[Any, MachineEnv]:
    """Three values in r0..r2 survive a clobbering call: a pair spill/reload and a remat."""
    fb = FunctionBuilder("pairs")
    a, b, c = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT, remat="const 5")
    fb.start_block(fb.new_block())
    fb.op([define(a, Fixed(preg(INT, 0))), define(b, Fixed(preg(INT, 1))), define(c, Fixed(preg(INT, 2)))])
    fb.op([fixed_use(preg(INT, 9))], clobbers=[preg(INT, 0), preg(INT, 1), preg(INT, 2)], mnemonic="call")
    fb.ret([use(a, Fixed(preg(INT, 0))), use(b, Fixed(preg(INT, 1))), use(c, Fixed(preg(INT, 2)))])
    fb.debug_labels = [(a, 0, 3, 11)]
    fb.callee_saved = [preg(INT, 3)]
    env = MachineEnv(preferred=[[preg(INT, i) for i in range(4)], [], []])
    return fb.finish(), env


def _pair_result() -> AllocationResult:
    r0, r1, r2 = preg(INT, 0), preg(INT, 1), preg(INT, 2)
    s0, s1 = stack_alloc(0), stack_alloc(1)
    return AllocationResult(
        allocs=[r0, r1, r2, preg(INT, 9), r0, r1, r2],
        edits=[
            (point(0, AFTER), PAIR, pack_pair(r0, r1), pack_pair(s0, s1)),
            (point(2, BEFORE), PAIR, pack_pair(s0, s1), pack_pair(r0, r1)),
            (point(2, BEFORE), REMAT, 2, r2),
        ],
        num_spillslots=2,
        algorithm="hand",
        clobbered_callee_saved=[],
        debug_locations=[(11, point(0, AFTER), point(1, AFTER), r0), (11, point(1, AFTER), point(2, BEFORE), s0)],
        stats={"spills": 2, "ratio": 0.5, "note": "x"},
    )


def test_result_round_trip_with_pairs_remat_and_debug_locations(tmp_path: Path) -> None:
    func, env = _pair_function()
    result = _pair_result()
    check(func, env, result)
    obj = result_to_json(result, func)
    assert obj["allocs"] == [["int:0", "int:1", "int:2"], ["int:9"], ["int:0", "int:1", "int:2"]]
    assert obj["edits"][0] == {"at": [0, "after"], "pair": {"from": ["int:0", "int:1"], "to": ["stack:0", "stack:1"]}}
    assert obj["edits"][2] == {"at": [2, "before"], "remat": {"vreg": 2, "to": "int:2"}}
    assert obj["debug_locations"][1] == [11, [1, "after"], [2, "before"], "stack:0"]
    assert obj["clobbered_callee_saved"] == []
    assert result_from_json(obj, func) == result
    path = tmp_path / "r.json"
    path.write_text(dump_result_json(result, func))
    assert load_result(str(path), func) == result


def test_reference_allocations_round_trip_on_corpus() -> None:
    from regalloc.fuzz.reference import allocate_reference

    for path in SMALL[:25]:
        func, env = load_function(path)
        result = allocate_reference(func, env)
        check(func, env, result)
        back = result_from_json(json.loads(dump_result_json(result, func)), func)
        assert back == result
        assert any(e[1] == MOVE for e in back.edits) or not back.edits


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda o: o["allocs"].__setitem__(2, ["int:0"]), "allocs[2]: 1 allocations for 3 operands"),
        (lambda o: o["allocs"][0].__setitem__(1, "int:x"), "allocs[0][1]: bad allocation"),
        (lambda o: o["allocs"].pop(), "allocs: 2 per-instruction lists for 3 insts"),
        (lambda o: o["edits"][0]["at"].__setitem__(1, "during"), "edits[0].at[1]: bad position"),
        (lambda o: o["edits"][0]["at"].__setitem__(0, 3), "edits[0].at[0]: 3 out of range (0..2)"),
        (lambda o: o["edits"][0].__setitem__("swap", {}), 'edits[0]: expected "at" and exactly one'),
        (lambda o: o["edits"][2]["remat"].__setitem__("to", "stack:1"), "edits[2].remat.to: bad physical register"),
        (lambda o: o["edits"][1]["pair"].__setitem__("to", ["int:0"]), "edits[1].pair.to: expected two"),
        (lambda o: o.__delitem__("num_spillslots"), "num_spillslots: missing required key"),
        (lambda o: o["debug_locations"][0].__setitem__(3, "reg:1"), "debug_locations[0][3]: bad allocation"),
    ],
)
def test_bad_result_json_names_the_path(mutate: Any, expected: str) -> None:
    func, _ = _pair_function()
    obj = copy.deepcopy(result_to_json(_pair_result(), func))
    mutate(obj)
    with pytest.raises(FormatError) as info:
        result_from_json(obj, func, "r.json")
    assert expected in str(info.value)


def test_move_edit_json_shape() -> None:
    fb = FunctionBuilder("mv")
    v = fb.vreg(INT)
    w = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(v, "reg")])
    fb.op([define(w, Reuse(1)), use(v, "reg")])
    fb.ret([use(w, Fixed(preg(INT, 0)))])
    func = fb.finish()
    env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
    result = AllocationResult(
        allocs=[preg(INT, 1), preg(INT, 1), preg(INT, 1), preg(INT, 0)],
        edits=[(point(2, BEFORE), MOVE, preg(INT, 1), preg(INT, 0))],
        num_spillslots=0,
    )
    check(func, env, result)
    obj = result_to_json(result, func)
    assert obj["edits"] == [{"at": [2, "before"], "move": {"from": "int:1", "to": "int:0"}}]
    assert "clobbered_callee_saved" not in obj
    assert result_from_json(obj, func) == result


# --------------------------------------------------------------------- speed


def test_builder_to_json_speed_100k_instructions() -> None:
    start = time.perf_counter()
    fb = FunctionBuilder("big")
    n_blocks = 1000
    per_block = 100
    blocks = [fb.new_block() for _ in range(n_blocks)]
    prev = fb.vreg(INT)
    for b in blocks:
        fb.start_block(b)
        if b == 0:
            fb.op([define(prev, Fixed(preg(INT, 0)))], mnemonic="arg")
        count = per_block - 1 - (1 if b == 0 else 0)
        for _ in range(count):
            nxt = fb.vreg(INT)
            fb.op([define(nxt, Reuse(1)), use(prev, "reg"), use(prev, "any")], clobbers=[preg(INT, 3)], mnemonic="add")
            prev = nxt
        if b + 1 < n_blocks:
            fb.branch([(b + 1, [])], mnemonic="jmp")
        else:
            fb.ret([use(prev, Fixed(preg(INT, 0)))], mnemonic="ret")
    func = fb.finish()
    built = time.perf_counter()
    text = dump_function_json(func, _env())
    done = time.perf_counter()
    print(f"\n100k insts: build {built - start:.2f} s, write JSON {done - built:.2f} s, {len(text) / 1e6:.1f} MB")
    assert func.num_insts == 100_000
    assert done - start < 5.0
    back, _ = loads_function(text)
    assert back == func


def test_listing_shows_pairs_remat_and_debug_locations() -> None:
    from regalloc.formats import format_listing

    func, env = _pair_function()
    result = _pair_result()
    check(func, env, result)
    listing = format_listing(func, env, result)
    assert "pair-store (int:0, int:1) -> (stack:0, stack:1)    (v0, v1)" in listing
    assert "pair-load (stack:0, stack:1) -> (int:0, int:1)    (v0, v1)" in listing
    assert 'remat   v2 ("const 5") -> int:2' in listing
    assert "clobbered callee-saved: (none)" in listing
    assert "label 11: after 1 .. before 2 in stack:0" in listing
    lines = listing.splitlines()
    call = next(n for n, ln in enumerate(lines) if "clobbers" in ln)
    assert "pair-store" in lines[call - 1] and "pair-load" in lines[call + 1]
