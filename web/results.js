// The ATT&CK matrix (tactics as columns, techniques shaded by score) and the list by tactic.
(function () {
  "use strict";
  const TTP = (globalThis.TTP = globalThis.TTP || {});
  const { h, fmtScore, fmtDate, heat, attackUrl } = TTP.dom;

  const STATUS = {
    accepted: { label: "Accepted", mark: "✓" },
    rejected: { label: "Rejected", mark: "✕" },
    added: { label: "Added by analyst", mark: "+" },
  };

  /** Label of a technique's status for screen readers and tooltips. */
  function statusOf(t, minScore) {
    const d = t.review?.decision;
    if (d) return STATUS[d].label;
    return t.score >= minScore ? "Not reviewed" : "Below threshold";
  }

  /**
   * The matrix: one column per tactic in matrix order; each detected technique is a button
   * shaded by its score. opts: {tactics, techniques, minScore, selected, onSelect}.
   */
  function renderMatrix(container, opts) {
    const byTactic = new Map(opts.tactics.map((t) => [t.shortname, []]));
    for (const t of opts.techniques) {
      for (const tactic of t.tactics) byTactic.get(tactic)?.push(t);
    }
    const columns = opts.tactics.map((tactic) => {
      const list = byTactic.get(tactic.shortname).sort((a, b) => b.score - a.score);
      const headingId = `mx-${tactic.shortname}`;
      return h(
        "section",
        { class: `mx-col${list.length ? "" : " empty"}`, "aria-labelledby": headingId },
        h(
          "h4",
          { id: headingId, title: `${tactic.id} ${tactic.name}` },
          h("span", { class: "mx-tactic" }, tactic.name),
          h("span", { class: "mx-count" }, `${list.length} found`),
        ),
        list.length
          ? h(
            "ul",
            {},
            list.map((t) => {
              const d = t.review?.decision;
              const colors = heat(d === "added" ? 1 : t.score);
              return h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: `mx-cell${d ? ` ${d}` : ""}${t.id === opts.selected ? " sel" : ""}`,
                    style: `background:${colors.background};color:${colors.color}`,
                    dataset: { id: t.id },
                    "aria-pressed": t.id === opts.selected ? "true" : "false",
                    title: `${t.id} ${t.name}\nscore ${fmtScore(t.score)} · ${
                      statusOf(t, opts.minScore)
                    }`,
                    onclick: () => opts.onSelect(t.id, "matrix"),
                  },
                  h("span", { class: "mx-id" }, t.id, d ? ` ${STATUS[d].mark}` : ""),
                  h("span", { class: "mx-name" }, t.name),
                  h("span", { class: "visually-hidden" }, `, ${statusOf(t, opts.minScore)}`),
                ),
              );
            }),
          )
          : h("p", { class: "mx-none" }, "–"),
      );
    });
    // Empty tactics keep their place in the matrix but give their width to busy ones.
    container.style.gridTemplateColumns = opts.tactics.map((t) =>
      byTactic.get(t.shortname).length ? "minmax(5.2rem, 1fr)" : "2rem"
    ).join(" ");
    container.replaceChildren(...columns);
  }

  function reviewLine(review) {
    if (!review) return null;
    const who = review.reviewer ? ` by ${review.reviewer}` : "";
    return h(
      "p",
      { class: `review-line ${review.decision}` },
      `${STATUS[review.decision].label}${who} · ${fmtDate(review.decidedAt)}`,
      review.note ? ` — ${review.note}` : "",
    );
  }

  function card(t, opts) {
    const d = t.review?.decision;
    const url = attackUrl(t.id);
    const tacticNames = t.tactics.map((s) => opts.tacticName(s));
    const pressed = (x) => (d === x ? "true" : "false");
    const colors = heat(t.score);
    return h(
      "article",
      {
        class: `tech${d ? ` ${d}` : ""}${t.id === opts.selected ? " sel" : ""}${
          t.score < opts.minScore && !d ? " below" : ""
        }`,
        id: `tech-${t.id}`,
        dataset: { id: t.id },
        "aria-labelledby": `tech-title-${t.id}`,
      },
      h(
        "header",
        {},
        h(
          "span",
          {
            class: "score",
            style: `background:${colors.background};color:${colors.color}`,
            title: "Report-level score",
          },
          fmtScore(t.score),
        ),
        h(
          "h4",
          { id: `tech-title-${t.id}` },
          h(
            "button",
            {
              type: "button",
              class: "linklike tech-select",
              "aria-pressed": t.id === opts.selected ? "true" : "false",
              onclick: () => opts.onSelect(t.id, "list"),
              title: "Show the evidence in the report text",
            },
            h("span", { class: "tech-id" }, t.id),
            " ",
            t.name,
          ),
        ),
        d ? h("span", { class: `chip ${d}` }, STATUS[d].label) : null,
        t.score < opts.minScore && !d
          ? h("span", { class: "chip below" }, "Below threshold")
          : null,
      ),
      h(
        "p",
        { class: "tech-meta" },
        tacticNames.join(" · ") || "No tactic",
        url ? [" · ", h("a", { href: url, target: "_blank", rel: "noopener" }, "ATT&CK")] : null,
      ),
      t.evidence.length
        ? h(
          "ol",
          { class: "evidence" },
          t.evidence.map((e) =>
            h(
              "li",
              {},
              h(
                "button",
                {
                  type: "button",
                  class: "evidence-btn",
                  onclick: () => opts.onEvidence(t.id, e.start),
                  title: `Sentence score ${fmtScore(e.score)}; show it in the report`,
                },
                e.text,
              ),
            )
          ),
        )
        : h("p", { class: "muted" }, "No evidence sentence."),
      reviewLine(t.review),
      opts.canReview
        ? h(
          "div",
          { class: "actions", role: "group", "aria-label": `Review ${t.id}` },
          d === "added" ? null : h(
            "button",
            {
              type: "button",
              class: "btn accept",
              "aria-pressed": pressed("accepted"),
              onclick: () => opts.onDecide(t, "accepted"),
            },
            d === "accepted" ? "✓ Accepted" : "Accept",
          ),
          d === "added" ? null : h(
            "button",
            {
              type: "button",
              class: "btn reject",
              "aria-pressed": pressed("rejected"),
              onclick: () => opts.onDecide(t, "rejected"),
            },
            d === "rejected" ? "✕ Rejected" : "Reject",
          ),
          d
            ? h(
              "button",
              { type: "button", class: "btn quiet", onclick: () => opts.onClear(t) },
              d === "added" ? "Remove" : "Undo",
            )
            : null,
        )
        : null,
    );
  }

  /**
   * The techniques grouped by their first tactic, in matrix order. opts: {tactics, techniques,
   * minScore, selected, canReview, tacticName, onSelect, onEvidence, onDecide, onClear}.
   */
  function renderList(container, opts) {
    const groups = new Map(opts.tactics.map((t) => [t.shortname, []]));
    const other = [];
    for (const t of opts.techniques) (groups.get(t.tactics[0]) ?? other).push(t);
    const sections = [];
    for (const tactic of opts.tactics) {
      const list = groups.get(tactic.shortname);
      if (list.length) sections.push(group(tactic.name, tactic.id, list, opts));
    }
    if (other.length) sections.push(group("Other", "", other, opts));
    if (sections.length === 0) {
      sections.push(
        h("p", { class: "muted" }, "No technique at this threshold. Lower the minimum score."),
      );
    }
    container.replaceChildren(...sections);
  }

  function group(name, id, list, opts) {
    list.sort((a, b) =>
      (a.review?.decision === "rejected") - (b.review?.decision === "rejected") ||
      b.score - a.score
    );
    return h(
      "section",
      { class: "tactic-group", "aria-label": name },
      h("h3", {}, name, " ", h("span", { class: "muted" }, id ? `${id} · ${list.length}` : "")),
      list.map((t) => card(t, opts)),
    );
  }

  TTP.results = { renderMatrix, renderList, statusOf };
})();
