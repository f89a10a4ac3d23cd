/**
 * A warm module worker that runs one kind of job at a time per call, with a per-job time limit:
 * work that can run long on hostile input (parsing, analysing huge texts) must not freeze a
 * server. A job that overruns is failed alone; the worker is replaced and the jobs queued behind
 * it start again in the new one.
 */

/** What a worker script posts back for a job. */
export type WorkerReply<R> =
  | { id: number; ok: true; value: R }
  | { id: number; ok: false; code?: string; message: string };

interface Job<Q, R> {
  resolve: (value: R) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
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

/** Runs jobs in a replaceable worker with a time limit per job. */
export class TimedWorker<Q, R> {
  #o: TimedWorkerOptions;
  #worker?: Worker;
  #jobs = new Map<number, Job<Q, R>>();
  #next = 1;

  constructor(options: TimedWorkerOptions) {
    this.#o = options;
  }

  /** Run one job; `label` names it in a timeout message. */
  run(request: Q, label: string): Promise<R> {
    return new Promise((resolve, reject) => {
      const job: Job<Q, R> = {
        resolve,
        reject,
        timer: 0 as unknown as Job<Q, R>["timer"],
        id: this.#next++,
        request,
        label,
      };
      this.#jobs.set(job.id, job);
      this.#start(job);
    });
  }

  #spawn(): Worker {
    const worker = new Worker(this.#o.script, { type: "module" });
    worker.onmessage = (e: MessageEvent<WorkerReply<R>>) => {
      const job = this.#jobs.get(e.data.id);
      if (!job) return;
      this.#jobs.delete(job.id);
      clearTimeout(job.timer);
      if (e.data.ok) job.resolve(e.data.value);
      else job.reject(this.#o.failure(e.data.message, e.data.code));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      this.#failAll(new Error(`the worker crashed: ${e.message}`));
    };
    return worker;
  }

  #start(job: Job<Q, R>): void {
    this.#worker ??= this.#spawn();
    job.timer = setTimeout(() => this.#overrun(job), this.#o.timeoutMs);
    this.#worker.postMessage({ id: job.id, request: job.request });
  }

  #overrun(job: Job<Q, R>): void {
    this.#jobs.delete(job.id);
    this.#worker?.terminate();
    this.#worker = undefined;
    job.reject(this.#o.timeoutError(job.label, this.#o.timeoutMs));
    for (const other of this.#jobs.values()) {
      clearTimeout(other.timer);
      this.#start(other);
    }
  }

  #failAll(error: Error): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const job of this.#jobs.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.#jobs.clear();
  }

  /** Stop the worker; pending jobs fail. */
  close(): void {
    this.#failAll(new Error("worker closed"));
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
