import assert from "node:assert/strict";
import { IngestError } from "./errors.ts";
import { ingestUrl } from "./url.ts";
import { makeTextPdf, readReport } from "./test_util.ts";

const HTML = `<!doctype html><html><head><title>Served Report</title></head><body>
<nav>Home NAV_TEXT</nav><article><h1>Operation Served</h1>
<p>The actor used scheduled tasks for persistence.</p></article></body></html>`;

/** Run `fn` against a real HTTP server on 127.0.0.1 with an OS-chosen port. */
async function withServer(
  handler: (req: Request) => Response | Promise<Response>,
  fn: (base: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** Resolve after `ms`, or as soon as the signal aborts, leaving no timer behind. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

function rejectsWith(code: string, status: number) {
  return (e: unknown) => {
    assert.ok(e instanceof IngestError, `expected IngestError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status);
    return true;
  };
}

/** A fetch that fails the test if anything tries to connect. */
const noFetch: typeof fetch = () => {
  throw new Error("fetch must not be called for a refused URL");
};

/** A resolver that fails the test if anything tries DNS. */
const noLookup = (host: string): Promise<string[]> => {
  throw new Error(`DNS lookup of ${host} must not happen`);
};

Deno.test("ingestUrl: HTML over HTTP, type from the response, name and url set", async () => {
  await withServer(
    () => new Response(HTML, { headers: { "content-type": "text/html; charset=utf-8" } }),
    async (base) => {
      const doc = await ingestUrl(`${base}/posts/42`, { allowPrivate: true });
      assert.equal(doc.type, "html");
      assert.equal(doc.name, `${base}/posts/42`);
      assert.equal(doc.url, `${base}/posts/42`);
      assert.equal(doc.title, "Served Report");
      assert.equal(doc.text, "Operation Served\n\nThe actor used scheduled tasks for persistence.");
      assert.equal(doc.bytes, new TextEncoder().encode(HTML).length);
    },
  );
});

Deno.test("ingestUrl: PDF bytes behind a generic content type are detected by magic", async () => {
  const pdf = await readReport("AA20-302A.pdf");
  await withServer(
    () => new Response(pdf, { headers: { "content-type": "application/octet-stream" } }),
    async (base) => {
      const doc = await ingestUrl(`${base}/download?id=7`, { allowPrivate: true });
      assert.equal(doc.type, "pdf");
      assert.ok(doc.text.length > 10_000);
      assert.ok(doc.text.includes("anchor_dns uses a single-byte XOR cipher"));
    },
  );
});

Deno.test("ingestUrl: follows a redirect chain and reports the final URL", async () => {
  const small = makeTextPdf([["A redirected PDF report with enough words to count as text."]]);
  await withServer((req) => {
    const path = new URL(req.url).pathname;
    if (path === "/a") return Response.redirect(new URL("/b", req.url), 302);
    if (path === "/b") {
      return new Response(null, { status: 308, headers: { location: "files/r.pdf" } });
    }
    if (path === "/files/r.pdf") {
      return new Response(small, { headers: { "content-type": "application/pdf" } });
    }
    return new Response("missing", { status: 404 });
  }, async (base) => {
    const doc = await ingestUrl(`${base}/a`, { allowPrivate: true });
    assert.equal(doc.name, `${base}/a`);
    assert.equal(doc.url, `${base}/files/r.pdf`);
    assert.equal(doc.type, "pdf");
  });
});

Deno.test("ingestUrl: redirect loops stop at maxRedirects", async () => {
  let hits = 0;
  await withServer((req) => {
    hits++;
    return Response.redirect(new URL(`/hop${hits}`, req.url), 302);
  }, async (base) => {
    await assert.rejects(
      () => ingestUrl(`${base}/start`, { allowPrivate: true, maxRedirects: 3 }),
      (e: unknown) =>
        rejectsWith("fetch_failed", 502)(e) && /redirected more than 3/.test((e as Error).message),
    );
    assert.equal(hits, 4);
  });
});

Deno.test("ingestUrl: HTTP errors are 'fetch_failed' (502) with the status", async () => {
  await withServer(
    () => new Response("nope", { status: 404, statusText: "Not Found" }),
    async (base) => {
      await assert.rejects(
        () => ingestUrl(`${base}/gone.pdf`, { allowPrivate: true }),
        (e: unknown) => rejectsWith("fetch_failed", 502)(e) && (e as Error).message.includes("404"),
      );
    },
  );
});

Deno.test("ingestUrl: an endless streamed body stops at maxBytes ('too_large', 413)", async () => {
  let sent = 0;
  const chunk = new TextEncoder().encode("<p>" + "a".repeat(65_530) + "</p>");
  await withServer(() =>
    new Response(
      new ReadableStream({
        pull(controller) {
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      }),
      { headers: { "content-type": "text/html" } },
    ), async (base) => {
    await assert.rejects(
      () =>
        ingestUrl(`${base}/huge`, { allowPrivate: true, maxBytes: 256 * 1024, timeoutMs: 5000 }),
      rejectsWith("too_large", 413),
    );
  });
  assert.ok(sent < 16 * 1024 * 1024, `server pushed ${sent} bytes: the client kept reading`);
});

Deno.test("ingestUrl: a declared Content-Length over the limit fails before reading", async () => {
  await withServer(
    () =>
      new Response(new Uint8Array(600 * 1024), { headers: { "content-type": "application/pdf" } }),
    async (base) => {
      await assert.rejects(
        () => ingestUrl(`${base}/big.pdf`, { allowPrivate: true, maxBytes: 512 * 1024 }),
        (e: unknown) =>
          rejectsWith("too_large", 413)(e) && (e as Error).message.includes("600.0 KiB"),
      );
    },
  );
});

Deno.test("ingestUrl: slow headers or a stalled body give 'timeout' (504)", async () => {
  await withServer(async (req) => {
    if (new URL(req.url).pathname === "/slow-headers") {
      await sleep(5000, req.signal);
      return new Response("late");
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    return new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("<p>first part"));
          timer = setTimeout(() => controller.close(), 5000);
        },
        cancel() {
          clearTimeout(timer);
        },
      }),
      { headers: { "content-type": "text/html" } },
    );
  }, async (base) => {
    for (const path of ["/slow-headers", "/slow-body"]) {
      const started = performance.now();
      await assert.rejects(
        () => ingestUrl(`${base}${path}`, { allowPrivate: true, timeoutMs: 300 }),
        (e: unknown) => rejectsWith("timeout", 504)(e) && (e as Error).message.includes(path),
      );
      assert.ok(performance.now() - started < 3000, `${path} was not cut off at the timeout`);
    }
  });
});

Deno.test("ingestUrl: internal and non-http URLs are refused before any connection or DNS", async () => {
  const urls = [
    "http://127.0.0.1/",
    "http://127.1.2.3:8080/x",
    "http://localhost/",
    "http://LOCALHOST./admin",
    "http://api.localhost/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://10.0.0.1/",
    "http://172.20.1.1/",
    "http://192.168.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://0177.0.0.1/",
    "http://0/",
    "http://224.0.0.1/",
    "https://100.64.0.1/",
  ];
  for (const url of urls) {
    await assert.rejects(
      () => ingestUrl(url, { allowPrivate: false, fetch: noFetch, lookup: noLookup }),
      (e: unknown) => rejectsWith("url_refused", 400)(e) && (e as Error).message.includes(url),
      url,
    );
  }
  for (
    const url of [
      "file:///etc/passwd",
      "ftp://ftp.example.com/report.pdf",
      "javascript:alert(1)",
      "data:text/html,hi",
      "not a url",
    ]
  ) {
    await assert.rejects(
      () => ingestUrl(url, { allowPrivate: false, fetch: noFetch, lookup: noLookup }),
      (e: unknown) => rejectsWith("url_refused", 400)(e) && (e as Error).message.includes(url),
      url,
    );
  }
});

Deno.test("ingestUrl: a public name that resolves to an internal address is refused", async () => {
  const lookup = (host: string) =>
    Promise.resolve(host === "intranet.example" ? ["93.184.216.34", "10.1.2.3"] : []);
  await assert.rejects(
    () =>
      ingestUrl("https://intranet.example/report", { fetch: noFetch, lookup, allowPrivate: false }),
    (e: unknown) => rejectsWith("url_refused", 400)(e) && (e as Error).message.includes("10.1.2.3"),
  );
  await assert.rejects(
    () => ingestUrl("https://nxdomain.example/", { fetch: noFetch, lookup, allowPrivate: false }),
    rejectsWith("fetch_failed", 502),
  );
});

Deno.test("ingestUrl: a resolver that never answers still ends in 'timeout'", async () => {
  await assert.rejects(
    () =>
      ingestUrl("https://slow-dns.example/", {
        fetch: noFetch,
        lookup: () => new Promise(() => {}),
        allowPrivate: false,
        timeoutMs: 200,
      }),
    rejectsWith("timeout", 504),
  );
});

Deno.test("ingestUrl: every redirect hop is re-checked (public -> metadata address)", async () => {
  const calls: string[] = [];
  const fakeFetch: typeof fetch = (input) => {
    calls.push(String(input));
    return Promise.resolve(
      new Response(null, {
        status: 302,
        headers: { location: "http://169.254.169.254/latest/meta-data/" },
      }),
    );
  };
  const lookup = () => Promise.resolve(["93.184.216.34"]);
  await assert.rejects(
    () => ingestUrl("https://reports.example/r", { fetch: fakeFetch, lookup, allowPrivate: false }),
    rejectsWith("url_refused", 400),
  );
  assert.deepEqual(calls, ["https://reports.example/r"]);
});

Deno.test("ingestUrl: a public URL goes through (fake network)", async () => {
  const fakeFetch: typeof fetch = (_input, init) => {
    assert.equal(init?.redirect, "manual");
    assert.ok(init?.signal instanceof AbortSignal);
    return Promise.resolve(
      new Response("Plain report text about T1059.", { headers: { "content-type": "text/plain" } }),
    );
  };
  const doc = await ingestUrl("https://reports.example/r.txt", {
    fetch: fakeFetch,
    lookup: () => Promise.resolve(["2606:4700::6810:84e5"]),
    allowPrivate: false,
  });
  assert.equal(doc.type, "txt");
  assert.equal(doc.text, "Plain report text about T1059.");
  assert.equal(doc.url, "https://reports.example/r.txt");
});

Deno.test("ingestUrl: TTP_ALLOW_PRIVATE_URLS=1 sets the default for allowPrivate", async () => {
  await withServer(
    () => new Response(HTML, { headers: { "content-type": "text/html" } }),
    async (base) => {
      const before = Deno.env.get("TTP_ALLOW_PRIVATE_URLS");
      try {
        Deno.env.set("TTP_ALLOW_PRIVATE_URLS", "1");
        assert.equal((await ingestUrl(`${base}/`)).type, "html");
        Deno.env.delete("TTP_ALLOW_PRIVATE_URLS");
        await assert.rejects(
          () => ingestUrl(`${base}/`, { fetch: noFetch }),
          rejectsWith("url_refused", 400),
        );
      } finally {
        if (before === undefined) Deno.env.delete("TTP_ALLOW_PRIVATE_URLS");
        else Deno.env.set("TTP_ALLOW_PRIVATE_URLS", before);
      }
    },
  );
});

Deno.test("ingestUrl: the page is parsed by the given parser (a server's worker), outside the download timeout", async () => {
  const { IsolatedIngester } = await import("./isolated.ts");
  const worker = new IsolatedIngester({ timeoutMs: 30_000 });
  try {
    await withServer(
      () => new Response(HTML, { headers: { "content-type": "text/html" } }),
      async (base) => {
        const seen: string[] = [];
        const doc = await ingestUrl(`${base}/r`, {
          allowPrivate: true,
          timeoutMs: 2_000,
          parse: async (bytes, name, options) => {
            seen.push(name);
            // Slower than the download limit: parsing is the parser's to bound, not a timeout.
            await new Promise((r) => setTimeout(r, 2_500));
            return await worker.ingest(bytes, name, options);
          },
        });
        assert.deepEqual(seen, [`${base}/r`]);
        assert.equal(doc.title, "Served Report");
        assert.equal(doc.url, `${base}/r`);
      },
    );
  } finally {
    worker.close();
  }
});

Deno.test("ingestUrl: a name that re-resolves to an internal address at connect time is refused (DNS rebinding)", async () => {
  let hits = 0;
  await withServer(
    () => {
      hits++;
      return new Response("internal secret", { headers: { "content-type": "text/plain" } });
    },
    async (base) => {
      const port = new URL(base).port;
      const answers = [["93.184.216.34"], ["127.0.0.1"]];
      const seen: string[] = [];
      const lookup = (host: string) => {
        seen.push(host);
        return Promise.resolve(answers[Math.min(seen.length - 1, 1)]);
      };
      await assert.rejects(
        () => ingestUrl(`http://rebind.example:${port}/r.txt`, { lookup, allowPrivate: false }),
        (e: unknown) =>
          rejectsWith("url_refused", 400)(e) && (e as Error).message.includes("127.0.0.1"),
      );
      assert.deepEqual(seen, ["rebind.example", "rebind.example"], "checked, then re-checked");
    },
  );
  assert.equal(hits, 0, "no request reached the internal server");
});
