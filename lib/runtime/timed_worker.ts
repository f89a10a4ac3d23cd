/**
 * A warm module worker that runs one job at a time, with a time limit per job counted from the
 * moment the job starts (not while it waits in the queue, nor while a new worker loads its
 * modules, which can take seconds on a busy machine): work that can run long on hostile
 * input (parsing, analysing huge texts) must not freeze a server. A job that overruns or fails is
 * failed alone and the worker is replaced, so the memory a hostile input made it take is given
 * back; the jobs queued behind it then run in the new worker.
 */

/** What a worker script posts back for a job (or once, when it is ready for jobs). */
export type WorkerReply<R> =
  | { id: number; ok: true; value: R }
  | { id: number; ok: false; code?: string; message: string }
  | { ready: true };

// A worker that has not loaded its modules by then is taken as broken.
const BOOT_LIMIT_MS = 120_000;

interface Job<Q, R> {
  resolve: (value: R) => void;
  reject: (e: Error) => void;
  id: number;
  request: Q;
  label: string;
}

/** Options of a timed worker. */
export interface TimedWorkerOptions {
  /** Module URL of the worker script (it answers {id, request} with a WorkerReply). */
  script: URL;
  timeoutMs: number;
  /** The error for a job that overran (`label` names the job for the user). */
  timeoutError: (label: string, timeoutMs: number) => Error;
  /** The error for a job that failed in the worker. */
  failure: (message: string, code?: string) => Error;
}

/** Runs jobs one at a time in a replaceable worker with a time limit per job. */
export class TimedWorker<Q, R> {
  #o: TimedWorkerOptions;
  #worker?: Worker;
  #queue: Job<Q, R>[] = [];
  #current?: { job: Job<Q, R>; timer: ReturnType<typeof setTimeout> };
  #ready = false;
  #next = 1;

  constructor(options: TimedWorkerOptions) {
    this.#o = options;
  }

  /** Jobs waiting behind the running one. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Jobs running or waiting. */
  get load(): number {
    return this.#queue.length + (this.#current ? 1 : 0);
  }

  /** Run one job; `label` names it in a timeout message. */
  run(request: Q, label: string): Promise<R> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ resolve, reject, id: this.#next++, request, label });
      this.#pump();
    });
  }

  #spawn(): Worker {
    const worker = new Worker(this.#o.script, { type: "module" });
    worker.onmessage = (e: MessageEvent<WorkerReply<R>>) => {
      // A retired worker's last messages must not start the clock of its replacement's job.
      if (worker !== this.#worker) return;
      if ("ready" in e.data) {
        this.#ready = true;
        this.#startClock();
        return;
      }
      const current = this.#current;
      if (!current || current.job.id !== e.data.id) return;
      clearTimeout(current.timer);
      this.#current = undefined;
      if (e.data.ok) {
        current.job.resolve(e.data.value);
      } else {
        current.job.reject(this.#o.failure(e.data.message, e.data.code));
        this.#retire();
      }
      this.#pump();
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.#finishCurrent(new Error(`the worker crashed: ${e.message}`));
    };
    return worker;
  }

  #pump(): void {
    if (this.#current) return;
    const job = this.#queue.shift();
    if (!job) return;
    this.#worker ??= this.#spawn();
    const booting = setTimeout(
      () => this.#finishCurrent(new Error(`the worker did not start within ${BOOT_LIMIT_MS} ms`)),
      BOOT_LIMIT_MS,
    );
    this.#current = { job, timer: booting };
    this.#worker.postMessage({ id: job.id, request: job.request });
    if (this.#ready) this.#startClock();
  }

  /** Start the running job's time limit (once its worker is ready). */
  #startClock(): void {
    const current = this.#current;
    if (!current) return;
    clearTimeout(current.timer);
    current.timer = setTimeout(
      () => this.#finishCurrent(this.#o.timeoutError(current.job.label, this.#o.timeoutMs)),
      this.#o.timeoutMs,
    );
  }

  /** Fail the running job, replace the worker, and go on with the queue. */
  #finishCurrent(error: Error): void {
    const current = this.#current;
    this.#current = undefined;
    this.#retire();
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(error);
    }
    this.#pump();
  }

  #retire(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#ready = false;
  }

  /** Stop the worker; the running and queued jobs fail. */
  close(): void {
    const error = new Error("worker closed");
    const jobs = [...(this.#current ? [this.#current.job] : []), ...this.#queue];
    if (this.#current) clearTimeout(this.#current.timer);
    this.#current = undefined;
    this.#queue = [];
    this.#retire();
    for (const job of jobs) job.reject(error);
  }
}

/** Serve jobs inside a worker script: `handler` turns a request into a value. */
export function serveJobs<Q, R>(
  handler: (request: Q) => Promise<R>,
  errorCode: (e: unknown) => string | undefined = () => undefined,
): void {
  const scope = self as unknown as {
    onmessage: (e: MessageEvent<{ id: number; request: Q }>) => void;
    postMessage: (m: WorkerReply<R>) => void;
  };
  // The script's imports have loaded by now: the first job's clock starts here.
  scope.postMessage({ ready: true });
  scope.onmessage = async (e) => {
    const { id, request } = e.data;
    try {
      scope.postMessage({ id, ok: true, value: await handler(request) });
    } catch (err) {
      scope.postMessage({
        id,
        ok: false,
        code: errorCode(err),
        message: err instanceof Error ? err.message : String(err),
      });
    }
  };
}
