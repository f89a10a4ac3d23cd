import { join } from "node:path";

/** Options for a headless-browser screenshot. */
export interface ScreenshotOptions {
  url: string;
  /** Viewport width in CSS pixels. Default 1280. */
  width?: number;
  /** Viewport height; the capture grows to the full page up to `maxHeight`. Default 900. */
  height?: number;
  /** Tallest capture in CSS pixels. Default 2400. */
  maxHeight?: number;
  /** Files to put into the page's first `input[type=file]` before `action` runs. */
  files?: string[];
  /** JavaScript run in the page after load (may return a promise), e.g. fill and submit a form. */
  action?: string;
  /** JavaScript expression polled until truthy before the capture. */
  waitFor?: string;
  /** Give up after this long. Default 60 s. */
  timeoutMs?: number;
  /** Browser binary; default $CHROMIUM or the first of chromium, chromium-browser, google-chrome. */
  browser?: string;
}

/** The browser binary to drive, or undefined when none is installed. */
export function findBrowser(): string | undefined {
  const candidates = [Deno.env.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"];
  for (const c of candidates) {
    if (!c) continue;
    for (const dir of c.includes("/") ? [""] : (Deno.env.get("PATH") ?? "").split(":")) {
      const path = dir ? join(dir, c) : c;
      try {
        if (Deno.statSync(path).isFile) return path;
      } catch { /* not here */ }
    }
  }
  return undefined;
}

type CdpResult = Record<string, unknown>;

/** A minimal Chrome DevTools Protocol session over one WebSocket. */
class Cdp {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { resolve: (r: CdpResult) => void; reject: (e: Error) => void }>();
  #listeners: ((method: string, params: CdpResult) => void)[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e) => {
      const msg = JSON.parse(e.data as string);
      if (msg.id && this.#pending.has(msg.id)) {
        const p = this.#pending.get(msg.id)!;
        this.#pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`CDP ${msg.error.message}`));
        else p.resolve(msg.result ?? {});
      } else if (msg.method) {
        for (const l of this.#listeners) l(msg.method, msg.params ?? {});
      }
    };
  }

  static connect(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onopen = () => resolve(new Cdp(ws));
      ws.onerror = () => reject(new Error(`cannot connect to ${url}`));
    });
  }

  send(method: string, params: CdpResult = {}): Promise<CdpResult> {
    const id = this.#next++;
    this.#ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
  }

  once(method: string): Promise<CdpResult> {
    return new Promise((resolve) => {
      const l = (m: string, p: CdpResult) => {
        if (m !== method) return;
        this.#listeners = this.#listeners.filter((x) => x !== l);
        resolve(p);
      };
      this.#listeners.push(l);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#ws.readyState === WebSocket.CLOSED) return resolve();
      this.#ws.onclose = () => resolve();
      this.#ws.close();
    });
  }
}

async function evaluate(cdp: Cdp, expression: string): Promise<unknown> {
  const r = await cdp.send("Runtime.evaluate", {
    expression,
    awaitPromise: true,
    returnByValue: true,
  });
  const ex = r.exceptionDetails as { exception?: { description?: string } } | undefined;
  if (ex) throw new Error(`page script failed: ${ex.exception?.description ?? "error"}`);
  return (r.result as { value?: unknown } | undefined)?.value;
}

async function devtoolsUrl(stderr: ReadableStream<Uint8Array>, timeoutMs: number): Promise<string> {
  const reader = stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
    if (m) {
      // Keep draining so the browser never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* discard */ }
      })().catch(() => {});
      return m[1];
    }
  }
  throw new Error(`the browser did not start:\n${text.slice(-2000)}`);
}

/**
 * Open a page in headless Chromium, optionally act on it (upload a file, click), wait for a
 * condition, and return a PNG screenshot.
 *
 * @example
 * const png = await screenshot({ url: "http://127.0.0.1:8000/", waitFor: "document.title" });
 * await Deno.writeFile("page.png", png);
 */
export async function screenshot(options: ScreenshotOptions): Promise<Uint8Array> {
  const browser = options.browser ?? findBrowser();
  if (!browser) throw new Error("no Chromium found: apt-get install chromium (or set CHROMIUM)");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const width = options.width ?? 1280;
  const height = options.height ?? 900;
  const profile = await Deno.makeTempDir({ prefix: "ttp-chromium-" });
  const child = new Deno.Command(browser, {
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      `--window-size=${width},${height}`,
      "about:blank",
    ],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let cdp: Cdp | undefined;
  try {
    const wsBrowser = await devtoolsUrl(child.stderr, timeoutMs);
    const base = wsBrowser.replace(/^ws:/, "http:").replace(/\/devtools\/browser\/.*$/, "");
    const targets = await (await fetch(`${base}/json/list`)).json() as {
      type: string;
      webSocketDebuggerUrl: string;
    }[];
    const page = targets.find((t) => t.type === "page");
    if (!page) throw new Error("the browser has no page target");
    cdp = await Cdp.connect(page.webSocketDebuggerUrl);
    await cdp.send("Page.enable");
    await cdp.send("Runtime.enable");
    await cdp.send("Emulation.setDeviceMetricsOverride", {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
    const loaded = cdp.once("Page.loadEventFired");
    await cdp.send("Page.navigate", { url: options.url });
    await loaded;
    if (options.files?.length) {
      const doc = await cdp.send("DOM.getDocument", { depth: -1 });
      const root = (doc.root as { nodeId: number }).nodeId;
      const found = await cdp.send("DOM.querySelector", {
        nodeId: root,
        selector: "input[type=file]",
      });
      if (!found.nodeId) throw new Error("the page has no file input");
      await cdp.send("DOM.setFileInputFiles", { nodeId: found.nodeId, files: options.files });
    }
    if (options.action) await evaluate(cdp, options.action);
    if (options.waitFor) {
      const deadline = Date.now() + timeoutMs;
      while (!(await evaluate(cdp, `Boolean(${options.waitFor})`))) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.waitFor}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    await new Promise((r) => setTimeout(r, 300)); // let the last paint land
    const metrics = await cdp.send("Page.getLayoutMetrics");
    const content = (metrics.cssContentSize ?? metrics.contentSize) as { height: number };
    const fullHeight = Math.min(Math.ceil(content.height), options.maxHeight ?? 2400);
    const shot = await cdp.send("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width, height: Math.max(height, fullHeight), scale: 1 },
    });
    return Uint8Array.from(atob(shot.data as string), (c) => c.charCodeAt(0));
  } finally {
    await cdp?.close().catch(() => {});
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    await child.status;
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

/** A MIME bundle showing a PNG (base64, as Jupyter wants images). */
export function pngBundle(png: Uint8Array, alt = "screenshot"): Deno.jupyter.MediaBundle {
  let binary = "";
  for (let i = 0; i < png.length; i += 0x8000) {
    binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  }
  return { "image/png": btoa(binary), "text/plain": `[${alt}, ${png.length} bytes]` };
}
