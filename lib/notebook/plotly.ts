import type { MediaBundle } from "./jupyter.ts";

/** A plotly.js figure: traces and layout, as plotly's JSON schema has them. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
}

let counter = 0;

/**
 * A MIME bundle for an interactive plotly chart. JupyterLab and VS Code render the plotly mime
 * type; nbconvert's HTML export ignores it and uses the `text/html` fallback: the static chart
 * given here, upgraded to an interactive one when `plotly.min.js` sits next to the report (the
 * pipeline copies it there from the plotly.js-dist-min package) or is already loaded.
 *
 * @example
 * await show(plotlyBundle({ data: [{ type: "bar", x: ["a"], y: [1] }] }, plotHtml(sameChart)));
 */
export function plotlyBundle(figure: PlotlyFigure, staticHtml: string, alt = "chart"): MediaBundle {
  const id = `plotly-${Date.now().toString(36)}-${counter++}`;
  const json = JSON.stringify(figure).replace(/</g, "\\u003c");
  const script = `(function(){var f=${json};function draw(){var el=document.getElementById(` +
    `"${id}");el.innerHTML="";window.Plotly.newPlot(el,f.data,f.layout||{},{responsive:true});}` +
    `if(window.Plotly){draw();return;}var s=document.createElement("script");` +
    `s.src="plotly.min.js";s.onload=draw;document.head.appendChild(s);})();`;
  return {
    "application/vnd.plotly.v1+json": figure,
    "text/html": `<div id="${id}">${staticHtml}</div><script>${script}</script>`,
    "text/plain": `[${alt}]`,
  };
}
