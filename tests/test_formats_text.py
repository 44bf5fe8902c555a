"""The text format: round trips (examples, corpus, random functions), errors with line:col."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regalloc.env import MachineEnv
from regalloc.errors import FormatError
from regalloc.formats import (
    dump_function_json,
    dump_function_text,
    function_from_json,
    function_to_json,
    load_function,
    loads_function,
)
from regalloc.function import (
    DEF,
    EARLY,
    FIXED,
    LATE,
    MOD,
    USE,
    Fixed,
    Function,
    FunctionBuilder,
    Limit,
    Operand,
    Reuse,
    define,
    use,
)
from regalloc.presets import PRESETS, get_preset
from regalloc.regs import FLOAT, INT, NUM_CLASSES, VECTOR, preg
from regalloc.validate import validate
from shared_paths import SHARED_CORPUS

EXAMPLES = sorted(glob.glob(str(Path(__file__).resolve().parent.parent / "examples" / "*.ra")))
SMALL = sorted(glob.glob(f"{SHARED_CORPUS}/regalloc2-small/*.json"))


def _same_env(a: MachineEnv, b: MachineEnv) -> bool:
    """Equal in everything the formats carry (JSON has no ABI description)."""
    return (a.preferred, a.non_preferred, a.scratch, a.fixed_stack, a.spillslot_size, a.reg_names, a.name) == (
        b.preferred,
        b.non_preferred,
        b.scratch,
        b.fixed_stack,
        b.spillslot_size,
        b.reg_names,
        b.name,
    )


def _round_trip_text_json_text(func: Function, env: MachineEnv) -> None:
    """model -> text -> model -> JSON -> model -> text: models equal, texts identical."""
    text = dump_function_text(func, env)
    func1, env1 = loads_function(text, "a.ra")
    assert func1 == func
    assert env1 == env
    func2, env2 = loads_function(dump_function_json(func1, env1), "a.json")
    assert func2 == func
    assert _same_env(env2, env)
    assert dump_function_text(func2, env2) == text


def test_examples_exist() -> None:
    names = {Path(p).name for p in EXAMPLES}
    assert {"loop_with_call.ra", "x86_div.ra", "diamond.ra", "reuse_chain.ra", "float_vector.ra"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: Path(p).name)
def test_example_validates_and_round_trips(path: str) -> None:
    func, env = load_function(path)
    validate(func, env)
    assert 10 <= func.num_insts <= 40
    assert func.mnemonics is not None and all(func.mnemonics)
    _round_trip_text_json_text(func, env)


@pytest.mark.parametrize("path", SMALL[::5], ids=lambda p: Path(p).name)
def test_corpus_through_text_is_identical(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        original = json.load(fh)
    func, env = function_from_json(original)
    text = dump_function_text(func, env)
    back, back_env = loads_function(text)
    assert back == func and back_env == env
    assert function_to_json(back, back_env) == original


def test_preset_env_is_printed_by_name_and_resolved() -> None:
    func, env = load_function(next(p for p in EXAMPLES if p.endswith("x86_div.ra")))
    assert env == get_preset("x86_64-sysv")
    text = dump_function_text(func, env)
    assert "\nenv x86_64-sysv\n" in text
    assert "idiv  def v5:fixed(rax), def v6:fixed(rdx), use v0:fixed(rax), use v4:fixed(rdx), use v1:reg" in text


def test_modified_preset_is_printed_inline() -> None:
    env = get_preset("aarch64-aapcs64")
    env.scratch[INT] = -1
    fb = FunctionBuilder("m")
    v = fb.vreg(FLOAT)
    fb.start_block(fb.new_block())
    fb.op([define(v, Fixed(preg(FLOAT, 0)))], mnemonic="fmov")
    fb.ret([use(v, Fixed(preg(FLOAT, 0)))], mnemonic="ret")
    func = fb.finish()
    text = dump_function_text(func, env)
    assert "env {" in text
    back, back_env = loads_function(text)
    assert back == func
    assert _same_env(back_env, env)


def test_hand_written_syntax() -> None:
    text = """
    # every feature in one function
    function "all \\"features\\""
    env {
      name "toy"
      preferred int 0-3, 6
      non_preferred int 4
      preferred float 0 1
      scratch int 15
      fixed_stack int:40 int:41
      spillslot_size vector 2
      names int:0=a0 int:1=a1 int:2=a2 int:15="%tmp" float:0=f0
    }
    vregs v0-v2:int, v3:float
    vregs v4:vector
    remat v1 "const 1"
    callee_saved a2
    debug_label 9 v0 [1, 4)
    entry block1
    ssa false

    block0:
      "def"  mod v0:reg
      -> block1
    block1 preds block0:
      li     def v0:fixed(a1)@early ; _ use fixed(int:40)
      add    def v2:reuse(v0), use v1:limit(4), use v0:reg@late clobbers a0 f0
      vop    def v4:stack, use v3:reuse(1), def v1:any
      ret    use v2:fixed(a0)
    """
    func, env = loads_function(text, "h.ra")
    assert func.name == 'all "features"'
    assert env.name == "toy"
    assert env.preferred[INT] == [0, 1, 2, 3, 6]
    assert env.reg_names[preg(INT, 15)] == "%tmp"
    assert env.scratch == [15, -1, -1]
    assert env.spillslot_size == [1, 1, 2]
    assert func.vreg_class == [INT, INT, INT, FLOAT, VECTOR]
    assert func.remat == {1: "const 1"}
    assert func.callee_saved == [2]
    assert func.debug_labels == [(0, 1, 4, 9)]
    assert func.entry == 1 and not func.ssa
    assert func.mnemonics == ["def", "", "li", "", "add", "vop", "ret"]
    assert func.op_kind[0] == MOD
    assert (func.op_vreg[2], func.op_con[2], func.op_arg[2]) == (-1, FIXED, preg(INT, 40))
    assert func.op_pos[1] == EARLY
    add_ops = func.inst_operands(4)
    assert [func.op_arg[o] for o in add_ops] == [2, 4, 0]
    assert func.op_pos[add_ops[2]] == LATE
    assert func.clobbers_of(4) == [preg(INT, 0), preg(FLOAT, 0)]
    assert func.preds_of(1) == [0]
    _round_trip_text_json_text(func, env)


ERROR_CASES = [
    ("vregs v0:int\nblock0:\n  ret use v0:fixed(rxx)\n", "3:20: unknown register 'rxx'"),
    ("vregs v0:int\nblock0:\n  ret use v0:regg\n", "3:14: expected a constraint"),
    ("vregs v0:int\nblock0:\n  ret use v1\n", "3:11: undeclared vreg v1"),
    ("vregs v0:int\nblock0:\n  ret use v0 $\n", "3:14: unexpected character '$'"),
    ("vregs v0:int\nblock0:\n  ret use v0 use v0\n", "3:14: expected ',' before operand 'use'"),
    (
        "vregs v0:int\nblock0:\n  add def v0:reuse(v0), use v0, use v0\n  ret\n",
        "3:20: reuse(v0): this instruction has 2",
    ),
    ("vregs v0:int\nblock0:\n  ret use v0:fixed(int:64)\n", "3:24: register index 64 out of range"),
    ("vregs v0:int\nblock0:\n  jmp -> block7\n", "3:10: unknown block block7"),
    ("vregs v0:int\nblock1:\n  ret\n", "2:1: expected block0"),
    ("vregs v0:int\nblock0:\n  ret use v0:fixed(\n", "3:20: expected a register"),
    ("vregs v0:int\nblock0:\n  ret use v0:limit(3\n", "3:21: expected ')'"),
    ("vregs v0:int v0:float\nblock0:\n  ret\n", "1:14: v0 declared twice"),
    ("vregs v1:int\nblock0:\n  ret\n", "v0 is not declared"),
    ("vregs v0:int\nfrobnicate 3\nblock0:\n  ret\n", "2:1: unknown directive 'frobnicate'"),
    ('vregs v0:int\nremat v0 "unterminated\nblock0:\n  ret\n', "2:10: unterminated string"),
    ("vregs v0:int\nblock0:\n  jmp -> block0\n  ret\n", "4:3: instruction after the branch"),
    ("vregs v0:int\nblock0:\n", "3:1: block0 has no instructions"),
    ("vregs v0:int\n", "2:1: expected a block"),
    ("vregs v0:int\nblock0:\n  ret use v0@middle\n", "3:14: expected early or late, found 'middle'"),
]


@pytest.mark.parametrize(("body", "expected"), ERROR_CASES)
def test_text_errors_name_line_and_column(body: str, expected: str) -> None:
    text = "env {\n  preferred int 0-3\n  names int:0=rax\n}\n" + body
    with pytest.raises(FormatError) as info:
        loads_function(text, "bad.ra")
    message = str(info.value)
    line_shift = 4
    # Cases were written against the body; shift their line numbers past the env block.
    head, sep, rest = expected.partition(":")
    if sep and head.isdigit():
        expected = f"{int(head) + line_shift}:{rest}"
    assert message.startswith("bad.ra:")
    assert expected in message


def test_unknown_preset_and_missing_env() -> None:
    with pytest.raises(FormatError, match=r"^p\.ra:1:5: unknown env preset 'vax-vms'"):
        loads_function("env vax-vms\nblock0:\n  ret\n", "p.ra")
    with pytest.raises(FormatError, match=r"^p\.ra:1:1: no env yet"):
        loads_function("block0:\n  ret\n", "p.ra")


def test_truncated_text_file(tmp_path: Path) -> None:
    path = next(p for p in EXAMPLES if p.endswith("diamond.ra"))
    text = Path(path).read_text()
    cut = text[: text.index("use v7") + 2]
    bad = tmp_path / "cut.ra"
    bad.write_text(cut)
    with pytest.raises(FormatError) as info:
        load_function(str(bad))
    message = str(info.value)
    assert message.startswith(f"{bad}:")
    line = cut.count("\n") + 1
    assert f":{line}:" in message
    assert "expected" in message


# ------------------------------------------------------------------ Hypothesis

_MNEMONICS = ["add", "x.y_2", "", "use", "block3", "a b", "_", "clobbers", "ret", "é"]
_REG_NAMES = ["r0", "r1", "sp", "int", "%weird", "dup", "dup", "v0", "fixed", "q-1"]


@st.composite
def _envs(draw: st.DrawFn) -> MachineEnv:
    if draw(st.booleans()):
        return get_preset(draw(st.sampled_from(sorted(PRESETS))))
    indices = st.lists(st.integers(0, 63), unique=True, max_size=6)
    preferred: list[list[int]] = []
    non_preferred: list[list[int]] = []
    for c in range(NUM_CLASSES):
        chosen = draw(indices)
        cut = draw(st.integers(0, len(chosen)))
        preferred.append([preg(c, i) for i in chosen[:cut]])
        non_preferred.append([preg(c, i) for i in chosen[cut:]])
    names = draw(st.dictionaries(st.integers(0, 191), st.sampled_from(_REG_NAMES), max_size=5))
    return MachineEnv(
        preferred=preferred,
        non_preferred=non_preferred,
        scratch=[draw(st.sampled_from([-1, preg(c, 63)])) for c in range(NUM_CLASSES)],
        fixed_stack=draw(st.lists(st.integers(0, 191), max_size=3)),
        spillslot_size=[draw(st.integers(1, 3)) for _ in range(NUM_CLASSES)],
        reg_names=names,
        name=draw(st.sampled_from(["", "toy", "x86_64-sysv-ish"])),
    )


@st.composite
def _functions(draw: st.DrawFn) -> tuple[Function, MachineEnv]:
    env = draw(_envs())
    fb = FunctionBuilder(draw(st.text(max_size=8)))
    num_vregs = draw(st.integers(0, 8))
    for _ in range(num_vregs):
        label = draw(st.none() | st.sampled_from(["const", 'zero "0"']))
        fb.vreg(draw(st.integers(0, NUM_CLASSES - 1)), remat=label)
    num_blocks = draw(st.integers(1, 4))
    blocks = [fb.new_block() for _ in range(num_blocks)]
    vregs = st.integers(0, num_vregs - 1) if num_vregs else st.nothing()
    pregs = st.integers(0, 191)

    def operands() -> list[Operand]:
        if not num_vregs:
            return [
                Operand(-1, draw(st.sampled_from([USE, DEF])), LATE, FIXED, p)
                for p in draw(st.lists(pregs, max_size=2))
            ]
        count = draw(st.integers(0, 4))
        out = []
        for _ in range(count):
            vreg = draw(vregs)
            kind = draw(st.sampled_from([USE, DEF, MOD]))
            pos = draw(st.sampled_from([EARLY, LATE]))
            con = draw(st.sampled_from(["any", "reg", "stack", "fixed", "reuse", "limit", "none"]))
            if con == "fixed":
                out.append(Operand(vreg, kind, pos, FIXED, draw(pregs)))
            elif con == "none":
                out.append(Operand(-1, kind, pos, FIXED, draw(pregs)))
            elif con == "reuse":
                out.append(Operand(vreg, kind, pos, 4, draw(st.integers(0, count - 1))))
            elif con == "limit":
                out.append(Operand(vreg, kind, pos, 5, draw(st.sampled_from([1, 2, 8, 64]))))
            else:
                out.append(Operand(vreg, kind, pos, ("any", "reg", "stack").index(con), 0))
        return out

    for b in blocks:
        fb.start_block(b, draw(st.lists(vregs, max_size=2)) if num_vregs else [])
        for _ in range(draw(st.integers(0, 3))):
            fb.op(operands(), draw(st.lists(pregs, max_size=3)), mnemonic=draw(st.sampled_from(_MNEMONICS)))
        succs = draw(st.lists(st.integers(0, num_blocks - 1), max_size=2))
        mnemonic = draw(st.sampled_from(_MNEMONICS))
        if succs:
            targets = [(s, draw(st.lists(vregs, max_size=2)) if num_vregs else []) for s in succs]
            fb.branch(targets, operands(), mnemonic=mnemonic)
        else:
            fb.ret(operands(), mnemonic=mnemonic)
    fb.ssa = draw(st.booleans())
    fb.callee_saved = draw(st.none() | st.lists(pregs, max_size=3))
    func = fb.finish(entry=draw(st.integers(0, num_blocks - 1)))
    if num_vregs:
        func.debug_labels = draw(
            st.lists(
                st.tuples(vregs, st.integers(0, func.num_insts), st.integers(0, func.num_insts), st.integers(0, 99)),
                max_size=2,
            )
        )
    # Interchange files may list predecessors in any order; the text must keep it.
    for b in range(func.num_blocks):
        lo, hi = func.block_pred_start[b], func.block_pred_start[b + 1]
        if draw(st.booleans()):
            func.block_preds[lo:hi] = func.block_preds[lo:hi][::-1]
    return func, env


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_functions())
def test_random_functions_survive_text_and_json(case: tuple[Function, MachineEnv]) -> None:
    func, env = case
    _round_trip_text_json_text(func, env)
    assert function_from_json(function_to_json(func, env))[0] == func


def test_builder_operands_with_limit_and_reuse_print_readably() -> None:
    fb = FunctionBuilder("r")
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, Limit(8))], mnemonic="li")
    fb.op([define(b, Reuse(1)), use(a, "reg")], mnemonic="inc")
    fb.ret([use(b, Fixed(preg(INT, 0)))], mnemonic="ret")
    env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
    text = dump_function_text(fb.finish(), env)
    assert "  li  def v0:limit(8)\n  inc def v1:reuse(v0), use v0:reg\n  ret use v1:fixed(int:0)\n" in text


def test_functions_the_text_cannot_express_are_refused() -> None:
    obj = function_to_json(*load_function(next(p for p in EXAMPLES if p.endswith("diamond.ra"))))
    obj["insts"][3]["op"] = "ret"
    del obj["insts"][3]["branch_args"]
    func, env = function_from_json(obj)
    with pytest.raises(FormatError, match=r"block0 cannot be written in the text format: its last inst 3 is a return"):
        dump_function_text(func, env)


def test_long_callee_saved_list_survives_wrapping() -> None:
    from regalloc.function import Fixed, FunctionBuilder, define, use
    from regalloc.presets import get_preset
    from regalloc.regs import INT, preg

    env = get_preset("x86_64-sysv")
    fb = FunctionBuilder("wrapped")
    v = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(v, "reg")])
    fb.ret([use(v, Fixed(preg(INT, 0)))])
    fb.callee_saved = [preg(INT, i) for i in range(40)]
    func = fb.finish()
    text = dump_function_text(func, env)
    assert sum(line.startswith("callee_saved") for line in text.splitlines()) > 1
    parsed, _ = loads_function(text)
    assert parsed.callee_saved == func.callee_saved


@pytest.mark.parametrize("size", ["small", "medium"])
def test_generated_functions_round_trip(size: str) -> None:
    from regalloc.fuzz.generator import GenConfig, generate
    from regalloc.fuzz.nonssa import generate_non_ssa

    config = GenConfig.preset(size)
    for seed in range(40 if size == "small" else 10):
        _round_trip_text_json_text(*generate(seed, config))
    for seed in range(10):
        _round_trip_text_json_text(*generate_non_ssa(seed, config))
