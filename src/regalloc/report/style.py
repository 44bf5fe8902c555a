"""The report page's stylesheet (inlined into every report; no external resources)."""

from __future__ import annotations

CSS = r"""
:root {
  --bg: #f6f7f9; --panel: #ffffff; --ink: #1f2328; --muted: #667085; --line: #e3e6ea;
  --spill: #d9480f; --reload: #1c7ed6; --move: #7048e8; --remat: #2b8a3e; --pair: #c2255c;
  --err: #e03131; --hl: #fff3bf; --hl-edge: #f08c00;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: var(--ink); background: var(--bg); display: flex; flex-direction: column; overflow: hidden; }
header.top { padding: 8px 14px; background: #1f2937; color: #f9fafb; display: flex; gap: 16px;
  align-items: baseline; flex-wrap: wrap; }
header.top h1 { font-size: 16px; margin: 0; font-weight: 600; }
header.top .sub { color: #cbd5e1; }
#app { flex: 1; display: flex; min-height: 0; }
nav.blocks { width: 118px; flex: none; overflow-y: auto; background: var(--panel);
  border-right: 1px solid var(--line); padding: 6px 0; }
nav.blocks h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  margin: 2px 10px 6px; }
nav.blocks a { display: flex; justify-content: space-between; padding: 1px 10px; color: var(--ink);
  text-decoration: none; font-family: var(--mono); font-size: 12px; cursor: pointer;
  border-left: 4px solid transparent; }
nav.blocks a:hover { background: #eef2ff; }
nav.blocks a .n { color: var(--muted); }
nav.blocks a.d1 { border-left-color: #fcc419; } nav.blocks a.d2 { border-left-color: #fd7e14; }
nav.blocks a.d3 { border-left-color: #e8590c; } nav.blocks a.unreach { color: #adb5bd; }
.panes { flex: 1; display: flex; min-width: 0; gap: 8px; padding: 8px; }
.pane { flex: 1; min-width: 0; display: flex; flex-direction: column; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.pane-head { padding: 6px 10px; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap;
  gap: 6px 14px; align-items: center; }
.pane-head .label { font-weight: 700; font-size: 14px; }
.verdict { padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; }
.verdict.ok { background: #d3f9d8; color: #2b8a3e; } .verdict.bad { background: #ffe3e3; color: var(--err); }
.stat { color: var(--muted); } .stat b { color: var(--ink); font-weight: 600; }
.astats { color: var(--muted); } .astats summary { cursor: pointer; }
.astats[open] { flex-basis: 100%; }
.err-banner { background: #fff5f5; border-bottom: 2px solid var(--err); color: #c92a2a; padding: 7px 10px;
  font-weight: 600; cursor: pointer; }
.err-banner code { font-family: var(--mono); font-weight: 500; }
.pane-body { flex: 1; display: flex; min-height: 0; }
.pane-body.stacked { flex-direction: column; }
.listing { position: relative; overflow: auto; font-family: var(--mono); font-size: 12px; padding: 4px 0 40px;
  border-right: 1px solid var(--line); width: 46%; flex: none; white-space: pre; }
.stacked .listing { width: auto; flex: 1; border-right: 0; border-top: 1px solid var(--line); }
.blk { content-visibility: auto; contain-intrinsic-size: auto 200px; }
.bh { padding: 6px 8px 2px; font-weight: 700; color: #364fc7; cursor: pointer; }
.bh .note { color: var(--muted); font-weight: 400; margin-left: 10px; }
.bh.d1 { background: linear-gradient(90deg, #fff9db, transparent); }
.bh.d2 { background: linear-gradient(90deg, #ffe8cc, transparent); }
.bh.d3 { background: linear-gradient(90deg, #ffd8a8, transparent); }
.ln { padding: 0 8px; min-height: 16px; }
.ln .ix { display: inline-block; width: 4.5em; text-align: right; color: #98a2b3; margin-right: 10px; }
.ln .mn { display: inline-block; min-width: 5ch; font-weight: 600; margin-right: 8px; }
.ln.in:hover { background: #f1f3f5; }
.op { border-radius: 3px; padding: 0 1px; }
.op.k1 { color: #0b7285; } .op.k2 { color: #862e9c; }
.al { display: inline-block; border-radius: 3px; padding: 0 4px; margin: 0 2px 0 3px; color: #fff;
  font-size: 11px; line-height: 15px; }
.al.stk { color: #343a40; background: repeating-linear-gradient(135deg, #dee2e6 0 3px, #ced4da 3px 6px); }
.al.lost { background: #111; outline: 2px solid var(--err); }
.tail { color: var(--muted); margin-left: 8px; }
.ln.ed { font-size: 11.5px; }
.ln.ed .ek { display: inline-block; min-width: 7ch; font-weight: 700; }
.ed.spill .ek { color: var(--spill); } .ed.reload .ek { color: var(--reload); }
.ed.move .ek { color: var(--move); } .ed.remat .ek { color: var(--remat); }
.ed.pair .ek, .ed.pair-store .ek, .ed.pair-load .ek { color: var(--pair); }
.ed.spill { background: #fff4e6; } .ed.reload { background: #e7f5ff; } .ed.move { background: #f3f0ff; }
.ed.remat { background: #ebfbee; } .ed.pair, .ed.pair-store, .ed.pair-load { background: #fff0f6; }
.v { font-weight: 600; }
.hl:not(.al) { background: var(--hl) !important; outline: 1px solid var(--hl-edge); }
.al.hl { outline: 2px solid var(--hl-edge); outline-offset: 1px; }
.ln.err { background: #ffe3e3; box-shadow: inset 4px 0 0 var(--err); }
.op.errop { outline: 2px solid var(--err); }
.errmsg { color: #c92a2a; font-weight: 700; padding: 2px 8px 4px 6em; white-space: pre-wrap; }
.ln.flash { animation: flash 1.2s ease-out; }
@keyframes flash { from { background: #ffec99; } to { background: transparent; } }
.viz { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.stacked .viz { flex: none; height: 52%; }
.tools { display: flex; gap: 6px; align-items: center; padding: 5px 8px; border-bottom: 1px solid var(--line);
  flex-wrap: wrap; }
.tools button { font: inherit; font-size: 12px; padding: 1px 8px; border: 1px solid #ced4da; background: #fff;
  border-radius: 4px; cursor: pointer; }
.tools button.on { background: #364fc7; color: #fff; border-color: #364fc7; }
.legend { display: flex; gap: 10px; margin-left: auto; color: var(--muted); font-size: 11.5px; flex-wrap: wrap; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 3px; vertical-align: -1px; }
.chart { position: relative; flex: 1; overflow: auto; min-height: 120px; }
.chart canvas { position: sticky; left: 0; top: 0; display: block; }
.chart .spacer { position: absolute; left: 0; top: 0; pointer-events: none; }
.plot { flex: 1 0 118px; max-height: 300px; border-top: 1px solid var(--line); position: relative; overflow: hidden; }
.plot canvas { display: block; }
.tip { position: fixed; pointer-events: none; background: #212529; color: #f8f9fa; font-size: 12px;
  padding: 4px 7px; border-radius: 4px; font-family: var(--mono); white-space: pre; z-index: 10; display: none; }
.compare { border-collapse: collapse; font-size: 12px; }
.compare td, .compare th { padding: 1px 8px; text-align: right; border-bottom: 1px solid #374151; }
.compare th { text-align: right; font-weight: 500; color: #cbd5e1; }
.compare tr > th:first-child { text-align: left; color: #f9fafb; font-weight: 600; }
.compare td.best { color: #8ce99a; font-weight: 700; }
.failure { padding: 16px; color: var(--err); font-weight: 600; }
"""
