import assert from "node:assert/strict";
import { join } from "node:path";
import { modelsDir } from "../data/paths.ts";
import { startServer } from "./server_process.ts";

const hasModel = await Deno.stat(join(modelsDir(), "default", "meta.json")).then(
  () => true,
  () => false,
);

Deno.test({
  name: "startServer serves the API and stop() ends the server",
  ignore: !hasModel,
  async fn() {
    const server = await startServer();
    const res = await fetch(`${server.url}/api/health`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
    await server.stop();
    await assert.rejects(fetch(`${server.url}/api/health`));
  },
});
