// The page: intake (file, text, URL), result views, review actions, history, downloads.
(function () {
  "use strict";
  const { api, dom, reportText, results } = globalThis.TTP;
  const { h, fmtScore, fmtDate } = dom;
  const $ = (id) => document.getElementById(id);
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  const state = {
    health: null,
    attack: null,
    tacticName: new Map(),
    techniqueById: new Map(),
    analysis: null,
    minScore: 0.5,
    selected: null,
    selection: null,
    running: null,
    history: { q: "", items: [], total: 0 },
  };

  // ---------- errors and progress ----------

  function showError(e) {
    $("error-text").textContent = e instanceof Error ? e.message : String(e);
    $("error").hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
  }

  function progress(text, fraction) {
    $("progress").hidden = false;
    $("progress-text").textContent = text;
    const bar = $("progress-bar");
    if (fraction === undefined) bar.removeAttribute("value");
    else bar.value = fraction;
  }

  function mb(bytes) {
    return `${(bytes / 1048576).toFixed(1)} MB`;
  }

  // ---------- server and ATT&CK ----------

  async function connect() {
    try {
      state.health = await api.health();
      const hl = state.health;
      $("server-status").textContent =
        `${hl.model.name} ${hl.model.version} · ATT&CK ${hl.attack.version}`;
      $("server-status").classList.remove("bad");
      state.attack = await api.attack();
      for (const t of state.attack.tactics) state.tacticName.set(t.shortname, t.name);
      const options = document.createDocumentFragment();
      for (const t of state.attack.techniques) {
        state.techniqueById.set(t.id, t);
        options.append(h("option", { value: `${t.id} ${t.name}` }));
      }
      $("technique-options").replaceChildren(options);
      return true;
    } catch (e) {
      $("server-status").textContent = "Server not reachable";
      $("server-status").classList.add("bad");
      showError(e);
      return false;
    }
  }

  // ---------- intake ----------

  function selectTab(tab) {
    for (const t of document.querySelectorAll('[role="tab"]')) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
  }

  function setupTabs() {
    const tabs = [...document.querySelectorAll('[role="tab"]')];
    tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => selectTab(tab));
      tab.addEventListener("keydown", (e) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
        if (!step) return;
        const next = tabs[(i + step + tabs.length) % tabs.length];
        selectTab(next);
        next.focus();
        e.preventDefault();
      });
    });
  }

  function setBusy(busy) {
    for (const el of document.querySelectorAll("#file, .intake button[type=submit]")) {
      el.disabled = busy;
    }
    $("drop").classList.toggle("busy", busy);
  }

  async function runAnalysis(body, label) {
    if (state.running) return;
    clearError();
    const started = Date.now();
    const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
    let last = { phase: "send" };
    const show = () => {
      const p = last;
      if (p.phase === "upload" && p.total) {
        progress(
          `Uploading ${label}… ${mb(p.loaded)} of ${mb(p.total)} (${seconds()})`,
          p.loaded / p.total,
        );
      } else if (p.phase === "analyse") {
        progress(
          `Analysing ${label}: extracting the text and scoring every sentence… ${seconds()}`,
        );
      } else progress(`Sending ${label}… ${seconds()}`);
    };
    const tick = setInterval(show, 1000);
    const job = api.analyze(body, (p) => {
      last = p;
      show();
    });
    state.running = job;
    setBusy(true);
    show();
    try {
      const result = await job.promise;
      if (!result.analysis) {
        showError("This server keeps no history, so the result cannot be reviewed here.");
        return;
      }
      await openAnalysis(result.analysis.id, { reused: result.analysis.reused });
      refreshHistory();
    } catch (e) {
      if (e.status !== -1) showError(e);
    } finally {
      clearInterval(tick);
      state.running = null;
      setBusy(false);
      $("progress").hidden = true;
    }
  }

  function analyseFile(file) {
    if (!file) return;
    const max = state.health?.maxUploadBytes;
    if (max && file.size > max) {
      showError(`"${file.name}" is ${mb(file.size)}; the server accepts up to ${mb(max)}.`);
      return;
    }
    const form = new FormData();
    form.set("file", file, file.name);
    runAnalysis(form, `"${file.name}"`);
  }

  function setupIntake() {
    setupTabs();
    const input = $("file");
    input.addEventListener("change", () => {
      analyseFile(input.files[0]);
      input.value = "";
    });
    const drop = $("drop");
    for (const ev of ["dragenter", "dragover"]) {
      drop.addEventListener(ev, (e) => {
        e.preventDefault();
        drop.classList.add("over");
      });
    }
    for (const ev of ["dragleave", "drop"]) {
      drop.addEventListener(ev, () => drop.classList.remove("over"));
    }
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      analyseFile(e.dataTransfer.files[0]);
    });
    // A file dropped next to the zone should not make the browser navigate away.
    document.addEventListener("dragover", (e) => e.preventDefault());
    document.addEventListener("drop", (e) => {
      e.preventDefault();
      if (!drop.contains(e.target)) analyseFile(e.dataTransfer?.files[0]);
    });
    $("panel-text").addEventListener("submit", (e) => {
      e.preventDefault();
      const text = $("text-input").value;
      const name = $("text-name").value.trim() || "pasted text";
      runAnalysis({ text, name }, `"${name}"`);
    });
    $("panel-url").addEventListener("submit", (e) => {
      e.preventDefault();
      const url = $("url-input").value.trim();
      runAnalysis({ url }, url);
    });
    $("cancel").addEventListener("click", () => state.running?.abort());
    $("error-close").addEventListener("click", clearError);
  }

  // ---------- result ----------

  function visibleTechniques() {
    const a = state.analysis;
    return a.techniques.filter((t) =>
      t.review?.decision === "accepted" || t.review?.decision === "added" ||
      t.review?.decision === "rejected" || t.score >= state.minScore
    );
  }

  function keptTechniques() {
    return visibleTechniques().filter((t) => t.review?.decision !== "rejected");
  }

  async function openAnalysis(id, opts = {}) {
    clearError();
    let analysis;
    try {
      analysis = await api.get(id);
    } catch (e) {
      showError(e);
      if (e.status === 404) history.replaceState(null, "", location.pathname + location.search);
      return;
    }
    const sameAnalysis = state.analysis?.id === analysis.id;
    state.analysis = analysis;
    if (!sameAnalysis) {
      state.selected = null;
      state.selection = null;
      $("add-evidence").value = "";
      state.minScore = opts.minScore ?? analysis.threshold;
    }
    const slider = $("min-score");
    slider.min = String(Math.min(analysis.candidateFloor, analysis.threshold));
    slider.value = String(state.minScore);
    $("reused").hidden = !opts.reused;
    $("reused-text").textContent = opts.reused
      ? `This report was analysed before (${
        fmtDate(analysis.createdAt)
      }); showing that analysis with its review.`
      : "";
    setHash();
    renderResult({ text: !sameAnalysis || opts.text });
    $("result").hidden = false;
    markCurrentInHistory();
    if (!sameAnalysis) $("result-title").focus({ preventScroll: false });
  }

  function setHash() {
    if (!state.analysis) return;
    const hash = `#analysis=${state.analysis.id}&min=${state.minScore.toFixed(2)}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function renderResult(opts = {}) {
    const a = state.analysis;
    const src = a.source;
    $("result-title").textContent = src.title || src.name;
    $("result-title").title = src.title || src.name;
    $("result-meta").textContent = [
      src.name,
      src.type.toUpperCase(),
      `${src.chars.toLocaleString()} characters`,
      `analysed ${fmtDate(a.createdAt)}`,
      `${a.model.name} ${a.model.version}`,
      `ATT&CK ${a.attack.version}`,
      src.sha256 ? `SHA-256 ${src.sha256.slice(0, 12)}…` : null,
    ].filter(Boolean).join(" · ");
    $("min-score-value").textContent = fmtScore(state.minScore);
    $("min-reset").textContent = `Model threshold (${fmtScore(a.threshold)})`;
    $("min-reset").disabled = Math.abs(state.minScore - a.threshold) < 0.005;

    const shown = visibleTechniques();
    const kept = shown.filter((t) => t.review?.decision !== "rejected");
    const count = (d) => a.techniques.filter((t) => t.review?.decision === d).length;
    const below = a.techniques.filter((t) => t.score < state.minScore && !t.review).length;
    $("counts").textContent = `${kept.length} techniques kept · ${count("accepted")} accepted · ${
      count("rejected")
    } rejected · ${count("added")} added · ${below} candidates below the threshold`;
    $("matrix-note").textContent = `· ${plural(kept.length, "technique")}`;
    $("legend-min").textContent = fmtScore(state.minScore);
    $("legend-bar").style.background = `linear-gradient(to right, ${
      dom.heat(state.minScore).background
    }, ${dom.heat(1).background})`;

    for (const f of ["navigator", "stix", "csv", "md", "json"]) {
      $(`dl-${f}`).setAttribute("href", api.exportUrl(a.id, f, state.minScore));
    }
    const tactics = state.attack?.tactics ?? [];
    results.renderMatrix($("matrix"), {
      tactics,
      techniques: kept,
      minScore: state.minScore,
      selected: state.selected,
      onSelect: select,
    });
    results.renderList($("list"), {
      tactics,
      techniques: shown,
      minScore: state.minScore,
      selected: state.selected,
      canReview: true,
      tacticName: (s) => state.tacticName.get(s) ?? s,
      onSelect: select,
      onEvidence: (id, start) => {
        select(id, "evidence");
        reportText.scrollTo($("report"), start);
      },
      onDecide: decide,
      onClear: clearDecision,
    });
    if (opts.text !== false) renderText();
  }

  function renderText() {
    const a = state.analysis;
    const spans = keptTechniques().flatMap((t) =>
      t.evidence.map((e) => ({ start: e.start, end: e.end, id: t.id, label: `${t.id} ${t.name}` }))
    );
    const report = $("report");
    report.dataset.length = String(a.text.length);
    reportText.render(report, a.text, spans);
    reportText.select(report, state.selected);
  }

  function select(id, from) {
    state.selected = state.selected === id && from !== "evidence" && from !== "text" ? null : id;
    for (const el of document.querySelectorAll(".mx-cell, .tech")) {
      el.classList.toggle("sel", el.dataset.id === state.selected);
    }
    for (const el of document.querySelectorAll(".mx-cell")) {
      el.setAttribute("aria-pressed", String(el.dataset.id === state.selected));
    }
    for (const el of document.querySelectorAll(".tech")) {
      el.querySelector(".tech-select")?.setAttribute(
        "aria-pressed",
        String(el.dataset.id === state.selected),
      );
    }
    reportText.select($("report"), state.selected);
    if (!state.selected) return;
    const t = state.analysis.techniques.find((x) => x.id === state.selected);
    if (from !== "list" && from !== "evidence") {
      $(`tech-${CSS.escape(state.selected)}`)?.scrollIntoView({
        block: "nearest",
        behavior: "smooth",
      });
    }
    if (from !== "evidence" && from !== "text" && t?.evidence[0]) {
      reportText.scrollTo($("report"), t.evidence[0].start);
    }
  }

  // ---------- review ----------

  function reviewer() {
    return $("reviewer").value.trim() || undefined;
  }

  async function afterChange(focusId) {
    await openAnalysis(state.analysis.id, { text: true });
    refreshHistory();
    if (focusId) {
      const card = $(`tech-${CSS.escape(focusId)}`);
      card?.querySelector(".actions .btn")?.focus({ preventScroll: true });
    }
  }

  async function decide(t, decision) {
    clearError();
    try {
      if (t.review?.decision === decision) await api.clear(state.analysis.id, t.id, reviewer());
      else {
        await api.decide(state.analysis.id, { techniqueId: t.id, decision, reviewer: reviewer() });
      }
      await afterChange(t.id);
    } catch (e) {
      showError(e);
    }
  }

  async function clearDecision(t) {
    clearError();
    try {
      await api.clear(state.analysis.id, t.id, reviewer());
      await afterChange(t.review?.decision === "added" ? null : t.id);
    } catch (e) {
      showError(e);
    }
  }

  function techniqueFromInput(value) {
    const v = value.trim();
    const id = /^T\d{4}(\.\d{3})?/i.exec(v)?.[0]?.toUpperCase();
    if (id) return id;
    const byName = state.attack?.techniques.filter((t) => t.name.toLowerCase() === v.toLowerCase());
    return byName?.length === 1 ? byName[0].id : null;
  }

  function setupAddForm() {
    const report = $("report");
    const capture = () => {
      const sel = reportText.selection(report);
      if (!sel) return;
      state.selection = sel;
      $("add-evidence").value = state.analysis.text.slice(sel.start, sel.end).replace(/\s+/g, " ");
    };
    report.addEventListener("mouseup", capture);
    report.addEventListener("keyup", capture);
    report.addEventListener("click", (e) => {
      const mark = e.target.closest?.("mark.ev");
      if (!mark || !globalThis.getSelection().isCollapsed) return;
      const ids = mark.dataset.ids.split(",");
      const next = ids[(ids.indexOf(state.selected) + 1) % ids.length];
      select(next, "text");
      $(`tech-${CSS.escape(next)}`)?.scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
    $("add-evidence").addEventListener("input", () => (state.selection = null));
    $("add-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      clearError();
      const a = state.analysis;
      const techniqueId = techniqueFromInput($("add-technique").value);
      if (!techniqueId) {
        showError("Name the technique by its ATT&CK ID (e.g. T1486) or pick one from the list.");
        $("add-technique").focus();
        return;
      }
      const span = state.selection ?? reportText.find(a.text, $("add-evidence").value);
      if (!span) {
        showError("That evidence phrase is not in the report text. Select it in the text instead.");
        $("add-evidence").focus();
        return;
      }
      try {
        await api.add(a.id, {
          techniqueId,
          start: span.start,
          end: span.end,
          reviewer: reviewer(),
        });
        $("add-technique").value = "";
        $("add-evidence").value = "";
        state.selection = null;
        state.selected = techniqueId;
        await afterChange(null);
        select(techniqueId, "text");
        $(`tech-${CSS.escape(techniqueId)}`)?.scrollIntoView({ block: "nearest" });
      } catch (err) {
        showError(err);
      }
    });
  }

  function setupResultControls() {
    const slider = $("min-score");
    slider.addEventListener("input", () => {
      state.minScore = Number(slider.value);
      $("min-score-value").textContent = fmtScore(state.minScore);
      renderResult({ text: false });
    });
    // Re-highlighting long texts on every slider step is slow; do it when the slider stops.
    slider.addEventListener("change", () => {
      renderText();
      setHash();
    });
    $("min-reset").addEventListener("click", () => {
      state.minScore = state.analysis.threshold;
      slider.value = String(state.minScore);
      renderResult();
      setHash();
    });
    $("reanalyze").addEventListener("click", () => reanalyse());
    $("delete").addEventListener("click", () => removeAnalysis(state.analysis));
  }

  function reanalyse() {
    const a = state.analysis;
    if (a.source.url) runAnalysis({ url: a.source.url, reanalyze: true }, a.source.url);
    else if (a.source.type === "text") {
      runAnalysis({ text: a.text, name: a.source.name, reanalyze: true }, `"${a.source.name}"`);
    } else {
      // The original file is not kept; its extracted text is analysed instead.
      runAnalysis({ text: a.text, name: a.source.name, reanalyze: true }, `"${a.source.name}"`);
    }
  }

  async function removeAnalysis(a) {
    const name = a.source.title || a.source.name;
    if (!confirm(`Delete the analysis of "${name}" and its review? This cannot be undone.`)) return;
    try {
      await api.remove(a.id);
      if (state.analysis?.id === a.id) {
        state.analysis = null;
        $("result").hidden = true;
        history.replaceState(null, "", location.pathname + location.search);
      }
      refreshHistory();
    } catch (e) {
      showError(e);
    }
  }

  // ---------- history ----------

  async function refreshHistory(more = false) {
    try {
      const offset = more ? state.history.items.length : 0;
      const page = await api.list(state.history.q, offset);
      state.history.items = more ? [...state.history.items, ...page.items] : page.items;
      state.history.total = page.total;
      renderHistory();
    } catch (e) {
      if (e.status !== 0) showError(e);
    }
  }

  function renderHistory() {
    const list = $("history-list");
    const { items, total } = state.history;
    list.replaceChildren(...items.map((a) => {
      const r = a.reviews;
      const reviewed = r.accepted + r.rejected + r.added;
      return h(
        "li",
        { dataset: { id: String(a.id) } },
        h(
          "a",
          {
            href: `#analysis=${a.id}`,
            class: "history-item",
            "aria-current": state.analysis?.id === a.id ? "true" : "false",
          },
          h(
            "span",
            { class: "history-name", title: a.source.title || a.source.name },
            a.source.title || a.source.name,
          ),
          h(
            "span",
            { class: "history-meta" },
            `${fmtDate(a.createdAt)} · ${a.source.type.toUpperCase()} · ${
              plural(a.techniques, "technique")
            }`,
            reviewed ? ` · ${reviewed} reviewed` : "",
          ),
        ),
      );
    }));
    $("history-empty").hidden = items.length > 0;
    $("history-more").hidden = items.length >= total;
  }

  function markCurrentInHistory() {
    for (const a of document.querySelectorAll(".history-item")) {
      a.setAttribute(
        "aria-current",
        String(a.closest("li").dataset.id === String(state.analysis?.id)),
      );
    }
  }

  function setupHistory() {
    let timer;
    $("history-search").addEventListener("input", (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        state.history.q = e.target.value.trim();
        refreshHistory();
      }, 250);
    });
    $("history-more").addEventListener("click", () => refreshHistory(true));
  }

  // ---------- routing ----------

  function fromHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const id = Number(p.get("analysis"));
    const min = p.get("min");
    if (id > 0 && id !== state.analysis?.id) {
      openAnalysis(id, { minScore: min === null ? undefined : Number(min) });
    }
    if (!p.get("analysis") && state.analysis) {
      state.analysis = null;
      $("result").hidden = true;
      markCurrentInHistory();
    }
  }

  async function main() {
    const reviewerInput = $("reviewer");
    reviewerInput.value = localStorage.getItem("ttp.reviewer") ?? "";
    reviewerInput.addEventListener("change", () => {
      localStorage.setItem("ttp.reviewer", reviewerInput.value.trim());
    });
    setupIntake();
    setupResultControls();
    setupAddForm();
    setupHistory();
    $("home").addEventListener("click", (e) => {
      e.preventDefault();
      history.replaceState(null, "", location.pathname + location.search);
      fromHash();
      $("main").focus();
    });
    globalThis.addEventListener("hashchange", fromHash);
    if (await connect()) {
      refreshHistory();
      fromHash();
    }
  }

  main();
})();
