"""The LLVM front end's reading layer: facts parsed from instruction text, the type
layout, the instruction-selection table, and behaviour without llvmlite."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regalloc.errors import RegallocError
from regalloc.frontends.llvm import isel
from regalloc.frontends.llvm.ir import (
    FCMP_PREDICATES,
    ICMP_PREDICATES,
    LlvmFrontendError,
    LlvmliteMissingError,
    calling_convention_of,
    compare_predicate,
    signed_value,
)
from regalloc.frontends.llvm.textir import parse_printed_module
from regalloc.frontends.llvm.types import TypeLayout, TypeParseError, named_type_bodies


@pytest.mark.parametrize("predicate", sorted(ICMP_PREDICATES))
def test_icmp_predicate_read_from_text(predicate: str) -> None:
    assert compare_predicate(f"  %c = icmp {predicate} i32 %a, 7", "icmp") == predicate
    assert compare_predicate(f"  %c = icmp samesign {predicate} i64 %a, %b", "icmp") == predicate
    assert isel.condition_code("icmp", predicate)


@pytest.mark.parametrize("predicate", sorted(FCMP_PREDICATES))
def test_fcmp_predicate_read_past_fast_math_flags(predicate: str) -> None:
    assert compare_predicate(f"%c = fcmp nnan ninf {predicate} double %a, %b", "fcmp") == predicate
    assert isel.condition_code("fcmp", predicate)


def test_predicate_names_in_value_names_do_not_confuse_the_reader() -> None:
    # A value called %eq and an operand named %slt: the predicate is the word after the opcode.
    assert compare_predicate("%eq = icmp ult ptr %slt, %eq2", "icmp") == "ult"
    with pytest.raises(LlvmFrontendError, match="cannot read the predicate"):
        compare_predicate("%c = icmp bogus i32 %a, %b", "icmp")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%p = getelementptr i8, ptr %b, i64 4", "i8"),
        ("%p = getelementptr inbounds %struct.S, ptr %b, i64 0, i32 1", "%struct.S"),
        ("%p = getelementptr inbounds nuw [4 x { i32, ptr }], ptr %b, i64 0, i64 %i", "[4 x { i32, ptr }]"),
        ("%p = getelementptr nusw <{ i8, i32 }>, ptr %b, i64 1", "<{ i8, i32 }>"),
        ('%p = getelementptr inbounds %"struct.odd name", ptr %b, i64 2', '%"struct.odd name"'),
        ("%p = getelementptr inbounds inrange(-8, 16) i8, ptr %b, i64 8", "i8"),
    ],
)
def test_gep_source_type_and_indices_from_text(text: str, expected: str) -> None:
    (func,) = parse_printed_module(f"define ptr @f(ptr %b, i64 %i) {{\n  {text}\n  ret ptr %p\n}}\n").functions
    gep = func.blocks[0].insts[0]
    assert gep.gep_type == expected and gep.type == "ptr"
    assert gep.operands[0].index == 0  # the base %b
    assert len(gep.operands) - 1 == text.split("ptr %b")[1].count(", i")  # one operand per index


def test_function_headers_give_names_conventions_and_parameters() -> None:
    text = textwrap.dedent(
        """\
        define internal fastcc range(i32 0, 5) i32 @helper(i32 noundef %x, ptr byval(%struct.S) align 8 %s) {
          ret i32 %x
        }
        define dso_local void @"quoted name"(...) {
          ret void
        }
        define { i64, i64 } @pair(i64 %a) #0 {
        entry:
          ret { i64, i64 } zeroinitializer
        }
        """
    )
    module = parse_printed_module(text)
    helper, quoted, pair = module.functions
    assert (helper.name, helper.calling_convention, helper.return_type) == ("helper", "fastcc", "i32")
    assert helper.param_types == ["i32", "ptr"] and helper.param_attrs[1][0] == "byval(%struct.S)"
    assert (quoted.name, quoted.vararg, quoted.calling_convention) == ("quoted name", True, "ccc")
    assert pair.return_type == "{ i64, i64 }" and len(pair.blocks) == 1
    assert calling_convention_of("%r = tail call coldcc i32 ") == "coldcc"


def test_switch_cases_phi_inputs_and_branch_targets_are_read() -> None:
    text = textwrap.dedent(
        """\
        define i32 @f(i32 %x) {
          switch i32 %x, label %d [
            i32 -1, label %a
            i32 7, label %b
          ]
        a:                                                ; preds = %0
          br label %d
        b:
          br i1 true, label %a, label %d
        d:
          %r = phi i32 [ 0, %0 ], [ %x, %a ], [ 5, %b ]
          ret i32 %r
        }
        """
    )
    (func,) = parse_printed_module(text).functions
    switch = func.blocks[0].insts[0]
    assert switch.cases == [-1, 7] and [v.index for v in switch.operands[1:]] == [3, 1, 2]
    branch = func.blocks[2].insts[0]
    assert [v.index for v in branch.operands[1:]] == [1, 3]  # (cond, true, false)
    phi = func.blocks[3].insts[0]
    assert phi.incoming == [0, 1, 2] and [v.imm for v in phi.operands] == [0, 0, 5]


def test_unreadable_function_is_reported_not_guessed() -> None:
    module = parse_printed_module("define i32 @f(i32 %x) {\n  %y = add i32 %x, \n  ret i32 %y\n}\n")
    assert module.functions == [] and module.read_errors["f"].startswith("cannot read: ")


@given(st.sampled_from([1, 8, 16, 32, 64]), st.integers())
def test_signed_value_is_twos_complement(bits: int, value: int) -> None:
    raw = value & ((1 << bits) - 1)
    result = signed_value(raw, f"i{bits}")
    assert -(1 << (bits - 1)) <= result < (1 << (bits - 1))
    assert result & ((1 << bits) - 1) == raw


def test_type_layout_sizes_and_offsets() -> None:
    layout = TypeLayout(named_type_bodies("%struct.P = type { i8, i32, ptr }\n%struct.Q = type <{ i8, i32 }>\n"))
    assert layout.size(layout.parse("%struct.P")) == 16
    assert layout.field_offset(layout.parse("%struct.P"), 2) == 8
    assert layout.size(layout.parse("%struct.Q")) == 5
    assert layout.field_offset(layout.parse("%struct.Q"), 1) == 1
    assert layout.size(layout.parse("[3 x %struct.P]")) == 48
    assert layout.size(layout.parse("{ double, i16 }")) == 16
    assert layout.size(layout.parse("x86_fp80")) == 16
    assert layout.size(layout.parse("i24")) == 4
    assert layout.size(layout.parse("<4 x i32>")) == 16


@pytest.mark.parametrize("text", ["%struct.Missing", "[4 x", "{ i32, ", "label", "token"])
def test_type_layout_rejects_what_it_cannot_size(text: str) -> None:
    layout = TypeLayout({})
    with pytest.raises(TypeParseError):
        layout.size(layout.parse(text))


def test_intrinsic_table_prefers_the_longest_prefix() -> None:
    assert isel.intrinsic_rule("llvm.memcpy.inline.p0.p0.i64") == ("libcall", "memcpy")
    assert isel.intrinsic_rule("llvm.expect.with.probability.i64") == ("alias", "")
    assert isel.intrinsic_rule("llvm.assume") == ("drop", "")
    assert isel.intrinsic_rule("llvm.vector.reduce.add.v4i32") == ("reduce", "add")
    assert isel.intrinsic_rule("llvm.vector.reduce.fadd.v4f32") is None
    assert isel.intrinsic_rule("llvm.fabs.f64") == ("fp_mask", "andp")


def test_every_supported_opcode_has_a_rule_and_unsupported_ones_a_reason() -> None:
    assert not set(isel.RULES) & set(isel.UNSUPPORTED_OPCODES)
    assert all(reason for reason in isel.UNSUPPORTED_OPCODES.values())


def test_missing_llvmlite_raises_an_install_hint_and_the_package_still_imports() -> None:
    script = textwrap.dedent(
        """\
        import sys
        sys.modules["llvmlite"] = None  # makes `import llvmlite` fail as if absent
        import regalloc.cli
        from regalloc.errors import RegallocError
        from regalloc.frontends.llvm import LlvmliteMissingError, lower_module
        try:
            lower_module("define void @f() {\\n  ret void\\n}")
        except LlvmliteMissingError as exc:
            assert isinstance(exc, RegallocError)
            print(exc)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "pip install 'regalloc[llvm]'" in done.stdout
    assert issubclass(LlvmliteMissingError, RegallocError)


def test_cli_without_llvmlite_prints_the_hint_and_exits_1() -> None:
    script = textwrap.dedent(
        """\
        import sys
        sys.modules["llvmlite"] = None
        from regalloc.cli import main
        sys.exit(main(["llvm", "whatever.ll"]))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("regalloc: error: ") and "regalloc[llvm]" in done.stderr
