"""The LLVM front end's x86-64 lowering: one test per lowering rule, the committed
C programs (tests/llvm/*.c compiled by clang -O2 to the .ll files beside them)
allocated by every registered allocator and verified, skips with reasons, and
the ``regalloc llvm`` command."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("llvmlite", reason="the LLVM front end needs llvmlite (pip install 'regalloc[llvm]')")

from regalloc.api import ALLOCATORS
from regalloc.checker import check
from regalloc.cli import main
from regalloc.env import MachineEnv
from regalloc.formats import load_function
from regalloc.frontends.llvm import LlvmFrontendError, lower_file, lower_module
from regalloc.function import BRANCH, DEF, EARLY, FIXED, REUSE, USE, Function
from regalloc.presets import get_preset
from regalloc.regs import FLOAT, INT, VECTOR, preg
from regalloc.validate import validate

LLVM_DIR = Path(__file__).parent / "llvm"
PROGRAMS = sorted(p.name for p in LLVM_DIR.glob("*.ll"))
ENV = get_preset("x86_64-sysv")
RAX, RCX, RDX, RSI, RDI = preg(INT, 0), preg(INT, 1), preg(INT, 2), preg(INT, 6), preg(INT, 7)
R8, R9 = preg(INT, 8), preg(INT, 9)
XMM0 = preg(FLOAT, 0)
INT_ARGS = [RDI, RSI, RDX, RCX, R8, R9]


def lowered(ir: str, name: str) -> Function:
    """Lower ``ir`` and return function ``name`` (failing loudly if it was skipped)."""
    module = lower_module(ir, source="test")
    for skipped in module.skipped:
        assert skipped.name != name, f"{name} skipped: {skipped.reason}"
    for f in module.lowered:
        if f.name == name:
            return f.function
    raise AssertionError(f"{name} not in the module")


def mnemonics(func: Function) -> list[str]:
    assert func.mnemonics is not None
    return func.mnemonics


def only_inst(func: Function, mnemonic: str) -> int:
    found = [i for i, m in enumerate(mnemonics(func)) if m == mnemonic]
    assert len(found) == 1, f"expected one {mnemonic!r} in {mnemonics(func)}"
    return found[0]


def fixed(func: Function, i: int, kind: int) -> list[int]:
    """Fixed pregs of instruction ``i``'s operands of ``kind``, in operand order."""
    return [func.op_arg[o] for o in func.inst_operands(i) if func.op_kind[o] == kind and func.op_con[o] == FIXED]


def reuses(func: Function, i: int) -> list[int]:
    return [func.op_arg[o] for o in func.inst_operands(i) if func.op_con[o] == REUSE]


def vreg_operands(func: Function, i: int, kind: int) -> list[int]:
    return [func.op_vreg[o] for o in func.inst_operands(i) if func.op_kind[o] == kind and func.op_vreg[o] >= 0]


def allocate_and_verify(func: Function, env: MachineEnv = ENV) -> list[str]:
    """Allocate with every registered allocator and verify each result with the checker."""
    done = []
    for name, allocator in ALLOCATORS.items():
        result = allocator(func, env)
        check(func, env, result)
        done.append(name)
    return done


# Two-address ALU ops, shifts, division ------------------------------------------------


def test_alu_op_reuses_first_input_and_folds_immediates() -> None:
    func = lowered(
        "define i64 @f(i64 %a, i64 %b) {\n  %s = sub i64 %a, %b\n  %t = add i64 %s, 41\n  ret i64 %t\n}", "f"
    )
    sub, add = only_inst(func, "sub"), only_inst(func, "add")
    assert reuses(func, sub) == [0] and reuses(func, add) == [0]
    assert len(vreg_operands(func, sub, USE)) == 2
    assert len(vreg_operands(func, add, USE)) == 1  # the 41 is an immediate
    assert mnemonics(func)[0] == "args" and fixed(func, 0, DEF) == [RDI, RSI]
    assert allocate_and_verify(func)


def test_constant_first_operand_is_materialised_as_remat() -> None:
    func = lowered("define i32 @f(i32 %a) {\n  %s = sub i32 42, %a\n  ret i32 %s\n}", "f")
    mov = only_inst(func, "mov")
    (v,) = vreg_operands(func, mov, DEF)
    assert func.remat == {v: "imm 42"}
    assert vreg_operands(func, only_inst(func, "sub"), USE)[0] == v
    allocate_and_verify(func)


def test_commutative_op_swaps_a_constant_to_the_immediate() -> None:
    func = lowered("define i32 @f(i32 %a) {\n  %s = add i32 7, %a\n  ret i32 %s\n}", "f")
    assert "mov" not in mnemonics(func) and not func.remat


def test_variable_shift_count_is_fixed_in_rcx_constant_count_is_immediate() -> None:
    func = lowered(
        "define i64 @f(i64 %a, i64 %n) {\n  %x = shl i64 %a, %n\n  %y = ashr i64 %x, 3\n  ret i64 %y\n}", "f"
    )
    shl, sar = only_inst(func, "shl"), only_inst(func, "sar")
    assert fixed(func, shl, USE) == [RCX] and reuses(func, shl) == [0]
    assert fixed(func, sar, USE) == [] and len(vreg_operands(func, sar, USE)) == 1
    allocate_and_verify(func)


@pytest.mark.parametrize(
    ("opcode", "result_reg", "clobbered", "extend"),
    [("sdiv", RAX, RDX, "cqo"), ("srem", RDX, RAX, "cqo"), ("udiv", RAX, RDX, "xor"), ("urem", RDX, RAX, "xor")],
)
def test_division_uses_rax_rdx(opcode: str, result_reg: int, clobbered: int, extend: str) -> None:
    func = lowered(f"define i64 @f(i64 %a, i64 %b) {{\n  %q = {opcode} i64 %a, %b\n  ret i64 %q\n}}", "f")
    div = only_inst(func, "idiv" if opcode[0] == "s" else "div")
    assert fixed(func, div, USE) == [RAX, RDX]
    assert fixed(func, div, DEF) == [result_reg]
    assert func.clobbers_of(div) == [clobbered]
    high = only_inst(func, extend)
    assert vreg_operands(func, high, DEF) == [vreg_operands(func, div, USE)[1]]
    if extend == "xor":
        assert func.remat[vreg_operands(func, high, DEF)[0]] == "imm 0"
    allocate_and_verify(func)


def test_narrow_division_is_widened_to_32_bits() -> None:
    func = lowered("define i8 @f(i8 %a, i8 %b) {\n  %q = sdiv i8 %a, %b\n  ret i8 %q\n}", "f")
    assert mnemonics(func).count("movsx") == 2 and "cdq" in mnemonics(func)
    allocate_and_verify(func)


# Compares, selects, min/max/abs -----------------------------------------------------------


def test_single_use_compare_fuses_into_branch() -> None:
    ir = """define i32 @f(i32 %a, i32 %b) {
entry:
  %c = icmp slt i32 %a, %b
  br i1 %c, label %yes, label %no
yes:
  ret i32 1
no:
  ret i32 2
}"""
    func = lowered(ir, "f")
    assert not any(m.startswith("cmp+set") for m in mnemonics(func))
    br = only_inst(func, "cmp+jl")
    assert func.inst_kind[br] == BRANCH and len(vreg_operands(func, br, USE)) == 2
    # llvmlite lists the false target first; the lowering keeps (true, false) order.
    yes, no = func.succs_of(func.inst_block[br])
    assert func.remat[vreg_operands(func, func.block_inst_start[yes], DEF)[0]] == "imm 1"
    assert func.remat[vreg_operands(func, func.block_inst_start[no], DEF)[0]] == "imm 2"
    allocate_and_verify(func)


def test_compare_with_two_uses_is_materialised_with_setcc() -> None:
    ir = """define i32 @f(i32 %a, i32 %b) {
  %c = icmp ult i32 %a, %b
  %z = zext i1 %c to i32
  %s = select i1 %c, i32 %a, i32 %z
  ret i32 %s
}"""
    func = lowered(ir, "f")
    assert "cmp+setb" in mnemonics(func) and "test+cmovne" in mnemonics(func)
    allocate_and_verify(func)


def test_select_fuses_its_compare_and_reuses_the_false_value() -> None:
    ir = """define i64 @f(i64 %a, i64 %b, i64 %x, i64 %y) {
  %c = icmp sgt i64 %a, 10
  %s = select i1 %c, i64 %x, i64 %y
  ret i64 %s
}"""
    func = lowered(ir, "f")
    sel = only_inst(func, "cmp+cmovg")
    ops = list(func.inst_operands(sel))
    # cmp a, 10 (immediate); false value y reused; true value x from anywhere.
    assert [func.op_vreg[o] for o in ops[:3]] == [0, 3, 2]
    assert reuses(func, sel) == [1]
    allocate_and_verify(func)


def test_compare_with_constant_on_the_left_swaps_the_predicate() -> None:
    ir = """define i32 @f(i32 %a) {
entry:
  %c = icmp slt i32 5, %a
  br i1 %c, label %yes, label %no
yes:
  ret i32 1
no:
  ret i32 0
}"""
    assert "cmp+jg" in mnemonics(lowered(ir, "f"))


@pytest.mark.parametrize(("intrinsic", "cc"), [("smin", "l"), ("smax", "g"), ("umin", "b"), ("umax", "a")])
def test_min_max_intrinsics_are_cmov_with_reuse(intrinsic: str, cc: str) -> None:
    ir = f"""declare i32 @llvm.{intrinsic}.i32(i32, i32)
define i32 @f(i32 %a, i32 %b) {{
  %m = call i32 @llvm.{intrinsic}.i32(i32 %a, i32 %b)
  ret i32 %m
}}"""
    func = lowered(ir, "f")
    i = only_inst(func, f"cmp+cmov{cc}")
    assert reuses(func, i) == [0] and func.clobbers_of(i) == []
    allocate_and_verify(func)


def test_abs_defines_early_because_it_rereads_its_input() -> None:
    ir = """declare i64 @llvm.abs.i64(i64, i1)
define i64 @f(i64 %a) {
  %m = call i64 @llvm.abs.i64(i64 %a, i1 true)
  ret i64 %m
}"""
    func = lowered(ir, "f")
    i = only_inst(func, "neg+cmovs")
    defs = [o for o in func.inst_operands(i) if func.op_kind[o] == DEF]
    assert [func.op_pos[o] for o in defs] == [EARLY]
    allocate_and_verify(func)


# Memory -------------------------------------------------------------------------------


def test_constant_offset_gep_folds_into_load_and_store() -> None:
    ir = """%struct.S = type { i32, i64, [8 x i8] }
define void @f(ptr %p, i64 %v) {
  %a = getelementptr inbounds %struct.S, ptr %p, i64 0, i32 1
  %x = load i64, ptr %a
  %y = add i64 %x, %v
  %b = getelementptr inbounds i8, ptr %p, i64 16
  store i64 %y, ptr %b
  ret void
}"""
    func = lowered(ir, "f")
    assert "lea" not in mnemonics(func)
    load = mnemonics(func).index("mov")
    assert vreg_operands(func, load, USE) == [0]  # just the base register
    store = len(mnemonics(func)) - 2
    assert mnemonics(func)[store] == "mov" and len(vreg_operands(func, store, USE)) == 2
    allocate_and_verify(func)


def test_scaled_index_gep_folds_base_and_index() -> None:
    ir = """define i32 @f(ptr %p, i64 %i) {
  %a = getelementptr inbounds [4 x i32], ptr %p, i64 0, i64 %i
  %x = load i32, ptr %a
  ret i32 %x
}"""
    func = lowered(ir, "f")
    assert mnemonics(func) == ["args", "mov", "ret"]
    assert vreg_operands(func, 1, USE) == [0, 1]
    allocate_and_verify(func)


def test_gep_with_a_non_address_use_gets_a_lea() -> None:
    ir = """declare void @g(ptr)
define void @f(ptr %p, i64 %i) {
  %a = getelementptr inbounds i64, ptr %p, i64 %i
  call void @g(ptr %a)
  %b = getelementptr inbounds i16, ptr %p, i64 %i
  %c = getelementptr inbounds [3 x i8], ptr %p, i64 %i, i64 %i
  store i8 0, ptr %c
  ret void
}"""
    func = lowered(ir, "f")
    # %a: one lea; %b: dead, folds away; %c: imul (stride 3 is no x86 scale), lea (sum of
    # the two indices), lea (the address).
    assert mnemonics(func) == ["args", "lea", "call g", "imul", "lea", "lea", "mov", "ret"]
    allocate_and_verify(func)


def test_static_allocas_are_frame_addresses_without_registers() -> None:
    ir = """declare void @g(ptr)
define i32 @f(i32 %v) {
  %buf = alloca [4 x i32]
  %slot = getelementptr inbounds [4 x i32], ptr %buf, i64 0, i64 2
  store i32 %v, ptr %slot
  call void @g(ptr %buf)
  %r = load i32, ptr %slot
  ret i32 %r
}"""
    func = lowered(ir, "f")
    store = mnemonics(func).index("mov")
    assert vreg_operands(func, store, USE) == [0]
    lea = only_inst(func, "lea")
    assert func.remat[vreg_operands(func, lea, DEF)[0]] == "lea frame0"
    allocate_and_verify(func)


def test_dynamic_alloca_is_skipped() -> None:
    ir = """define void @f(i64 %n) {
  %buf = alloca i8, i64 %n
  store i8 0, ptr %buf
  ret void
}"""
    module = lower_module(ir)
    assert [(s.name, s.reason) for s in module.skipped] == [("f", "dynamic alloca")]


# Calls and arguments -----------------------------------------------------------------


def test_call_arguments_results_and_clobbers_follow_system_v() -> None:
    func = lowered(
        (LLVM_DIR / "calls.ll").read_text(),
        "call_eight",
    )
    call = only_inst(func, "call eight")
    out = [p for p in ENV.fixed_stack if ENV.reg_name(p) in ("out0", "out1")]
    assert fixed(func, call, USE) == [*INT_ARGS, *sorted(out)]
    assert fixed(func, call, DEF) == [RAX]
    assert RAX not in func.clobbers_of(call)
    assert set(func.clobbers_of(call)) == set(ENV.abi.caller_saved if ENV.abi else []) - {RAX}
    assert func.callee_saved == (ENV.abi.callee_saved if ENV.abi else None)
    allocate_and_verify(func)


def test_float_arguments_go_to_xmm_then_to_stack_slots() -> None:
    func = lowered((LLVM_DIR / "calls.ll").read_text(), "call_nine")
    call = only_inst(func, "call nine")
    uses = fixed(func, call, USE)
    assert uses[:8] == [preg(FLOAT, k) for k in range(8)]
    assert ENV.reg_name(uses[8]) == "fout0"
    assert fixed(func, call, DEF) == [XMM0]
    allocate_and_verify(func)


def test_incoming_stack_parameters_are_fixed_stack_defs() -> None:
    func = lowered((LLVM_DIR / "calls.ll").read_text(), "sum_eight")
    defs = fixed(func, 0, DEF)
    assert defs[:6] == INT_ARGS and [ENV.reg_name(p) for p in defs[6:]] == ["in0", "in1"]
    allocate_and_verify(func)


def test_variadic_call_passes_the_vector_register_count_in_al() -> None:
    func = lowered((LLVM_DIR / "calls.ll").read_text(), "report")
    call = only_inst(func, "call printf")
    assert fixed(func, call, USE) == [RDI, RSI, XMM0, RAX]
    al = vreg_operands(func, call, USE)[-1]
    assert func.remat[al] == "imm 1"
    allocate_and_verify(func)


def test_indirect_call_reads_the_callee_from_anywhere() -> None:
    func = lowered((LLVM_DIR / "calls.ll").read_text(), "apply")
    calls = [i for i, m in enumerate(mnemonics(func)) if m == "call"]
    assert len(calls) == 2
    for i in calls:
        assert vreg_operands(func, i, USE)[-1] == 0  # the function pointer parameter
    allocate_and_verify(func)


def test_memcpy_and_memset_become_calls() -> None:
    func = lowered((LLVM_DIR / "calls.ll").read_text(), "copy_block")
    assert "call memcpy" in mnemonics(func) and "call memset" in mnemonics(func)
    memset = only_inst(func, "call memset")
    assert fixed(func, memset, USE) == [RDI, RSI, RDX]  # the volatile flag is not an argument
    assert fixed(func, memset, DEF) == []
    allocate_and_verify(func)


def test_byval_arguments_are_copied_to_the_outgoing_area_and_parameters_are_fixed_addresses() -> None:
    ir = """%struct.Big = type { i64, i64, i64 }
declare void @h(i64, ptr byval(%struct.Big), i64, i64, i64, i64, i64, i64)
define i64 @f(ptr %s, ptr byval(%struct.Big) %p, i64 %x) {
  call void @h(i64 1, ptr byval(%struct.Big) %s, i64 2, i64 3, i64 4, i64 5, i64 6, i64 %x)
  %a = getelementptr inbounds i8, ptr %p, i64 16
  %v = load i64, ptr %a
  ret i64 %v
}"""
    func = lowered(ir, "f")
    copy, call = only_inst(func, "call memcpy"), only_inst(func, "call h")
    assert copy < call and fixed(func, copy, USE) == [RDI, RSI, RDX]
    assert func.remat[vreg_operands(func, copy, USE)[0]] == "lea out0"
    # The seven scalars: six registers, then the word after the 3-word struct copy.
    assert [ENV.reg_name(p) for p in fixed(func, call, USE)] == ["rdi", "rsi", "rdx", "rcx", "r8", "r9", "out3"]
    # The byval parameter takes no register; %x, after it, is in rsi; the load folds [in0 + 16].
    assert fixed(func, 0, DEF) == [RDI, RSI]
    load = mnemonics(func).index("mov", call)
    assert vreg_operands(func, load, USE) == []
    allocate_and_verify(func)


def test_too_many_stack_arguments_skip_the_function() -> None:
    params = ", ".join(f"i64 %a{k}" for k in range(15))
    module = lower_module(f"define i64 @f({params}) {{\n  ret i64 %a0\n}}")
    assert module.skipped[0].reason == "more than 8 stack parameters"


def test_two_register_aggregates_travel_in_rax_rdx_and_xmm0() -> None:
    ir = """declare { i64, double } @split(i64)
define { i64, i64 } @f(i64 %x, i1 %c) {
entry:
  %r = call { i64, double } @split(i64 %x)
  %lo = extractvalue { i64, double } %r, 0
  %fp = extractvalue { i64, double } %r, 1
  %hi = fptosi double %fp to i64
  %a = insertvalue { i64, i64 } poison, i64 %lo, 0
  %b = insertvalue { i64, i64 } %a, i64 %hi, 1
  br i1 %c, label %join, label %other
other:
  br label %join
join:
  %p = phi { i64, i64 } [ %b, %entry ], [ zeroinitializer, %other ]
  ret { i64, i64 } %p
}"""
    func = lowered(ir, "f")
    call = only_inst(func, "call split")
    assert fixed(func, call, DEF) == [RAX, XMM0]
    assert RAX not in func.clobbers_of(call) and XMM0 not in func.clobbers_of(call)
    assert len(func.params_of(2)) == 2  # %join: one parameter per field
    assert fixed(func, only_inst(func, "ret"), USE) == [RAX, RDX]
    assert sorted(func.remat.values()) == ["imm 0", "imm 0"]  # the zeroinitializer's two fields
    allocate_and_verify(func)


def test_pointer_field_of_an_aggregate_addresses_memory() -> None:
    ir = """declare { i32, ptr } @next()
define i32 @f() {
  %r = call { i32, ptr } @next()
  %n = extractvalue { i32, ptr } %r, 0
  %p = extractvalue { i32, ptr } %r, 1
  %a = getelementptr inbounds i32, ptr %p, i64 3
  %v = load i32, ptr %a
  %s = add i32 %v, %n
  ret i32 %s
}"""
    func = lowered(ir, "f")
    call = only_inst(func, "call next")
    n, p = vreg_operands(func, call, DEF)
    assert fixed(func, call, DEF) == [RAX, RDX]
    assert vreg_operands(func, only_inst(func, "mov"), USE) == [p]  # [p + 12], no lea
    assert n in vreg_operands(func, only_inst(func, "add"), USE)
    allocate_and_verify(func)


# Floating point -----------------------------------------------------------------------


def test_float_math_uses_the_float_class() -> None:
    func = lowered((LLVM_DIR / "floats.ll").read_text(), "poly")
    assert set(func.vreg_class) == {FLOAT}
    assert any(m in ("mulsd", "addsd") for m in mnemonics(func))
    ret = len(mnemonics(func)) - 1
    assert fixed(func, ret, USE) == [XMM0]
    for name, label in func.remat.items():
        assert func.vreg_class[name] == FLOAT and label.startswith("fimm ")
    allocate_and_verify(func)


def test_float_compare_select_and_conversions() -> None:
    text = (LLVM_DIR / "floats.ll").read_text()
    larger = lowered(text, "larger")
    assert any(m.startswith("ucomisd+j") for m in mnemonics(larger))
    convert = lowered(text, "to_double")
    assert "cvtsi2sd" in mnemonics(convert) and "cvtss2sd" in mnemonics(convert)
    assert "call fmod" in mnemonics(lowered(text, "remainder_f"))
    for func in (larger, convert):
        allocate_and_verify(func)


# Vectors ------------------------------------------------------------------------------


def test_vector_functions_use_the_sse_environment_with_16_byte_spills() -> None:
    module = lower_file(str(LLVM_DIR / "vectors.ll"))
    by_name = {f.name: f for f in module.lowered}
    vector_add = by_name["vector_add"]
    env = vector_add.env
    assert env.name == "x86_64-sysv-sse" and env.spillslot_size[VECTOR] == 2
    assert not env.allocatable(FLOAT) and len(env.allocatable(VECTOR)) == 15
    func = vector_add.function
    assert set(func.vreg_class) == {VECTOR}
    assert fixed(func, 0, DEF) == [preg(VECTOR, 0), preg(VECTOR, 1)]
    assert reuses(func, only_inst(func, "paddd")) == [0]
    assert fixed(func, len(mnemonics(func)) - 1, USE) == [preg(VECTOR, 0)]
    # A function without vectors keeps the plain preset.
    assert by_name["clear_pairs"].env.name == "x86_64-sysv"
    for f in module.lowered:
        allocate_and_verify(f.function, f.env)


def test_vector_saturating_subtract_is_one_sse2_instruction() -> None:
    ir = """declare <16 x i8> @llvm.usub.sat.v16i8(<16 x i8>, <16 x i8>)
define <16 x i8> @f(<16 x i8> %a, <16 x i8> %b) {
  %d = call <16 x i8> @llvm.usub.sat.v16i8(<16 x i8> %a, <16 x i8> %b)
  ret <16 x i8> %d
}"""
    module = lower_module(ir)
    (f,) = module.lowered
    assert reuses(f.function, only_inst(f.function, "psubusb")) == [0]
    allocate_and_verify(f.function, f.env)


def test_vector_reduction_and_lane_masks() -> None:
    module = lower_file(str(LLVM_DIR / "vectors.ll"))
    by_name = {f.name: f.function for f in module.lowered}
    lane_sum = by_name["lane_sum"]
    reduce = only_inst(lane_sum, "reduce.add")
    ops = lane_sum.inst_operands(reduce)
    early_defs = [o for o in ops if lane_sum.op_kind[o] == DEF and lane_sum.op_pos[o] == EARLY]
    assert len(early_defs) == 1  # the shuffle ladder's scratch register
    mask = by_name["mask_less"]
    assert "pcmpslt" in mnemonics(mask) and "pand+pandn+por" in mnemonics(mask)
    loop = by_name["add_arrays"]
    assert "movdqu" in mnemonics(loop) and "addps" in mnemonics(loop) and "addss" in mnemonics(loop)


# Control flow -------------------------------------------------------------------------


def test_phis_become_block_parameters_and_critical_edges_are_split() -> None:
    ir = """define i32 @f(i32 %n) {
entry:
  %z = icmp eq i32 %n, 0
  br i1 %z, label %done, label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %next = add i32 %i, 1
  %more = icmp ult i32 %next, %n
  br i1 %more, label %loop, label %done
done:
  %r = phi i32 [ -1, %entry ], [ %next, %loop ]
  ret i32 %r
}"""
    func = lowered(ir, "f")
    validate(func, ENV)
    loop, done = 1, 2
    assert len(func.params_of(loop)) == 1 and len(func.params_of(done)) == 1
    # Every edge into a join from a two-way branch goes through an edge block.
    assert func.num_blocks == 3 + 4
    for b in range(3, func.num_blocks):
        assert mnemonics(func)[func.block_inst_end[b] - 1] == "jmp" and len(func.succs_of(b)) == 1
    remats = sorted(func.remat.values())
    assert remats == ["imm -1", "imm 0"]
    allocate_and_verify(func)


def test_switch_has_one_successor_per_case_and_passes_phi_inputs() -> None:
    ir = """declare i32 @g(i32)
define i32 @f(i32 %x) {
entry:
  switch i32 %x, label %other [ i32 1, label %one
                                i32 7, label %seven
                                i32 9, label %seven ]
one:
  %a = call i32 @g(i32 1)
  br label %join
seven:
  %b = phi i32 [ 70, %entry ], [ 70, %entry ]
  br label %join
other:
  br label %join
join:
  %r = phi i32 [ %a, %one ], [ %b, %seven ], [ 0, %other ]
  ret i32 %r
}"""
    func = lowered(ir, "f")
    sw = only_inst(func, "cmp+ja+jmp*")
    assert len(func.succs_of(0)) == 4 and vreg_operands(func, sw, USE) == [0]
    # %seven is reached twice from the switch: both edges are split.
    assert all(len(func.preds_of(s)) == 1 for s in func.succs_of(0))
    assert len(func.params_of(4)) == 1
    allocate_and_verify(func)


def test_unreachable_blocks_are_dropped() -> None:
    ir = """define i32 @f(i32 %x) {
entry:
  ret i32 %x
dead:
  %y = add i32 %z, 1
  %z = add i32 %y, 1
  br label %dead
}"""
    func = lowered(ir, "f")
    assert func.num_blocks == 1


# Unsupported constructs ---------------------------------------------------------------

EXPECTED_SKIPS = {
    "wide_vector_add": "vector value <8 x i32>",
    "wide_multiply": "i128 value",
    "with_asm": "inline asm",
    "extended": "x86_fp80 value",
    "variadic_sum": "intrinsic llvm.va_start",
    "atomic_add": "atomic read-modify-write",
}


def test_unsupported_constructs_are_skipped_with_reasons() -> None:
    module = lower_file(str(LLVM_DIR / "unsupported.ll"))
    assert {s.name: s.reason for s in module.skipped} == EXPECTED_SKIPS
    assert [f.name for f in module.lowered] == ["make_pair", "supported_neighbour"]
    summary = module.summary()
    assert "functions: 8, lowered 2 (25.0%), skipped 6" in summary
    assert "skipped 1: inline asm" in summary


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("%v = zext i64 %a to i128\n  ret void", "i128 value"),
        ("%v = atomicrmw add ptr %p, i32 1 seq_cst\n  ret void", "atomic read-modify-write"),
        ("%v = call i32 @llvm.ctpop.i32(i32 1)\n  %w = call i64 @llvm.fancy.thing.i64(i64 2)\n  ret void",
         "intrinsic llvm.fancy.thing"),
        ("%v = call cc 10 i32 @g()\n  ret void", "call with calling convention ghccc"),
    ],
)
def test_unsupported_instruction_reasons(body: str, reason: str) -> None:
    ir = f"""declare i32 @llvm.ctpop.i32(i32)
declare i64 @llvm.fancy.thing.i64(i64)
declare void @h(ptr)
declare cc 10 i32 @g()
define void @f(i64 %a, ptr %p) {{
  {body}
}}"""
    module = lower_module(ir)
    assert [(s.name, s.reason) for s in module.skipped] == [("f", reason)]


def test_front_end_bugs_are_reported_as_skips_never_passed_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from regalloc.errors import ValidationError
    from regalloc.frontends.llvm import driver

    ir = "define i32 @f(i32 %a) {\n  ret i32 %a\n}"

    def broken_lowering(*args: object) -> tuple[Function, MachineEnv]:
        raise KeyError("%missing")

    def failing_validation(func: Function, env: MachineEnv) -> None:
        raise ValidationError("use of v9, which is never defined", inst=0)

    monkeypatch.setattr(driver, "lower_function", broken_lowering)
    (skipped,) = lower_module(ir).skipped
    assert skipped.reason == "lowering failed: KeyError: '%missing'"
    monkeypatch.undo()
    monkeypatch.setattr(driver, "validate", failing_validation)
    (skipped,) = lower_module(ir).skipped
    assert skipped.reason == "invalid lowering: inst 0: use of v9, which is never defined"


def test_bad_ir_raises_a_library_error_naming_the_problem() -> None:
    with pytest.raises(LlvmFrontendError, match=r"bad\.ll: LLVM IR does not parse"):
        lower_module("define i32 @f( {", source="bad.ll")


# The committed C programs -------------------------------------------------------------


@pytest.mark.parametrize("program", PROGRAMS)
def test_program_functions_lower_validate_allocate_and_verify(program: str) -> None:
    module = lower_file(str(LLVM_DIR / program))
    if program == "unsupported.ll":
        assert len(module.skipped) == len(EXPECTED_SKIPS)
    else:
        assert module.skipped == [], [(s.name, s.reason) for s in module.skipped]
    assert module.lowered
    for f in module.lowered:
        validate(f.function, f.env)
        assert f.function.mnemonics is not None and all(f.function.mnemonics)
        assert allocate_and_verify(f.function, f.env) == list(ALLOCATORS)


def test_every_program_has_its_c_source_committed_beside_it() -> None:
    for program in PROGRAMS:
        stem = program.removesuffix(".ll").removesuffix("_O0")
        assert (LLVM_DIR / f"{stem}.c").is_file(), program


# Command line -------------------------------------------------------------------------


def test_cli_writes_one_json_file_per_lowered_function(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "lowered"
    assert main(["llvm", str(LLVM_DIR / "unsupported.ll"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "lowered 2 (25.0%), skipped 6" in printed and "skipped 1: inline asm" in printed
    files = sorted(os.listdir(out))
    assert files == ["unsupported.make_pair.json", "unsupported.supported_neighbour.json"]
    func, env = load_function(str(out / files[1]))
    validate(func, env)
    assert env.name == "x86_64-sysv" and func.name == "supported_neighbour"
    assert json.loads((out / files[1]).read_text())["name"] == "supported_neighbour"


@pytest.mark.parametrize("algorithm", sorted(ALLOCATORS))
def test_cli_allocates_verifies_and_prints_costs(algorithm: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["llvm", str(LLVM_DIR / "arith.ll"), "--alloc", algorithm]) == 0
    printed = capsys.readouterr().out
    assert f"{algorithm}: 27 function(s) allocated and verified; allocation " in printed
    assert "weighted_cost=" in printed and "spillslots=" in printed


def test_cli_reports_a_parse_error_as_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.ll"
    bad.write_text("define i32 @f( {\n")
    assert main(["llvm", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("regalloc: error: ") and "LLVM IR does not parse" in err and err.count("\n") == 1
