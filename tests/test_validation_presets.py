"""ABI presets and the ``regalloc env`` command."""

from __future__ import annotations

import json

import pytest

from regalloc.cli import main
from regalloc.errors import EnvError
from regalloc.formats.json_format import env_from_json
from regalloc.function import Fixed, FunctionBuilder, define, use
from regalloc.presets import PRESET_DESCRIPTIONS, PRESETS, describe_env, get_preset
from regalloc.regs import FLOAT, INT, NUM_CLASSES, VECTOR, mask_of, preg
from regalloc.validate import validate

NAMES = sorted(PRESETS)


@pytest.mark.parametrize("name", NAMES)
def test_preset_is_consistent(name: str) -> None:
    env = get_preset(name)
    env.check()  # no register in two roles, classes right
    assert env.name == name
    assert env.abi is not None and env.abi.reference
    assert name in PRESET_DESCRIPTIONS
    for cls in range(NUM_CLASSES):
        assert env.scratch[cls] < 0 or not env.is_allocatable(env.scratch[cls])
    # Argument and result registers are allocatable caller-saved (preferred) registers.
    preferred = mask_of(env.preferred[INT] + env.preferred[FLOAT])
    for p in env.abi.int_args + env.abi.float_args + env.abi.int_rets + env.abi.float_rets:
        assert (preferred >> p) & 1, env.reg_name(p)
    # Non-preferred registers are exactly the ABI's callee-saved ones; preferred ones are caller-saved.
    assert sorted(env.non_preferred[INT] + env.non_preferred[FLOAT]) == sorted(env.abi.callee_saved)
    caller_saved = set(env.abi.caller_saved)
    for cls in range(NUM_CLASSES):
        assert set(env.preferred[cls]) <= caller_saved
        if env.scratch[cls] >= 0:
            assert env.scratch[cls] in caller_saved
    # Every register the env mentions has a printing name.
    mentioned = [p for c in range(NUM_CLASSES) for p in env.allocatable(c)] + env.fixed_stack
    mentioned += [s for s in env.scratch if s >= 0] + env.abi.caller_saved
    for p in mentioned:
        assert p in env.reg_names, p
    assert len(set(env.reg_names.values())) == len(env.reg_names)  # names identify registers
    assert env.spillslot_size == [1, 1, 2]
    assert env.fixed_stack[0] == preg(INT, 32) and env.reg_name(preg(INT, 40)) == "out0"


RESERVED = {
    "x86_64-sysv": ["rsp", "rbp"],
    "aarch64-aapcs64": ["sp", "x17", "x18", "x29", "x30"],
    "riscv64-lp64d": ["zero", "ra", "sp", "gp", "tp", "s0"],
}


@pytest.mark.parametrize("name", NAMES)
def test_special_registers_are_not_allocatable(name: str) -> None:
    env = get_preset(name)
    by_name = {n: p for p, n in env.reg_names.items()}
    for reg in RESERVED[name]:
        p = by_name[reg]
        assert not env.is_allocatable(p), reg
        assert p not in env.scratch, reg


def test_register_names_follow_hardware_numbering() -> None:
    x86 = get_preset("x86_64-sysv")
    assert [x86.reg_name(preg(INT, i)) for i in (0, 4, 5, 11)] == ["rax", "rsp", "rbp", "r11"]
    assert x86.scratch[:2] == [preg(INT, 11), preg(FLOAT, 15)]
    assert x86.allocatable(VECTOR) == []
    arm = get_preset("aarch64-aapcs64")
    assert arm.scratch[INT] == preg(INT, 16) and arm.reg_name(arm.scratch[INT]) == "x16"
    assert arm.reg_name(preg(INT, 31)) == "sp"
    rv = get_preset("riscv64-lp64d")
    assert rv.reg_name(rv.scratch[INT]) == "t6" and rv.reg_name(rv.scratch[FLOAT]) == "ft11"
    assert len(rv.allocatable(VECTOR)) == 30 and not rv.is_allocatable(preg(VECTOR, 0))


def test_get_preset_returns_fresh_envs() -> None:
    a = get_preset("x86_64-sysv")
    a.preferred[INT].clear()
    assert get_preset("x86_64-sysv").preferred[INT]


def test_unknown_preset() -> None:
    with pytest.raises(EnvError, match=r"unknown environment preset 'vax'.*x86_64-sysv"):
        get_preset("vax")


@pytest.mark.parametrize("name", NAMES)
def test_preset_validates_a_call_with_abi_registers(name: str) -> None:
    env = get_preset(name)
    assert env.abi is not None
    fb = FunctionBuilder()
    a, b, r = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, Fixed(env.fixed_stack[0])), define(b, "reg")])
    clobbers = [p for p in env.abi.caller_saved if p != env.abi.int_rets[0]]
    fb.op(
        [define(r, Fixed(env.abi.int_rets[0])), use(a, Fixed(env.abi.int_args[0])), use(b, Fixed(env.abi.int_args[1]))],
        clobbers=clobbers,
        mnemonic="call",
    )
    fb.ret([use(r, Fixed(env.abi.int_rets[0]))])
    validate(fb.finish(), env)


def test_describe_env_names_registers() -> None:
    text = describe_env(get_preset("aarch64-aapcs64"))
    assert "non-preferred: x19 x20" in text
    assert "scratch:       x16" in text
    assert "in0=int:32" in text
    assert "ARM IHI 0055" in text


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["env", "--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == list(PRESETS)


def test_cli_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["env", "x86_64-sysv"]) == 0
    out = capsys.readouterr().out
    assert "preferred:     rax rcx rdx rsi rdi r8 r9 r10" in out
    assert "scratch:       r11" in out
    assert "callee-saved:  rbx r12 r13 r14 r15" in out


@pytest.mark.parametrize("name", NAMES)
def test_cli_json_round_trips(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["env", name, "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    env = env_from_json(obj)
    original = get_preset(name)
    assert env.preferred == original.preferred
    assert env.non_preferred == original.non_preferred
    assert env.scratch == original.scratch
    assert env.fixed_stack == original.fixed_stack
    assert env.spillslot_size == original.spillslot_size


def test_cli_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["env", "pdp11"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown environment preset 'pdp11'" in err and "riscv64-lp64d" in err
