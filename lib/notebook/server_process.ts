import { join } from "node:path";
import { REPO_ROOT } from "../data/paths.ts";

/** A server started as a child process. */
export interface RunningServer {
  url: string;
  /** Lines the server logged on stderr while starting. */
  log: string[];
  stop(): Promise<void>;
}

/** Options for starting the project's server. */
export interface StartServerOptions {
  /** Port; default a free one. */
  port?: number;
  /** Extra environment (TTP_MODELS_DIR is passed through from this process anyway). */
  env?: Record<string, string>;
  /** Give up after this long. Default 120 s. */
  timeoutMs?: number;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Start `server/main.ts` (as `deno task serve` does) and wait until it listens.
 *
 * @example
 * const server = await startServer();
 * const res = await fetch(`${server.url}/api/analyze`, { method: "POST", body: form });
 * await server.stop();
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const port = options.port ?? freePort();
  // A shell watchdog owns the server: it stops it when our stdin closes, which also happens when
  // this process (a notebook kernel) dies, so a failed cell never leaves a server running.
  const watchdog = 'deno_bin="$1"; shift; "$deno_bin" "$@" & s=$!; ' +
    'trap \'kill "$s" 2>/dev/null\' EXIT; read -r _; kill "$s" 2>/dev/null; wait "$s"';
  const child = new Deno.Command("bash", {
    args: [
      "-c",
      watchdog,
      "watchdog",
      Deno.execPath(),
      "run",
      "-A",
      join(REPO_ROOT, "server", "main.ts"),
    ],
    cwd: REPO_ROOT,
    env: { ...options.env, PORT: String(port), HOST: "127.0.0.1", NO_COLOR: "1" },
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stdin = child.stdin.getWriter();
  const log: string[] = [];
  const url = `http://127.0.0.1:${port}`;
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let buffer = "";
  const drain = async () => {
    while (true) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      log.push(...lines);
    }
  };
  const draining = drain();
  const stop = async () => {
    await stdin.close().catch(() => {});
    await child.status;
    await draining.catch(() => {});
  };
  while (Date.now() < deadline) {
    if (log.some((l) => l.includes("listening on"))) return { url, log, stop };
    const exited = await Promise.race([
      child.status.then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), 200)),
    ]);
    if (exited) break;
  }
  await stop();
  throw new Error(`server did not start on ${url}:\n${log.join("\n")}`);
}
