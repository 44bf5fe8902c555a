"""Machine environments for real ABIs: x86-64 System V, AArch64 AAPCS64, RISC-V LP64D.

Each preset is a :class:`~regalloc.env.MachineEnv` whose register indices are
the hardware encodings (``int:0`` is rax / x0 / zero, ``float:3`` is xmm3 / v3
/ f3).  Allocatable registers are split the usual way: caller-saved ones are
*preferred* (cheap in code without calls), callee-saved ones *non-preferred*
(each costs a save and restore in the prologue/epilogue).  Registers with a
fixed job (stack pointer, frame pointer, link register, platform and thread
registers...) are in neither list; neither is each class's *scratch*
register, which the allocator keeps free for resolving cyclic moves.

Register classes: our model gives each class its own registers, so one
hardware register cannot be in two classes.  On x86-64 and AArch64 the SIMD
registers are the floating-point registers (xmm / v), so the ``float`` class
owns them (as scalars: spill slots of 8 bytes, and on AArch64 only the low
64 bits of v8-v15 are callee-saved) and the ``vector`` class is empty; a
client with 128-bit vectors there needs a variant that moves those registers
to the vector class.  RISC-V's V extension has a separate register file, so
its vector class holds v1-v30.

Fixed stack locations (memory, see docs/SEMANTICS.md), the same in every
preset: ``int:32``..``int:39`` (named ``in0``..``in7``) are the first eight
incoming stack-argument slots, 8 bytes each in argument order, and
``int:40``..``int:47`` (``out0``..``out7``) the first eight outgoing ones;
``float:32``..``float:47`` (``fin0``.., ``fout0``..) name the same slots when they
hold floating-point values.  Each slot carries one argument, so a function
uses ``int:32+k`` or ``float:32+k``, never both.

Spill slots are 8 bytes: ``spillslot_size`` is 1 for int and float, 2 for
vector (128 bits).

>>> env = get_preset("x86_64-sysv")
>>> [env.reg_name(p) for p in env.abi.int_args] if env.abi else []
['rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9']
>>> sorted(PRESETS)
['aarch64-aapcs64', 'riscv64-lp64d', 'x86_64-sysv']
"""

from __future__ import annotations

from collections.abc import Callable

from regalloc.env import Abi, MachineEnv
from regalloc.errors import EnvError
from regalloc.regs import CLASS_NAMES, FLOAT, INT, NUM_CLASSES, VECTOR, preg, preg_str

SPILLSLOT_SIZES = [1, 1, 2]  # int, float, vector in 8-byte slots

STACK_ARG_BASE = 32
STACK_ARGS_IN = 8
STACK_ARGS_OUT = 8


def _ints(indices: list[int]) -> list[int]:
    return [preg(INT, i) for i in indices]


def _floats(indices: list[int]) -> list[int]:
    return [preg(FLOAT, i) for i in indices]


def _vectors(indices: list[int]) -> list[int]:
    return [preg(VECTOR, i) for i in indices]


def _stack_arg_slots(names: dict[int, str]) -> list[int]:
    """The fixed-stack pregs shared by every preset, naming them in ``names``."""
    slots: list[int] = []
    for cls, prefix in ((INT, ""), (FLOAT, "f")):
        for k in range(STACK_ARGS_IN + STACK_ARGS_OUT):
            p = preg(cls, STACK_ARG_BASE + k)
            names[p] = f"{prefix}in{k}" if k < STACK_ARGS_IN else f"{prefix}out{k - STACK_ARGS_IN}"
            slots.append(p)
    return slots


def _make_env(
    name: str,
    names: dict[int, str],
    preferred: list[list[int]],
    non_preferred: list[list[int]],
    scratch: list[int],
    abi: Abi,
) -> MachineEnv:
    fixed_stack = _stack_arg_slots(names)
    env = MachineEnv(
        preferred=preferred,
        non_preferred=non_preferred,
        scratch=scratch,
        fixed_stack=fixed_stack,
        spillslot_size=list(SPILLSLOT_SIZES),
        reg_names=names,
        name=name,
        abi=abi,
    )
    env.check()
    return env


# x86-64 ----------------------------------------------------------------------------
# System V Application Binary Interface, AMD64 Architecture Processor Supplement
# (the "psABI", version 1.0), section 3.2.1 "Registers" and figure 3.4 "Register
# usage".  Integer registers are numbered by their hardware encoding.
X86_INT_NAMES = [
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
]  # fmt: skip
RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI = range(8)
R8, R9, R10, R11, R12, R13, R14, R15 = range(8, 16)


def x86_64_sysv() -> MachineEnv:
    """x86-64 System V (Linux, BSD, macOS): 13 int and 15 float allocatable registers.

    Left out: rsp (stack pointer) and rbp (kept as the frame pointer).  Scratch:
    r11, which is caller-saved, carries no argument and (unlike r10, the static
    chain pointer) has no role in calls; and xmm15, the last caller-saved SSE
    register.  Every xmm register is caller-saved in this ABI, so the float class
    has no non-preferred registers.
    """
    names = {preg(INT, i): n for i, n in enumerate(X86_INT_NAMES)}
    names.update({preg(FLOAT, i): f"xmm{i}" for i in range(16)})
    caller_saved_int = [RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11]
    abi = Abi(
        int_args=_ints([RDI, RSI, RDX, RCX, R8, R9]),
        float_args=_floats(list(range(8))),
        int_rets=_ints([RAX, RDX]),
        float_rets=_floats([0, 1]),
        callee_saved=_ints([RBX, R12, R13, R14, R15]),
        caller_saved=_ints(caller_saved_int) + _floats(list(range(16))),
        reference="System V Application Binary Interface, AMD64 Architecture Processor Supplement, §3.2.1",
    )
    return _make_env(
        "x86_64-sysv",
        names,
        preferred=[_ints([RAX, RCX, RDX, RSI, RDI, R8, R9, R10]), _floats(list(range(15))), []],
        non_preferred=[_ints([RBX, R12, R13, R14, R15]), [], []],
        scratch=[preg(INT, R11), preg(FLOAT, 15), -1],
        abi=abi,
    )


# AArch64 ---------------------------------------------------------------------------
# Procedure Call Standard for the Arm 64-bit Architecture (AAPCS64, ARM IHI 0055),
# section 6.1.1 "General-purpose registers" and 6.1.2 "SIMD and Floating-Point
# registers".  Index 31 encodes sp (or xzr) and is never allocatable.


def aarch64_aapcs64() -> MachineEnv:
    """AArch64 AAPCS64 (Linux): 26 int and 31 float allocatable registers.

    Left out: x18 (platform register, reserved on some platforms), x29 (frame
    pointer), x30 (link register), sp, and x17 (IP1: with x16 it may be
    clobbered by linker veneers between a call and its target; the client keeps
    it for its own address computations).  Scratch: x16 (IP0, free to use
    within a function body) and v31 (a caller-saved temporary).  v8-v15 are
    callee-saved (their low 64 bits, which is all a scalar float uses).
    """
    names = {preg(INT, i): f"x{i}" for i in range(31)}
    names[preg(INT, 31)] = "sp"
    names.update({preg(FLOAT, i): f"v{i}" for i in range(32)})
    caller_saved_int = [*range(0, 18), 30]  # x0-x17 and the link register a call overwrites
    abi = Abi(
        int_args=_ints(list(range(8))),
        float_args=_floats(list(range(8))),
        int_rets=_ints(list(range(8))),
        float_rets=_floats(list(range(8))),
        callee_saved=_ints(list(range(19, 29))) + _floats(list(range(8, 16))),
        caller_saved=_ints(caller_saved_int) + _floats([*range(0, 8), *range(16, 32)]),
        reference="Procedure Call Standard for the Arm 64-bit Architecture (AAPCS64), ARM IHI 0055, §6.1",
    )
    env = _make_env(
        "aarch64-aapcs64",
        names,
        preferred=[_ints(list(range(16))), _floats([*range(0, 8), *range(16, 31)]), []],
        non_preferred=[_ints(list(range(19, 29))), _floats(list(range(8, 16))), []],
        scratch=[preg(INT, 16), preg(FLOAT, 31), -1],
        abi=abi,
    )
    env.paired_slots = [True, True, False]  # stp/ldp of two x or two d registers
    return env


# RISC-V ----------------------------------------------------------------------------
# RISC-V ELF psABI specification, chapter "RISC-V Calling Convention", section
# "Register Convention" (integer and floating-point register tables), for the
# LP64D ABI (RV64 with the D extension).  Registers are numbered x0-x31 / f0-f31.
RV_INT_NAMES = [
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
]  # fmt: skip
RV_FLOAT_NAMES = [
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
]  # fmt: skip


def riscv64_lp64d() -> MachineEnv:
    """RISC-V 64 LP64D (Linux): 25 int, 31 float and 30 vector allocatable registers.

    Left out: zero, ra (return address), sp, gp (global pointer), tp (thread
    pointer), s0 (frame pointer) and vector v0 (the mask register; instructions
    name it with fixed operands).  Scratch: t6 (x31) and ft11 (f31), the last
    caller-saved temporaries, and v31.  All vector registers are caller-saved
    in the standard calling convention; vector spill slots assume VLEN = 128,
    the minimum the application profiles require (scale ``spillslot_size`` for
    a larger VLEN).
    """
    names = {preg(INT, i): n for i, n in enumerate(RV_INT_NAMES)}
    names.update({preg(FLOAT, i): n for i, n in enumerate(RV_FLOAT_NAMES)})
    names.update({preg(VECTOR, i): f"v{i}" for i in range(32)})
    temporaries = [5, 6, 7, 28, 29, 30]  # t0-t2, t3-t5 (t6 is the scratch)
    args = list(range(10, 18))  # a0-a7 / fa0-fa7
    saved_int = [9, *range(18, 28)]  # s1-s11 (s0 is the frame pointer)
    float_temporaries = [*range(0, 8), 28, 29, 30]  # ft0-ft7, ft8-ft10 (ft11 is the scratch)
    saved_float = [8, 9, *range(18, 28)]  # fs0-fs11
    abi = Abi(
        int_args=_ints(args),
        float_args=_floats(args),
        int_rets=_ints([10, 11]),
        float_rets=_floats([10, 11]),
        callee_saved=_ints(saved_int) + _floats(saved_float),
        caller_saved=_ints([1, *temporaries, 31, *args])
        + _floats([*float_temporaries, 31, *args])
        + _vectors(list(range(32))),
        reference="RISC-V ELF psABI, RISC-V Calling Convention: Register Convention (LP64D)",
    )
    return _make_env(
        "riscv64-lp64d",
        names,
        preferred=[_ints(temporaries + args), _floats(float_temporaries + args), _vectors(list(range(1, 31)))],
        non_preferred=[_ints(saved_int), _floats(saved_float), []],
        scratch=[preg(INT, 31), preg(FLOAT, 31), preg(VECTOR, 31)],
        abi=abi,
    )


PRESETS: dict[str, Callable[[], MachineEnv]] = {
    "x86_64-sysv": x86_64_sysv,
    "aarch64-aapcs64": aarch64_aapcs64,
    "riscv64-lp64d": riscv64_lp64d,
}

PRESET_DESCRIPTIONS: dict[str, str] = {
    "x86_64-sysv": "x86-64 System V psABI (Linux/BSD/macOS): rax..r15, xmm0..xmm15",
    "aarch64-aapcs64": "AArch64 AAPCS64 (ARM IHI 0055): x0..x28, v0..v31 as scalars",
    "riscv64-lp64d": "RISC-V 64 LP64D psABI: x/f registers plus V-extension v1..v30",
}


def get_preset(name: str) -> MachineEnv:
    """A fresh :class:`MachineEnv` for the named preset; :class:`EnvError` if unknown."""
    factory = PRESETS.get(name)
    if factory is None:
        raise EnvError(f"unknown environment preset {name!r} (known: {', '.join(PRESETS)})")
    return factory()


def describe_env(env: MachineEnv) -> str:
    """A readable multi-line summary of ``env``: registers per class by name, then the ABI."""
    lines = [f"{env.name or 'environment'}"]
    if env.abi is not None and env.abi.reference:
        lines.append(f"  reference: {env.abi.reference}")

    def names(pregs: list[int]) -> str:
        return " ".join(env.reg_name(p) for p in pregs) if pregs else "-"

    for cls in range(NUM_CLASSES):
        lines.append(f"  {CLASS_NAMES[cls]} (spill slot size {env.spillslot_size[cls]}):")
        lines.append(f"    preferred:     {names(env.preferred[cls])}")
        lines.append(f"    non-preferred: {names(env.non_preferred[cls])}")
        scratch = env.scratch[cls]
        lines.append(f"    scratch:       {env.reg_name(scratch) if scratch >= 0 else '-'}")
        if env.abi is not None:
            abi = env.abi
            args = abi.int_args if cls == INT else abi.float_args if cls == FLOAT else []
            rets = abi.int_rets if cls == INT else abi.float_rets if cls == FLOAT else []
            lines.append(f"    arguments:     {names(args)}")
            lines.append(f"    results:       {names(rets)}")
            lines.append(f"    callee-saved:  {names([p for p in abi.callee_saved if p >> 6 == cls])}")
            lines.append(f"    caller-saved:  {names([p for p in abi.caller_saved if p >> 6 == cls])}")
    fixed = " ".join(f"{env.reg_name(p)}={preg_str(p)}" for p in env.fixed_stack)
    lines.append(f"  fixed stack:   {fixed or '-'}")
    return "\n".join(lines)
