// DOM helpers. Report text and every value from the API go through textContent or
// setAttribute, never innerHTML: reports carry hostile strings.
(function () {
  "use strict";
  const TTP = (globalThis.TTP = globalThis.TTP || {});

  /** Only http(s) links are rendered as links; anything else (javascript:, data:) is dropped. */
  function safeUrl(url) {
    try {
      const u = new URL(String(url));
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch {
      return null;
    }
  }

  /**
   * Create an element. attrs: class, text, dataset, on<event> handlers, boolean properties
   * (hidden, disabled, checked), anything else as an attribute. Children: nodes or strings
   * (strings become text nodes).
   */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = String(v);
      else if (k === "dataset") Object.assign(el.dataset, v);
      else if (k.startsWith("on") && typeof v === "function") {
        el.addEventListener(k.slice(2), v);
      } else if (k === "href") {
        const url = v.startsWith("#") || v.startsWith("/") ? v : safeUrl(v);
        if (url) el.setAttribute("href", url);
      } else if (typeof v === "boolean") el[k] = v;
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }

  /** Replace an element's children. */
  function replace(el, ...children) {
    el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  }

  /** Score as shown to analysts: two decimals. */
  function fmtScore(x) {
    return Number(x).toFixed(2);
  }

  /** A readable local date and time. */
  function fmtDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  }

  /** Background and text colours of a score heat cell (0 = pale, 1 = deep red). */
  function heat(score) {
    const s = Math.max(0, Math.min(1, Number(score)));
    const light = 94 - s * 52;
    return {
      background: `hsl(${24 - s * 20} 90% ${light}%)`,
      color: light < 62 ? "#fff" : "#2a1608",
    };
  }

  /** ATT&CK page of a technique ID. */
  function attackUrl(id) {
    return /^T\d{4}(\.\d{3})?$/.test(id)
      ? `https://attack.mitre.org/techniques/${id.replace(".", "/")}/`
      : null;
  }

  TTP.dom = { h, replace, safeUrl, fmtScore, fmtDate, heat, attackUrl };
})();
