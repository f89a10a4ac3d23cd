// The API client: where the server is, JSON calls with readable errors, uploads with progress.
(function () {
  "use strict";
  const TTP = (globalThis.TTP = globalThis.TTP || {});

  // Served by the tool: same origin, always (a link with ?api= must not send the analyst's
  // reports to another host). Opened from disk: the local server, unless ?api= says.
  const params = new URLSearchParams(location.search);
  const served = location.protocol === "http:" || location.protocol === "https:";
  const base = (served ? "" : params.get("api") || "http://127.0.0.1:8000").replace(/\/+$/, "");

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function unreachable() {
    return new ApiError(
      0,
      `Cannot reach the analysis server at ${base || location.origin}. ` +
        "Start it with `deno task serve` (or ./ttp start) and try again.",
    );
  }

  function url(path) {
    return base + path;
  }

  async function call(path, init = {}) {
    let res;
    try {
      res = await fetch(url(path), init);
    } catch {
      throw unreachable();
    }
    if (res.status === 204) return null;
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      throw new ApiError(res.status, body?.error || `The server answered ${res.status}.`);
    }
    return body;
  }

  function send(method, path, json) {
    return call(path, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(json),
    });
  }

  /**
   * POST /api/analyze with progress: onProgress({phase: "upload"|"analyse", loaded, total}).
   * Returns {promise, abort}.
   */
  function analyze(body, onProgress) {
    const xhr = new XMLHttpRequest();
    const promise = new Promise((resolve, reject) => {
      xhr.open("POST", url("/api/analyze"));
      xhr.responseType = "json";
      xhr.upload.addEventListener("progress", (e) => {
        onProgress({ phase: "upload", loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
      });
      xhr.upload.addEventListener("load", () => onProgress({ phase: "analyse" }));
      xhr.addEventListener("load", () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.response);
        else {
          reject(
            new ApiError(xhr.status, xhr.response?.error || `The server answered ${xhr.status}.`),
          );
        }
      });
      xhr.addEventListener("error", () => reject(unreachable()));
      xhr.addEventListener("abort", () => reject(new ApiError(-1, "Analysis cancelled.")));
      if (body instanceof FormData) xhr.send(body);
      else {
        xhr.setRequestHeader("content-type", "application/json");
        xhr.send(JSON.stringify(body));
      }
    });
    return { promise, abort: () => xhr.abort() };
  }

  TTP.api = {
    base,
    ApiError,
    url,
    analyze,
    health: () => call("/api/health"),
    attack: () => call("/api/attack"),
    list: (q, offset = 0) =>
      call(`/api/analyses?limit=50&offset=${offset}${q ? `&q=${encodeURIComponent(q)}` : ""}`),
    get: (id) => call(`/api/analyses/${id}`),
    remove: (id) => call(`/api/analyses/${id}`, { method: "DELETE" }),
    decide: (id, body) => send("POST", `/api/analyses/${id}/decisions`, body),
    clear: (id, techniqueId, reviewer) =>
      call(
        `/api/analyses/${id}/decisions/${encodeURIComponent(techniqueId)}` +
          (reviewer ? `?reviewer=${encodeURIComponent(reviewer)}` : ""),
        { method: "DELETE" },
      ),
    add: (id, body) => send("POST", `/api/analyses/${id}/techniques`, body),
    exportUrl: (id, format, minScore) =>
      url(`/api/analyses/${id}/export/${format}?minScore=${Number(minScore).toFixed(2)}`),
  };
})();
