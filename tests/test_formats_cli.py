"""``regalloc validate`` / ``convert`` and the annotated listing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from regalloc.checker import check
from regalloc.cli import main
from regalloc.formats import (
    dump_function_text,
    format_listing,
    function_to_json,
    load_function,
)
from regalloc.fuzz.reference import allocate_reference
from regalloc.regs import is_reg_alloc
from regalloc.result import MOVE
from shared_paths import SHARED_CORPUS

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["validate", str(EXAMPLES_DIR / "diamond.ra")], capsys)
    assert code == 0
    assert out == "ok: diamond: 4 blocks, 13 insts, 10 vregs\n"
    assert err == ""


def test_validate_corpus_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["validate", f"{SHARED_CORPUS}/regalloc2-small/f00000.json"], capsys)
    assert code == 0
    assert re.fullmatch(r"ok: .+: 8 blocks, 94 insts, 240 vregs\n", out)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cut.json", '{"version": 1, "insts": [', "invalid JSON"),
        ("types.json", None, "insts[1].operands[0].vreg: expected an integer"),
        ("reg.ra", "env x86_64-sysv\nvregs v0:int\nblock0:\n  ret use v0:fixed(eax)\n", "4:20: unknown register 'eax'"),
        ("token.ra", "env x86_64-sysv\nvregs v0:int\nblock0:\n  ret use v0 ?\n", "4:14: unexpected character '?'"),
        ("sniffed.txt", "env x86_64-sysv\nvregs v0:int\nblock0\n  ret\n", "3:7: expected ':'"),
        ("binary.ra", b"\xff\xfe\x00garbage", "not UTF-8 text (byte 0)"),
        ("undefined.ra", "env x86_64-sysv\nvregs v0:int\nblock0:\n  ret use v0:fixed(rax)\n", "v0"),
    ],
)
def test_validate_bad_file_prints_one_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is None:
        obj = function_to_json(*load_function(str(EXAMPLES_DIR / "diamond.ra")))
        obj["insts"][1]["operands"][0]["vreg"] = "v1"
        content = json.dumps(obj)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    code, out, err = _run(["validate", str(path)], capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("regalloc: error: ")
    assert expected in err


def test_convert_to_json_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = EXAMPLES_DIR / "reuse_chain.ra"
    func, env = load_function(str(source))
    code, out, _ = _run(["convert", str(source), "--to", "json"], capsys)
    assert code == 0
    assert json.loads(out) == function_to_json(func, env)
    json_path = tmp_path / "chain.json"
    code, out, _ = _run(["convert", str(source), "--to", "json", "--out", str(json_path)], capsys)
    assert code == 0 and out == ""
    code, out, _ = _run(["convert", str(json_path), "--to", "text"], capsys)
    assert code == 0
    assert out == dump_function_text(func, env)


def test_help_texts(capsys: pytest.CaptureFixture[str]) -> None:
    for verb, words in (("validate", "line:col"), ("convert", "--to")):
        with pytest.raises(SystemExit) as info:
            main([verb, "--help"])
        assert info.value.code == 0
        out = capsys.readouterr().out
        assert words in out
        assert ".ra" in out


@pytest.mark.parametrize("name", ["loop_with_call.ra", "diamond.ra", "x86_div.ra", "float_vector.ra", "reuse_chain.ra"])
@pytest.mark.parametrize("allocator", ["reference", "ion"])
def test_listing_shows_every_allocation_and_edit(name: str, allocator: str) -> None:
    from regalloc.ion import allocate_ion

    func, env = load_function(str(EXAMPLES_DIR / name))
    result = allocate_reference(func, env) if allocator == "reference" else allocate_ion(func, env)
    check(func, env, result)
    listing = format_listing(func, env, result)
    lines = listing.splitlines()
    assert lines[0].startswith(f'function "{func.name}": {func.num_blocks} blocks')
    # One line per instruction, starting with its index, holding one [alloc] per operand.
    for i in range(func.num_insts):
        inst_lines = [ln for ln in lines if re.match(rf"\s*{i}  ", ln)]
        assert len(inst_lines) == 1
        assert inst_lines[0].count(" [") == len(func.inst_operands(i))
    edit_lines = [ln for ln in lines if re.match(r"\s+(spill|reload|move|remat|pair)", ln)]
    assert len(edit_lines) == len(result.edits)
    spills = sum(1 for _, k, s, d in result.edits if k == MOVE and is_reg_alloc(s) and not is_reg_alloc(d))
    assert sum(1 for ln in edit_lines if ln.strip().startswith("spill")) == spills
    for b in range(func.num_blocks):
        assert any(ln.startswith(f"block{b}") for ln in lines)


def test_listing_names_registers_and_block_param_locations() -> None:
    func, env = load_function(str(EXAMPLES_DIR / "diamond.ra"))
    result = allocate_reference(func, env)
    check(func, env, result)
    listing = format_listing(func, env, result)
    assert "def v0:fixed(rdi) [rdi]" in listing
    assert re.search(r"^block3\(v6 in stack:\d+, v7 in stack:\d+\):", listing, re.MULTILINE)
    assert "# preds block1, block2" in listing
