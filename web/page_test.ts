/**
 * Browser test of the page in headless Chromium (Debian's `chromium`, driven by playwright-core
 * with the system binary; CHROMIUM_PATH to use another). `./ttp test` installs Chromium; without
 * one the test fails, unless TTP_SKIP_BROWSER=1 says to skip it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { navigatorLayerProblems, stixBundleProblems } from "../lib/export/mod.ts";
import { defaultExtractor, REPO_ROOT, reportPath } from "../lib/testing.ts";
import { withServer } from "../server/_test_server.ts";

const CHROMIUM = Deno.env.get("CHROMIUM_PATH") ??
  ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
const ignore = !CHROMIUM && !Deno.env.get("CI");
if (!CHROMIUM && !ignore) {
  throw new Error("No Chromium for the browser test: apt-get install chromium");
}

async function withPage(fn: (page: Page) => Promise<void>): Promise<void> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The sandbox refuses to run as root (CI containers) or without user namespaces; the page
    // under test is our own, so it is not needed.
    args: ["--no-sandbox"],
    timeout: 30_000,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await fn(page);
    assert.deepEqual(errors, [], "no script errors on the page");
  } finally {
    await browser.close();
  }
}

async function download(page: Page, selector: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const path = await file.path();
  return await Deno.readTextFile(path);
}

const opts = { ignore, sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "page: upload AA20-302A.pdf, see the matrix, accept, reload, download layer and bundle",
  ...opts,
  fn: async () => {
    const kb = (await defaultExtractor()).kb;
    await withServer({}, async (base) => {
      await withPage(async (page) => {
        // A served page talks to its own server whatever a link's ?api= says.
        await page.goto(`${base}/?api=${encodeURIComponent("http://127.0.0.1:1")}`);
        await page.waitForSelector("#server-status:has-text('ATT&CK 18.1')");
        await page.setInputFiles("#file", reportPath("AA20-302A.pdf"));
        // Progress feedback appears while the PDF is uploaded and analysed.
        await page.waitForSelector("#progress:not([hidden])", { timeout: 5_000 }).catch(() => {});
        await page.waitForSelector('#matrix .mx-cell[data-id="T1490"]');
        assert.match(await page.textContent("#result-title") ?? "", /AA20-302A/);
        assert.ok((await page.locator("#matrix .mx-cell").count()) >= 10);
        assert.ok((await page.locator("#list .tactic-group").count()) >= 5);

        // Selecting a technique highlights its evidence in the report text.
        await page.click('#matrix .mx-cell[data-id="T1490"]');
        const evidence = page.locator("#report mark.ev.sel").first();
        await evidence.waitFor();
        assert.match(await evidence.textContent() ?? "", /vssadmin|shadow/i);

        await page.fill("#reviewer", "Ana");
        await page.dispatchEvent("#reviewer", "change");
        await page.click("#tech-T1490 .btn.accept");
        await page.waitForSelector("#tech-T1490 .chip.accepted");

        // The threshold slider filters the list.
        const before = await page.locator("#list .tech").count();
        await page.locator("#min-score").fill("0.95");
        assert.ok((await page.locator("#list .tech").count()) < before);
        await page.click("#min-reset");

        await page.reload();
        await page.waitForSelector("#tech-T1490 .chip.accepted");
        await page.waitForSelector('#matrix .mx-cell.accepted[data-id="T1490"]');
        assert.match(await page.textContent("#tech-T1490 .review-line") ?? "", /Accepted by Ana/);
        assert.equal(await page.locator(".history-item").count(), 1);

        const layer = JSON.parse(await download(page, "#dl-navigator"));
        assert.deepEqual(navigatorLayerProblems(layer, kb), []);
        assert.ok(layer.techniques.some((t: { techniqueID: string }) => t.techniqueID === "T1490"));
        const bundle = JSON.parse(await download(page, "#dl-stix"));
        assert.deepEqual(stixBundleProblems(bundle), []);
        const report = bundle.objects.find((o: { type: string }) => o.type === "report");
        assert.ok(report.object_refs.includes(kb.techniqueById("T1490")!.stixId));
      });
    });
  },
});

Deno.test({
  name:
    "page: opened from disk, hostile text stays text, add a technique by keyboard, errors shown",
  ...opts,
  fn: async () => {
    await withServer({}, async (base) => {
      await withPage(async (page) => {
        const file = pathToFileURL(join(REPO_ROOT, "web", "index.html")).href;
        await page.goto(`${file}?api=${encodeURIComponent(base)}`);
        await page.waitForSelector("#server-status:has-text('ATT&CK 18.1')");

        await page.click("#tab-text");
        const hostile = `<img src=x onerror="window.__pwned=1"> Ransom <b>note</b>\n\n` +
          `The actors ran vssadmin delete shadows /all /quiet to stop recovery. ` +
          `<script>window.__pwned=2</script> They demanded a ransom in bitcoin.`;
        await page.fill("#text-name", "<i>evil</i>.txt");
        await page.fill("#text-input", hostile);
        await page.click("#panel-text button[type=submit]");
        await page.waitForSelector("#result:not([hidden])");
        assert.equal(await page.evaluate("globalThis.__pwned"), undefined);
        assert.equal(await page.locator("#report img, #result img, #report script").count(), 0);
        assert.match(await page.textContent("#report") ?? "", /<img src=x onerror=/);
        assert.match(await page.textContent("#result-meta") ?? "", /<i>evil<\/i>\.txt/);

        // Keyboard only: name the technique, type a phrase as evidence, press Enter.
        await page.focus("#add-technique");
        await page.keyboard.type("T1657");
        await page.focus("#add-evidence");
        await page.keyboard.type("demanded a ransom");
        await page.keyboard.press("Enter");
        await page.waitForSelector("#tech-T1657 .chip.added");
        assert.match(await page.textContent("#tech-T1657 .evidence") ?? "", /demanded a ransom/);

        // API errors are shown as the server words them.
        await page.click("#tab-url");
        await page.fill("#url-input", "http://127.0.0.1:1/report");
        await page.click("#panel-url button[type=submit]");
        await page.waitForSelector("#error:not([hidden])");
        assert.match(await page.textContent("#error-text") ?? "", /private|loopback|refus/i);
      });
    });
  },
});
