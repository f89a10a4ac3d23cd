// The report text with evidence sentences highlighted, and text selections as offsets.
(function () {
  "use strict";
  const TTP = (globalThis.TTP = globalThis.TTP || {});
  const { h } = TTP.dom;

  /**
   * Render `text` into `container` as segments, each carrying its start offset in data-o;
   * segments covered by evidence are <mark>s listing their technique IDs in data-ids.
   * spans: [{start, end, id, label}].
   */
  function render(container, text, spans) {
    const points = new Set([0, text.length]);
    for (const s of spans) {
      points.add(Math.max(0, Math.min(text.length, s.start)));
      points.add(Math.max(0, Math.min(text.length, s.end)));
    }
    const sorted = [...points].sort((a, b) => a - b);
    const starts = new Map(), ends = new Map();
    for (const s of spans) {
      (starts.get(s.start) ?? starts.set(s.start, []).get(s.start)).push(s);
      (ends.get(s.end) ?? ends.set(s.end, []).get(s.end)).push(s);
    }
    const active = new Map();
    const frag = document.createDocumentFragment();
    for (let i = 0; i < sorted.length - 1; i++) {
      const a = sorted[i], b = sorted[i + 1];
      for (const s of ends.get(a) ?? []) active.set(s.id, (active.get(s.id) ?? 1) - 1);
      for (const s of starts.get(a) ?? []) active.set(s.id, (active.get(s.id) ?? 0) + 1);
      for (const [id, n] of active) if (n <= 0) active.delete(id);
      if (b <= a) continue;
      const chunk = text.slice(a, b);
      if (active.size === 0) {
        frag.append(h("span", { dataset: { o: String(a) } }, chunk));
      } else {
        const ids = [...active.keys()];
        const labels = spans.filter((s) => active.has(s.id)).map((s) => s.label);
        frag.append(
          h("mark", {
            class: "ev",
            dataset: { o: String(a), ids: ids.join(",") },
            title: [...new Set(labels)].join("\n"),
          }, chunk),
        );
      }
    }
    container.replaceChildren(frag);
  }

  /** Mark the evidence of one technique (or none) as selected. */
  function select(container, id) {
    for (const m of container.querySelectorAll("mark.ev")) {
      m.classList.toggle("sel", !!id && m.dataset.ids.split(",").includes(id));
    }
  }

  /** Scroll the segment holding `offset` into view and flash it. */
  function scrollTo(container, offset) {
    let target = null;
    for (const el of container.querySelectorAll("[data-o]")) {
      if (Number(el.dataset.o) > offset) break;
      target = el;
    }
    if (!target) return;
    // Scroll the text pane only: scrollIntoView would also move the page away from the list.
    const top = target.offsetTop - container.clientHeight / 3;
    container.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
    target.classList.remove("flash");
    void target.offsetWidth; // restart the animation
    target.classList.add("flash");
  }

  function offsetOf(container, node, offset) {
    let seg = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    if (seg === container) {
      // Selection boundary between segments: the child at `offset` starts there.
      const child = container.childNodes[offset];
      return child ? Number(child.dataset?.o ?? 0) : Number(container.dataset.length ?? 0);
    }
    seg = seg?.closest?.("[data-o]");
    if (!seg || !container.contains(seg)) return null;
    return Number(seg.dataset.o) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }

  /** The current text selection inside `container` as {start, end}, or null. */
  function selection(container) {
    const sel = globalThis.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    if (!container.contains(r.commonAncestorContainer)) return null;
    const start = offsetOf(container, r.startContainer, r.startOffset);
    const end = offsetOf(container, r.endContainer, r.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start, end };
  }

  /** Find a phrase typed by the analyst in the text, ignoring case and runs of whitespace. */
  function find(text, phrase) {
    const words = phrase.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return null;
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const m = new RegExp(escaped.join("\\s+"), "i").exec(text);
    return m ? { start: m.index, end: m.index + m[0].length } : null;
  }

  TTP.reportText = { render, select, scrollTo, selection, find };
})();
