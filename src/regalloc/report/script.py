"""The report page's script (inlined into every report; no libraries, no network).

It reads the JSON data block of the page and draws: the block index, per
allocation the annotated listing (HTML built once), the live-range chart (a
canvas redrawn for the visible window only, so 5,000 instructions stay fast)
and the register-pressure plot.  Hovering a vreg anywhere highlights it
everywhere; with ``#selftest`` in the address the page checks itself and
writes the results into ``<pre id="selftest">`` for the browser tests; with
``#v<N>`` it opens with vreg N highlighted (handy for links and screenshots).
"""

from __future__ import annotations

JS = r"""
"use strict";
const T0 = performance.now();
const scriptErrors = [];
window.addEventListener("error", ev => scriptErrors.push(String(ev.message)));
const D = JSON.parse(document.getElementById("report-data").textContent);
const F = D.func, ENV = F.env, NI = F.nInsts, NS = 2 * NI, STACK_BASE = 256, LOST = -1;
const LABEL_W = 66, TOP_H = 22, ROW_H = 14, PLOT_H = 118;
const CLASS_COLORS = ["#1c7ed6", "#2b8a3e", "#ae3ec9"];
const DEPTH_COLORS = ["#e9ecef", "#ffe066", "#ffa94d", "#ff8787", "#e64980", "#be4bdb", "#7950f2"];
const fixedStack = new Set(ENV.fixedStack);
const LOST_COLOR = "#111";
let MONO = "monospace";
const blockOrder = F.blocks.map((b, i) => i).sort((a, b) => F.blocks[a][0] - F.blocks[b][0]);
const instBlock = new Int32Array(Math.max(NI, 1));
for (const b of blockOrder) for (let i = F.blocks[b][0]; i < F.blocks[b][1]; i++) instBlock[i] = b;

const ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};
function esc(s) {
  s = String(s);
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, c => ESCAPES[c]) : s;
}
function inMem(a) { return a >= STACK_BASE || fixedStack.has(a); }
function locName(a) {
  if (a === LOST) return "lost";
  if (a < 0) return "none";
  return a >= STACK_BASE ? "stack:" + (a - STACK_BASE) : ENV.regNames[a];
}
function unpack(p) { return [Math.floor(p / 4294967296), p % 4294967296]; }

// Colours: each allocatable register its own hue (golden-angle spread so
// neighbours differ), classes told apart by lightness; memory is hatched grey.
const regColor = new Array(256).fill("#868e96");
ENV.allocatable.forEach((regs, c) => regs.forEach((p, i) => {
  const h = Math.round((i * 137.508 + c * 40) % 360);
  regColor[p] = ["hsl(" + h + ",68%,47%)", "hsl(" + h + ",60%,38%)", "hsl(" + h + ",45%,55%)"][c];
}));
function vregColor(v) { return "hsl(" + Math.round((v * 137.508) % 360) + ",60%,55%)"; }
function editClass(kind, src, dst) {
  if (kind === 0) {
    if (inMem(dst) && !inMem(src)) return "spill";
    if (inMem(src) && !inMem(dst)) return "reload";
    return "move";
  }
  if (kind === 1) return "remat";
  return inMem(unpack(dst)[0]) ? "pair-store" : inMem(unpack(src)[0]) ? "pair-load" : "pair";
}
const MARK_COLORS = {"spill": "#d9480f", "reload": "#1c7ed6", "move": "#7048e8", "remat": "#2b8a3e",
  "pair": "#c2255c", "pair-store": "#c2255c", "pair-load": "#c2255c"};

// Hovering a vreg lights up every element naming it (found when needed:
// indexing them all up front costs more than the occasional query).
let hlV = -1, hlElements = [];
function vregElements(v) { return v < 0 ? [] : document.querySelectorAll("[data-v='" + v + "']"); }
const panes = [];
const tip = document.createElement("div");
tip.className = "tip";
document.body.appendChild(tip);

function setHighlight(v) {
  if (v === hlV) return;
  for (const el of hlElements) el.classList.remove("hl");
  hlV = v;
  hlElements = vregElements(v);
  for (const el of hlElements) el.classList.add("hl");
  for (const p of panes) p.draw();
}

function usesOf(v) {
  const xs = [];
  for (let i = 0; i < NI; i++)
    for (let o = F.opStart[i]; o < F.opStart[i + 1]; o++)
      if (F.opVreg[o] === v) xs.push(F.opKind[o] === 0 ? 2 * i : 2 * i + 1);
  return xs;
}
let usesCache = {v: -2, xs: []};
function hlUses() {
  if (usesCache.v !== hlV) usesCache = {v: hlV, xs: hlV >= 0 ? usesOf(hlV) : []};
  return usesCache.xs;
}

class Pane {
  constructor(view, k, root, stacked) {
    this.view = view; this.k = k; this.id = "p" + k;
    this.mode = "vregs"; this.scale = 1; this.fitted = true; this.pending = false;
    this.drawnHighlight = -2;
    this.sl = 0; this.st = 0;
    const el = document.createElement("section");
    el.className = "pane";
    root.appendChild(el);
    this.el = el;
    el.innerHTML = this.headHtml();
    if (!view.allocs) {
      el.insertAdjacentHTML("beforeend", "<div class='failure'>" + esc(view.failure) + "</div>");
      return;
    }
    this.prepare();
    const body = document.createElement("div");
    body.className = "pane-body" + (stacked ? " stacked" : "");
    el.appendChild(body);
    this.listing = document.createElement("div");
    this.listing.className = "listing";
    this.listing.innerHTML = this.listingHtml();
    const viz = document.createElement("div");
    viz.className = "viz";
    viz.innerHTML = "<div class='tools'><button data-mode='vregs' class='on'>per vreg</button>" +
      "<button data-mode='regs'>per register</button><span style='width:8px'></span>" +
      "<button data-zoom='out'>&minus;</button><button data-zoom='in'>+</button>" +
      "<button data-zoom='fit'>fit</button>" + this.legendHtml() + "</div>" +
      "<div class='chart'><div class='spacer'></div><canvas></canvas></div>" +
      "<div class='plot'><canvas></canvas></div>";
    if (stacked) { body.appendChild(viz); body.appendChild(this.listing); }
    else { body.appendChild(this.listing); body.appendChild(viz); }
    this.wrap = viz.querySelector(".chart");
    this.spacer = viz.querySelector(".spacer");
    this.canvas = this.wrap.querySelector("canvas");
    this.plotBox = viz.querySelector(".plot");
    this.plotCanvas = this.plotBox.querySelector("canvas");
    this.bindEvents(viz);
  }

  headHtml() {
    const v = this.view, parts = ["<div class='pane-head'><span class='label'>" + esc(v.label) + "</span>"];
    if (!v.allocs) return parts.join("") + "<span class='verdict bad'>allocator failed</span></div>";
    parts.push(v.error ? "<span class='verdict bad'>checker: FAILED</span>"
                       : "<span class='verdict ok'>checker: ok</span>");
    const stat = (name, value) => parts.push("<span class='stat'>" + name + " <b>" + esc(value) + "</b></span>");
    if (v.cost) {
      stat("weighted cost", v.cost.weighted_cost);
      stat("static", v.cost.static_cost);
      stat("moves", v.cost.reg_moves);
      stat("spills", v.cost.spill_stores);
      stat("reloads", v.cost.reloads);
      if (v.cost.remats) stat("remats", v.cost.remats);
      if (v.cost.pairs) stat("pairs", v.cost.pairs);
    } else if (v.costError) stat("cost", v.costError);
    stat("slots", v.spillslots);
    stat("time", v.seconds === null ? "n/a (from file)" : fmtTime(v.seconds));
    for (const n of v.notes) parts.push("<span class='stat'>" + esc(n) + "</span>");
    const own = Object.entries(v.stats || {});
    if (own.length) parts.push("<details class='astats'><summary>" + esc(v.algorithm || "allocator") +
      " stats</summary>" + own.map(([k, x]) => "<span class='stat'>" + esc(k) + " <b>" + esc(x) + "</b></span>")
      .join(" ") + "</details>");
    parts.push("</div>");
    if (v.error) parts.push("<div class='err-banner' data-inst='" + v.error.inst + "'>&#x2716; Checker error: <code>" +
      esc(v.error.message) + "</code>" + (v.error.inst >= 0 ? " &mdash; click to show" : "") + "</div>");
    return parts.join("");
  }

  legendHtml() {
    const item = (color, text) => "<span><i style='background:" + color + "'></i>" + text + "</span>";
    return "<span class='legend'>" +
      item("repeating-linear-gradient(135deg,#dee2e6 0 2px,#adb5bd 2px 4px)", "stack") +
      item(MARK_COLORS.spill, "spill &#x25BC;") + item(MARK_COLORS.reload, "reload &#x25B2;") +
      item(MARK_COLORS.move, "move &#x25C6;") + item(MARK_COLORS.remat, "remat &#x25CF;") +
      item(LOST_COLOR, "lost / misread") + "</span>";
  }

  prepare() {
    const v = this.view, segs = v.segments, nv = F.nVregs;
    this.segsOfV = Array.from({length: nv}, () => []);
    for (let s = 0; s < segs.length; s += 5) this.segsOfV[segs[s]].push(s);
    // Edits by the vreg they carry (an edit's program point is its sample x).
    this.marksOfV = Array.from({length: nv}, () => []);
    this.editVreg = v.editVreg;
    v.editVreg.forEach((vr, e) => { if (vr >= 0) this.marksOfV[vr].push(4 * e); });
    const first = [];
    for (let r = 0; r < nv; r++) if (this.segsOfV[r].length) first.push(r);
    first.sort((a, b) => segs[this.segsOfV[a][0] + 1] - segs[this.segsOfV[b][0] + 1] || a - b);
    this.vregRows = first;
    this.rowOfV = new Int32Array(nv).fill(-1);
    first.forEach((vr, r) => { this.rowOfV[vr] = r; });
    // Per-register view: every location that ever holds a live value, with
    // its (first x, last x, vreg) runs; stack copies count too.
    const byLoc = new Map();
    const add = (loc, a, b, vr) => { if (!byLoc.has(loc)) byLoc.set(loc, []); byLoc.get(loc).push(a, b, vr); };
    for (let s = 0; s < segs.length; s += 5) {
      add(segs[s + 3], segs[s + 1], segs[s + 2], segs[s]);
      if (segs[s + 4] >= 0) add(segs[s + 4], segs[s + 1], segs[s + 2], segs[s]);
    }
    const rank = a => a === LOST ? 1e9 : a >= STACK_BASE ? 1e6 + a : a;
    this.regRows = [...byLoc.keys()].sort((a, b) => rank(a) - rank(b));
    this.regRuns = this.regRows.map(loc => byLoc.get(loc));
    this.editsAt = new Map();
    for (let e = 0; e < v.edits.length; e += 4) {
      const pt = v.edits[e];
      if (!this.editsAt.has(pt)) this.editsAt.set(pt, []);
      this.editsAt.get(pt).push(e / 4);
    }
  }

  locAt(vr, x) {
    const segs = this.view.segments;
    for (const s of this.segsOfV[vr] || []) if (segs[s + 1] <= x && x <= segs[s + 2]) return segs[s + 3];
    return -2;
  }

  allocChip(a, vr) {
    const cls = a === LOST ? "al lost" : inMem(a) ? "al stk" : "al";
    const style = inMem(a) || a < 0 ? "" : " style='background:" + regColor[a] + "'";
    return "<span class='" + cls + "'" + style + (vr >= 0 ? " data-v='" + vr + "'" : "") + ">" +
      esc(locName(a)) + "</span>";
  }

  editHtml(e) {
    const v = this.view, ed = v.edits, kind = ed[4 * e + 1], src = ed[4 * e + 2], dst = ed[4 * e + 3];
    const cls = editClass(kind, src, dst), vr = this.editVreg[e];
    let text;
    if (kind === 1) {
      const label = F.remat[String(src)];
      text = "<span class='v' data-v='" + src + "'>v" + src + "</span>" +
        (label ? " " + esc(JSON.stringify(label)) : "") + " &rarr; " + this.allocChip(dst, -1);
    } else if (kind === 2) {
      const [s1, s2] = unpack(src), [d1, d2] = unpack(dst);
      text = "(" + esc(locName(s1)) + ", " + esc(locName(s2)) + ") &rarr; (" + esc(locName(d1)) + ", " +
        esc(locName(d2)) + ")";
    } else {
      text = this.allocChip(src, -1) + " &rarr; " + this.allocChip(dst, -1);
    }
    if (vr >= 0 && kind !== 1) text += "  <span class='v' data-v='" + vr + "'>v" + vr + "</span>";
    return "<div class='ln ed " + cls + "'" + (vr >= 0 ? " data-v='" + vr + "'" : "") +
      "><span class='ix'></span><span class='ek'>" + cls + "</span>" + text + "</div>";
  }

  listingHtml() {
    const v = this.view, out = [], err = v.error, pid = this.id;
    for (const b of blockOrder) {
      const [start, end, depth, params, preds, reach] = F.blocks[b];
      const ps = params.map(p => {
        const at = this.locAt(p, 2 * start);
        return "<span class='v' data-v='" + p + "'>v" + p + "</span>" + (at >= -1 ? " in " + esc(locName(at)) : "");
      });
      const notes = [];
      if (b === F.entry) notes.push("entry");
      if (depth) notes.push("loop depth " + depth);
      if (preds.length) notes.push("preds " + preds.map(p => "block" + p).join(", "));
      if (!reach) notes.push("unreachable");
      out.push("<div class='blk' id='" + pid + "-b" + b + "'><div class='bh d" + Math.min(depth, 3) + "' data-b='" + b +
        "'>block" + b + (ps.length ? "(" + ps.join(", ") + ")" : "") + ":<span class='note'>" + notes.join(" · ") +
        "</span></div>");
      for (let i = start; i < end; i++) {
        for (const e of this.editsAt.get(2 * i) || []) out.push(this.editHtml(e));
        const bad = err && err.inst === i;
        const ops = [];
        for (let o = F.opStart[i]; o < F.opStart[i + 1]; o++) {
          const vr = F.opVreg[o], a = o < v.allocs.length ? v.allocs[o] : -1;
          const errop = bad && err.operand === o - F.opStart[i] ? " errop" : "";
          ops.push("<span class='op k" + F.opKind[o] + errop + "'" + (vr >= 0 ? " data-v='" + vr + "'" : "") + ">" +
            esc(F.opText[o]) + "</span>" + this.allocChip(a, vr));
        }
        const tail = F.instTail[String(i)];
        const mn = F.mnemonics ? F.mnemonics[i] : "";
        out.push("<div class='ln in" + (bad ? " err" : "") + "' id='" + pid + "-i" + i + "' data-i='" + i +
          "'><span class='ix'>" + i + "</span>" + (mn ? "<span class='mn'>" + esc(mn) + "</span>" : "") +
          ops.join(", ") + (tail ? "<span class='tail'>" + esc(tail) + "</span>" : "") + "</div>");
        if (bad) out.push("<div class='errmsg'>&#x2716; " + esc(err.message) + "</div>");
        for (const e of this.editsAt.get(2 * i + 1) || []) out.push(this.editHtml(e));
      }
      out.push("</div>");
    }
    return out.join("");
  }

  bindEvents(viz) {
    viz.querySelector(".tools").addEventListener("click", ev => {
      const t = ev.target.closest("button");
      if (!t) return;
      if (t.dataset.mode) {
        this.mode = t.dataset.mode;
        for (const b of viz.querySelectorAll("[data-mode]")) b.classList.toggle("on", b === t);
        this.layout();
      } else if (t.dataset.zoom === "fit") { this.fitted = true; this.layout(); }
      else this.zoom(t.dataset.zoom === "in" ? 2 : 0.5);
    });
    this.wrap.addEventListener("scroll", () => { this.syncScroll(); this.requestDraw(); });
    this.wrap.addEventListener("wheel", ev => {
      if (!ev.ctrlKey) return;
      ev.preventDefault();
      this.zoom(ev.deltaY < 0 ? 1.25 : 0.8, ev.clientX - this.wrap.getBoundingClientRect().left);
    }, {passive: false});
    this.canvas.addEventListener("mousemove", ev => this.hover(ev));
    this.canvas.addEventListener("mouseleave", () => { tip.style.display = "none"; });
    this.canvas.addEventListener("click", ev => this.click(ev));
    this.listing.addEventListener("click", ev => {
      const h = ev.target.closest(".bh");
      if (h) { this.scrollChartTo(2 * F.blocks[+h.dataset.b][0]); return; }
      const ln = ev.target.closest(".ln.in");
      const vEl = ev.target.closest("[data-v]");
      if (vEl) this.scrollChartToVreg(+vEl.dataset.v);
      if (ln) this.scrollChartTo(2 * +ln.dataset.i);
    });
    const banner = this.el.querySelector(".err-banner");
    if (banner && this.view.error.inst >= 0) banner.addEventListener("click", () => {
      this.scrollListingTo(this.view.error.inst); this.scrollChartTo(2 * this.view.error.inst);
    });
  }

  // Horizontal mapping: sample x is drawn at LABEL_W + x * scale - scrollLeft.
  layout() {
    const rows = this.mode === "vregs" ? this.vregRows.length : this.regRows.length;
    // The chart is as tall as its rows (scrolling beyond the space there is);
    // the pressure plot takes what is left, within limits.
    this.wrap.style.flex = "0 1 " + (TOP_H + rows * ROW_H + 24) + "px";
    this.canvas.style.width = "1px"; this.canvas.style.height = "1px";
    this.plotCanvas.style.width = "1px"; this.plotCanvas.style.height = "1px";
    const w = this.wrap.clientWidth, h = this.wrap.clientHeight;
    const fit = Math.max((w - LABEL_W - 4) / Math.max(NS, 1), 0.02);
    if (this.fitted) this.scale = Math.min(fit, 40);
    this.minScale = Math.min(fit, 40);
    this.spacer.style.width = Math.ceil(LABEL_W + NS * this.scale + 4) + "px";
    this.spacer.style.height = (TOP_H + rows * ROW_H + 4) + "px";
    const dpr = window.devicePixelRatio || 1;
    const plotH = Math.max(PLOT_H, this.plotBox.clientHeight);
    for (const [c, cw, ch] of [[this.canvas, w, h], [this.plotCanvas, this.plotBox.clientWidth, plotH]]) {
      c.width = Math.max(1, Math.round(cw * dpr)); c.height = Math.max(1, Math.round(ch * dpr));
      c.style.width = cw + "px"; c.style.height = ch + "px";
    }
    this.canvas.style.marginBottom = -h + "px";
    this.syncScroll();
    this.draw();
  }

  zoom(factor, anchorPx) {
    const w = this.wrap.clientWidth, anchor = anchorPx === undefined ? (w + LABEL_W) / 2 : anchorPx;
    const x = (this.wrap.scrollLeft + anchor - LABEL_W) / this.scale;
    this.scale = Math.max(this.minScale, Math.min(this.scale * factor, 60));
    this.fitted = this.scale === this.minScale;
    this.layout();
    this.wrap.scrollLeft = Math.max(0, x * this.scale - anchor + LABEL_W);
    this.syncScroll();
    this.draw();
  }

  requestDraw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  px(x) { return LABEL_W + x * this.scale - this.sl; }

  // Drawing reads only these cached values: reading the live ones would force a
  // style and layout pass over the whole listing on every hover.
  syncScroll() { this.sl = this.wrap.scrollLeft; this.st = this.wrap.scrollTop; }

  draw() {
    if (!this.canvas) return;
    this.drawChart();
    this.drawPlot();
    this.drawnHighlight = hlV;
  }

  drawChart() {
    const c = this.canvas, ctx = c.getContext("2d"), dpr = window.devicePixelRatio || 1;
    const w = c.width / dpr, h = c.height / dpr, sy = this.st, sc = this.scale, v = this.view;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
    const byVreg = this.mode === "vregs";
    const nrows = byVreg ? this.vregRows.length : this.regRows.length;
    const r0 = Math.max(0, Math.floor(sy / ROW_H)), r1 = Math.min(nrows, Math.ceil((sy + h - TOP_H) / ROW_H) + 1);
    const xLo = Math.max(0, Math.floor(this.sl / sc) - 1);
    const xHi = Math.min(NS, Math.ceil((this.sl + w - LABEL_W) / sc) + 1);
    const rowY = r => TOP_H + r * ROW_H - sy;
    if (!this.hatch) this.hatch = makeHatch(ctx);
    // Loop depth as a tint behind every row of the block's span.
    for (const b of blockOrder) {
      const [s, e, depth] = F.blocks[b];
      if (!depth || 2 * e < xLo || 2 * s > xHi) continue;
      ctx.fillStyle = DEPTH_COLORS[Math.min(depth, 6)] + "33";
      ctx.fillRect(this.px(2 * s), TOP_H, (e - s) * 2 * sc, h);
    }
    for (let r = r0; r < r1; r++) {
      if (r % 2) { ctx.fillStyle = "rgba(0,0,0,0.025)"; ctx.fillRect(LABEL_W, rowY(r), w, ROW_H); }
    }
    if (byVreg && hlV >= 0 && this.rowOfV[hlV] >= 0) {
      ctx.fillStyle = "#fff3bf"; ctx.fillRect(0, rowY(this.rowOfV[hlV]), w, ROW_H);
    }
    ctx.strokeStyle = "#ced4da"; ctx.lineWidth = 1;
    ctx.beginPath();
    for (const b of blockOrder) {
      const x = Math.round(this.px(2 * F.blocks[b][0])) + 0.5;
      if (x >= LABEL_W) { ctx.moveTo(x, TOP_H); ctx.lineTo(x, h); }
    }
    ctx.stroke();
    const segs = v.segments, marks = new Map();
    let lastEnd = -1;
    const bar = (x0, x1, y, fill, outline) => {
      let a = this.px(x0), wd = Math.max(1, (x1 - x0 + 1) * sc - (sc > 3 ? 1 : 0));
      // Zoomed out, a pixel column shows the first segment that reaches it:
      // a row costs at most one rectangle per pixel, however many segments.
      if (!outline) {
        if (a + wd <= lastEnd) return;
        if (a < lastEnd) { wd -= lastEnd - a; a = lastEnd; }
        lastEnd = Math.ceil(a + wd);
      }
      ctx.fillStyle = fill; ctx.fillRect(a, y + 2, wd, ROW_H - 4);
      if (outline) { ctx.strokeStyle = "#e8590c"; ctx.lineWidth = 2; ctx.strokeRect(a, y + 1, wd, ROW_H - 2); }
    };
    ctx.font = "10px system-ui, sans-serif"; ctx.textBaseline = "middle";
    const barLabel = (x0, x1, y, text) => {
      const wd = (x1 - x0 + 1) * sc;
      if (wd < text.length * 6 + 14) return;
      const lo = Math.max(this.px(x0), LABEL_W), hi = Math.min(this.px(x1 + 1), w);
      if (hi - lo < text.length * 6 + 14) return;
      const a = (lo + hi) / 2 - text.length * 3;
      ctx.fillStyle = "rgba(0,0,0,0.72)"; ctx.fillText(text, a, y + ROW_H / 2 + 0.5);
    };
    const locFill = loc => loc === LOST ? LOST_COLOR : inMem(loc) ? this.hatch : regColor[loc];
    for (let r = r0; r < r1; r++) {
      const y = rowY(r);
      lastEnd = -1;
      let copyEnd = -1;
      if (byVreg) {
        const vr = this.vregRows[r], hl = vr === hlV;
        for (const s of this.segsOfV[vr]) {
          if (segs[s + 2] < xLo || segs[s + 1] > xHi) continue;
          bar(segs[s + 1], segs[s + 2], y, locFill(segs[s + 3]), hl);
          if ((segs[s + 2] - segs[s + 1]) * sc > 24) barLabel(segs[s + 1], segs[s + 2], y, locName(segs[s + 3]));
          if (segs[s + 4] >= 0) {
            const a = this.px(segs[s + 1]), e = Math.max(a + 1, this.px(segs[s + 2] + 1));
            if (e > copyEnd) {
              ctx.fillStyle = "#495057"; ctx.fillRect(Math.max(a, copyEnd), y + ROW_H - 4, e - Math.max(a, copyEnd), 2);
              copyEnd = Math.ceil(e);
            }
          }
        }
        let lastPx = -1e9;
        for (const m of this.marksOfV[vr]) {
          const x = v.edits[m];
          if (x < xLo || x > xHi) continue;
          // Zoomed out, many edits share a pixel: one marker stands for them.
          const at = Math.round(this.px(x) + (x & 1 ? sc : 0));
          if (at - lastPx < 4) continue;
          lastPx = at;
          const cls = editClass(v.edits[m + 1], v.edits[m + 2], v.edits[m + 3]);
          if (!marks.has(cls)) marks.set(cls, []);
          marks.get(cls).push(at, y + ROW_H / 2);
        }
      } else {
        const runs = this.regRuns[r];
        for (let q = 0; q < runs.length; q += 3) {
          if (runs[q + 1] < xLo || runs[q] > xHi) continue;
          bar(runs[q], runs[q + 1], y, vregColor(runs[q + 2]), runs[q + 2] === hlV);
          if ((runs[q + 1] - runs[q]) * sc > 24) barLabel(runs[q], runs[q + 1], y, "v" + runs[q + 2]);
        }
      }
    }
    // One path per kind of edit: far cheaper than a path per marker.
    for (const [cls, points] of marks) {
      ctx.beginPath();
      const size = sc >= 2 ? 1 : 0.6;
      for (let k = 0; k < points.length; k += 2) markPath(ctx, cls, points[k], points[k + 1], size);
      ctx.fillStyle = MARK_COLORS[cls]; ctx.fill();
      // Outlines separate neighbouring markers when zoomed in; zoomed out they
      // are too dense to matter and stroking thousands of them is slow.
      if (sc >= 2) { ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.stroke(); }
    }
    if (byVreg && hlV >= 0 && this.rowOfV[hlV] >= r0 && this.rowOfV[hlV] < r1) {
      const y = rowY(this.rowOfV[hlV]);
      ctx.fillStyle = "#212529";
      for (const x of hlUses()) ctx.fillRect(this.px(x) + Math.max(sc / 2, 0.5) - 1, y, 2, 3);
    }
    if (v.error && v.error.inst >= 0) {
      ctx.fillStyle = "#e03131";
      ctx.fillRect(this.px(2 * v.error.inst), TOP_H, Math.max(2, 2 * sc), h);
    }
    // Block strip along the top, tinted by loop depth.
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, TOP_H);
    ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "middle";
    for (const b of blockOrder) {
      const [s, e, depth] = F.blocks[b];
      if (2 * e < xLo || 2 * s > xHi) continue;
      const a = this.px(2 * s), wd = (e - s) * 2 * sc;
      ctx.fillStyle = DEPTH_COLORS[Math.min(depth, 6)];
      ctx.fillRect(a, 2, Math.max(1, wd - 1), TOP_H - 5);
      if (wd > 26) { ctx.fillStyle = "#212529"; ctx.fillText("b" + b + (depth ? " ⟳" + depth : ""), a + 3, TOP_H / 2); }
    }
    // Row labels in the left gutter.
    ctx.fillStyle = "#f8f9fa"; ctx.fillRect(0, 0, LABEL_W, h);
    ctx.fillStyle = "#495057"; ctx.fillText(byVreg ? "vreg" : "location", 6, TOP_H / 2);
    ctx.font = "11px " + MONO;
    for (let r = r0; r < r1; r++) {
      const y = rowY(r);
      if (y < TOP_H - 2) continue;
      let label;
      if (byVreg) {
        const vr = this.vregRows[r];
        label = "v" + vr + " " + ENV.classNames[F.vregClass[vr]][0];
        ctx.fillStyle = vr === hlV ? "#e8590c" : "#343a40";
      } else {
        label = locName(this.regRows[r]);
        ctx.fillStyle = "#343a40";
      }
      ctx.fillText(label, 6, y + ROW_H / 2);
    }
    ctx.strokeStyle = "#dee2e6"; ctx.beginPath(); ctx.moveTo(LABEL_W - 0.5, 0); ctx.lineTo(LABEL_W - 0.5, h);
    ctx.moveTo(0, TOP_H - 0.5); ctx.lineTo(w, TOP_H - 0.5); ctx.stroke();
  }

  drawPlot() {
    const c = this.plotCanvas, ctx = c.getContext("2d"), dpr = window.devicePixelRatio || 1;
    const w = c.width / dpr, h = c.height / dpr, sc = this.scale;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
    let top = 1;
    for (const cls of F.classes) {
      top = Math.max(top, ENV.allocatable[cls].length);
      for (const n of F.pressure[cls]) if (n > top) top = n;
    }
    const y = n => h - 14 - (n / top) * (h - 24);
    ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "middle";
    F.classes.forEach((cls, k) => {
      const p = F.pressure[cls], limit = ENV.allocatable[cls].length, color = CLASS_COLORS[cls];
      // One column per pixel: the maximum pressure among the samples it covers.
      ctx.beginPath();
      let started = false;
      for (let px = LABEL_W; px < w; px++) {
        const xa = Math.floor((px - LABEL_W + this.sl) / sc);
        const xb = Math.max(xa + 1, Math.floor((px + 1 - LABEL_W + this.sl) / sc));
        if (xa >= NS) break;
        let m = 0;
        for (let x = xa; x < xb && x < NS; x++) if (p[x] > m) m = p[x];
        if (m > limit) { ctx.fillStyle = "rgba(224,49,49,0.22)"; ctx.fillRect(px, y(m), 1, y(limit) - y(m)); }
        if (!started) { ctx.moveTo(px, y(m)); started = true; } else ctx.lineTo(px, y(m));
      }
      ctx.strokeStyle = color; ctx.lineWidth = 1.5; ctx.stroke();
      ctx.setLineDash([4, 3]); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(LABEL_W, y(limit) + 0.5); ctx.lineTo(w, y(limit) + 0.5); ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = color;
      ctx.fillText(ENV.classNames[cls] + " ≤" + limit, 6, 10 + 13 * k);
    });
    ctx.fillStyle = "#f8f9fa"; ctx.fillRect(0, h - 12, w, 12);
    ctx.fillStyle = "#868e96";
    ctx.fillText("register pressure (live vregs) vs allocatable registers, dashed", LABEL_W + 4, h - 6);
    ctx.strokeStyle = "#dee2e6";
    ctx.beginPath(); ctx.moveTo(LABEL_W - 0.5, 0); ctx.lineTo(LABEL_W - 0.5, h); ctx.stroke();
  }

  at(ev) {
    const rect = this.canvas.getBoundingClientRect();
    const mx = ev.clientX - rect.left, my = ev.clientY - rect.top;
    const x = Math.floor((mx - LABEL_W + this.sl) / this.scale);
    const r = Math.floor((my - TOP_H + this.st) / ROW_H);
    return {mx, my, x, r};
  }

  vregAt(x, r) {
    if (this.mode === "vregs") return r >= 0 && r < this.vregRows.length ? this.vregRows[r] : -1;
    const runs = this.regRuns[r];
    if (!runs) return -1;
    for (let q = 0; q < runs.length; q += 3) if (runs[q] <= x && x <= runs[q + 1]) return runs[q + 2];
    return -1;
  }

  hover(ev) {
    const {mx, my, x, r} = this.at(ev);
    if (mx < LABEL_W || x < 0 || x >= NS) { tip.style.display = "none"; return; }
    const i = x >> 1, b = instBlock[i];
    let text = "inst " + i + (x & 1 ? " (after)" : " (before)") + " · block" + b + " · loop depth " + F.blocks[b][2];
    if (my >= TOP_H) {
      const vr = this.vregAt(x, r);
      if (vr >= 0) {
        setHighlight(vr);
        const loc = this.locAt(vr, x);
        text = "v" + vr + " (" + ENV.classNames[F.vregClass[vr]] + ")" +
          (loc >= -1 ? " in " + locName(loc) : " not live") + "\n" + text;
      }
    }
    tip.textContent = text;
    tip.style.display = "block";
    tip.style.left = (ev.clientX + 14) + "px"; tip.style.top = (ev.clientY + 12) + "px";
  }

  click(ev) {
    const {mx, my, x} = this.at(ev);
    if (mx < LABEL_W || x < 0 || x >= NS) return;
    if (my < TOP_H) scrollToBlock(instBlock[x >> 1]);
    else this.scrollListingTo(x >> 1);
  }

  scrollListingTo(i) {
    const el = document.getElementById(this.id + "-i" + i);
    if (!el) return;
    this.listing.scrollTop = Math.max(0, el.offsetTop - this.listing.clientHeight / 3);
    el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash");
  }

  scrollChartTo(x) {
    if (!this.wrap) return;
    const w = this.wrap.clientWidth - LABEL_W, at = x * this.scale;
    if (at < this.wrap.scrollLeft || at > this.wrap.scrollLeft + w) this.wrap.scrollLeft = Math.max(0, at - w / 4);
    this.syncScroll();
  }

  scrollChartToVreg(vr) {
    if (!this.wrap || this.mode !== "vregs" || this.rowOfV[vr] < 0) return;
    const y = this.rowOfV[vr] * ROW_H, h = this.wrap.clientHeight - TOP_H;
    if (y < this.wrap.scrollTop || y > this.wrap.scrollTop + h - ROW_H) this.wrap.scrollTop = Math.max(0, y - h / 3);
    this.syncScroll();
  }
}

function makeHatch(ctx) {
  const t = document.createElement("canvas");
  t.width = 6; t.height = 6;
  const g = t.getContext("2d");
  g.fillStyle = "#dee2e6"; g.fillRect(0, 0, 6, 6);
  g.strokeStyle = "#868e96"; g.lineWidth = 1.2;
  g.beginPath();
  g.moveTo(0, 6); g.lineTo(6, 0); g.moveTo(-3, 3); g.lineTo(3, -3); g.moveTo(3, 9); g.lineTo(9, 3);
  g.stroke();
  return ctx.createPattern(t, "repeat");
}

function markPath(ctx, cls, x, y, k) {
  if (cls === "spill" || cls === "pair-store") {
    ctx.moveTo(x - 4 * k, y - 4 * k); ctx.lineTo(x + 4 * k, y - 4 * k); ctx.lineTo(x, y + 3 * k);
  } else if (cls === "reload" || cls === "pair-load") {
    ctx.moveTo(x - 4 * k, y + 4 * k); ctx.lineTo(x + 4 * k, y + 4 * k); ctx.lineTo(x, y - 3 * k);
  } else if (cls === "remat") {
    ctx.moveTo(x + 3.2 * k, y); ctx.arc(x, y, 3.2 * k, 0, 7);
  } else {
    ctx.moveTo(x, y - 4 * k); ctx.lineTo(x + 4 * k, y); ctx.lineTo(x, y + 4 * k); ctx.lineTo(x - 4 * k, y);
  }
  ctx.closePath();
}

function fmtTime(s) { return s < 1 ? (s * 1000).toFixed(s < 0.01 ? 2 : 1) + " ms" : s.toFixed(2) + " s"; }

function scrollToBlock(b) {
  for (const p of panes) {
    if (!p.listing) continue;
    const el = document.getElementById(p.id + "-b" + b);
    if (el) p.listing.scrollTop = el.offsetTop;
    p.scrollChartTo(2 * F.blocks[b][0]);
  }
}

function headerHtml() {
  const named = F.name && D.title.includes(F.name) ? "" : "function <b>" + esc(F.name || "?") + "</b> · ";
  const parts = ["<h1>" + esc(D.title) + "</h1><span class='sub'>" + named +
    NI + " insts · " + F.blocks.length + " blocks · " + F.nVregs + " vregs · env " + esc(ENV.name || "custom") +
    "</span>"];
  const vs = D.views.filter(v => v.cost);
  if (D.views.length > 1 && vs.length > 1) {
    const cols = [["weighted cost", "weighted_cost"], ["static", "static_cost"], ["spills", "spill_stores"],
      ["reloads", "reloads"], ["moves", "reg_moves"], ["slots", "spillslots"]];
    const best = cols.map(([, key]) => Math.min(...vs.map(v => v.cost[key])));
    let t = "<table class='compare'><tr><th></th>" + cols.map(([name]) => "<th>" + name + "</th>").join("") +
      "<th>time</th><th>checker</th></tr>";
    for (const v of D.views) {
      t += "<tr><th>" + esc(v.label) + "</th>" + cols.map(([, key], k) => {
        const x = v.cost ? v.cost[key] : null;
        return "<td" + (x === best[k] ? " class='best'" : "") + ">" + (x === null ? "&ndash;" : x) + "</td>";
      }).join("") + "<td>" + (v.seconds === null ? "n/a" : fmtTime(v.seconds)) + "</td><td>" +
        (v.error ? "FAILED" : v.allocs ? "ok" : "&ndash;") + "</td></tr>";
    }
    parts.push(t + "</table>");
  }
  return parts.join("");
}

function init() {
  const header = document.createElement("header");
  header.className = "top";
  header.innerHTML = headerHtml();
  document.body.insertBefore(header, document.getElementById("app"));
  const app = document.getElementById("app");
  const nav = document.createElement("nav");
  nav.className = "blocks";
  nav.innerHTML = "<h2>Blocks</h2>" + blockOrder.map(b => {
    const [s, e, depth, , , reach] = F.blocks[b];
    return "<a data-b='" + b + "' class='d" + Math.min(depth, 3) + (reach ? "" : " unreach") + "' title='loop depth " +
      depth + "'>b" + b + "<span class='n'>" + (e - s) + "</span></a>";
  }).join("");
  nav.addEventListener("click", ev => { const a = ev.target.closest("a"); if (a) scrollToBlock(+a.dataset.b); });
  app.appendChild(nav);
  const root = document.createElement("div");
  root.className = "panes";
  app.appendChild(root);
  const stacked = D.views.length > 1;
  D.views.forEach((view, k) => panes.push(new Pane(view, k, root, stacked)));
  document.addEventListener("mouseover", ev => {
    const el = ev.target.closest && ev.target.closest("[data-v]");
    if (el) setHighlight(+el.dataset.v);
  });
  MONO = getComputedStyle(document.body).getPropertyValue("--mono") || MONO;
  for (const p of panes) if (p.canvas) p.layout();
  window.addEventListener("resize", () => { for (const p of panes) if (p.canvas) p.layout(); });
  const firstErr = panes.find(p => p.view.error && p.view.error.inst >= 0);
  if (firstErr) firstErr.scrollListingTo(firstErr.view.error.inst);
}

function inkPixels(c) {
  const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let k = 0; k < data.length; k += 4) if (data[k] < 235 || data[k + 1] < 235 || data[k + 2] < 235) n++;
  return n;
}

function selftest(loadMs) {
  const r = {loadMs: loadMs, views: panes.length, errorBanners: document.querySelectorAll(".err-banner").length,
    errorLines: document.querySelectorAll(".ln.err").length, panes: [],
    errorText: [...document.querySelectorAll(".err-banner")].map(e => e.textContent).join("\n"),
    errorInsts: [...document.querySelectorAll(".ln.err")].map(e => +e.dataset.i)};
  for (const p of panes) {
    if (!p.listing) { r.panes.push({failed: true}); continue; }
    r.panes.push({listingInsts: p.listing.querySelectorAll(".ln.in").length,
      listingEdits: p.listing.querySelectorAll(".ln.ed").length,
      listingBlocks: p.listing.querySelectorAll(".bh").length,
      chartRows: p.vregRows.length, chartInk: inkPixels(p.canvas), plotInk: inkPixels(p.plotCanvas)});
  }
  const p = panes.find(q => q.listing);
  if (p) {
    const target = p.listing.querySelector(".op[data-v]");
    const v = +target.dataset.v;
    const hoverStart = performance.now();
    target.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    const hoverMs = performance.now() - hoverStart;
    const all = [...document.querySelectorAll("[data-v='" + v + "']")];
    r.hover = {vreg: v, elements: all.length, highlighted: all.filter(e => e.classList.contains("hl")).length,
      others: document.querySelectorAll(".hl").length - all.filter(e => e.classList.contains("hl")).length,
      chartHighlight: p.drawnHighlight, ms: hoverMs};
    // Hover the chart on the last row's first segment: the listing follows.
    const w = p.vregRows[p.vregRows.length - 1];
    p.wrap.scrollTop = p.wrap.scrollHeight;
    p.syncScroll();
    p.draw();
    const s = p.segsOfV[w][0], rect = p.canvas.getBoundingClientRect();
    const cx = rect.left + p.px(p.view.segments[s + 1]) + Math.max(p.scale / 2, 0.5);
    const cy = rect.top + TOP_H + p.rowOfV[w] * ROW_H - p.st + ROW_H / 2;
    p.canvas.dispatchEvent(new MouseEvent("mousemove", {bubbles: true, clientX: cx, clientY: cy}));
    const wEls = [...vregElements(w)];
    r.chartHover = {vreg: w, current: hlV, elements: wEls.length,
      highlighted: wEls.filter(e => e.classList.contains("hl")).length};
    const last = blockOrder[blockOrder.length - 1];
    p.listing.scrollTop = 0;
    const link = document.querySelector("nav.blocks a[data-b='" + last + "']");
    link.dispatchEvent(new MouseEvent("click", {bubbles: true}));
    const blockEl = document.getElementById(p.id + "-b" + last);
    const box = p.listing.getBoundingClientRect(), at = blockEl.getBoundingClientRect();
    r.blockClick = {block: last, listingScrollTop: p.listing.scrollTop,
      scrollable: p.listing.scrollHeight > p.listing.clientHeight,
      headerVisible: at.top >= box.top - 1 && at.top + 16 <= box.bottom + 1};
  }
  r.errors = scriptErrors;
  const out = document.createElement("pre");
  out.id = "selftest";
  out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
}

try { init(); } catch (e) {
  // Say so on the page rather than leave it blank.
  scriptErrors.push(String(e && e.stack || e));
  document.body.insertAdjacentHTML("afterbegin", "<div class='failure'>The report could not be drawn: " +
    esc(String(e)) + "</div>");
}
const LOAD_MS = performance.now();
document.body.dataset.renderMs = String(Math.round(LOAD_MS - T0));
if (location.hash === "#selftest") {
  try { selftest(LOAD_MS); } catch (e) {
    const out = document.createElement("pre");
    out.id = "selftest";
    out.textContent = JSON.stringify({errors: [...scriptErrors, String(e && e.stack || e)]});
    document.body.appendChild(out);
  }
}
else if (/^#v\d+$/.test(location.hash)) {
  const v = +location.hash.slice(2);
  setHighlight(v);
  for (const p of panes) p.scrollChartToVreg(v);
}
"""
