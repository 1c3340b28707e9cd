import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { SubgraphName } from '../subgraphs/kit/config';
import type { Ids } from '../tools/demo/population';
import { requestHeaders } from './headers';
import { ROOT } from './processes';
import { summarize, type RunStats } from './stats';
import { requestSource, type WorkloadName } from './workloads';

export interface LoadSpec {
  workload: WorkloadName;
  concurrency: number;
  seconds: number;
  ids: Ids;
  totalWorkers: number;
  seed: number;
}

/**
 * Drives a gateway with autocannon (this process; the gateway and subgraphs are other processes).
 * A request counts as an error on a non-2xx status, a socket error/timeout, or a GraphQL `errors`.
 */
export function loadGateway(
  url: string,
  spec: LoadSpec,
): Promise<RunStats & { sampleError?: string }> {
  return loadRequests(
    url,
    requestSource(spec.workload, spec.ids, spec.totalWorkers, spec.seed),
    spec,
  );
}

/** autocannon on a gateway with the bodies `next` returns, `concurrency` connections for `seconds`. */
export async function loadRequests(
  url: string,
  next: () => object,
  spec: { concurrency: number; seconds: number },
): Promise<RunStats & { sampleError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let sampleError: string | undefined;
  const started = performance.now();
  const instance = autocannon({
    url,
    method: 'POST',
    headers: requestHeaders(),
    connections: spec.concurrency,
    duration: spec.seconds,
    timeout: 60,
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: JSON.stringify(next()) }),
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors":')) {
            errors += 1;
            if (!sampleError) sampleError = `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  (instance as unknown as NodeJS.EventEmitter).on(
    'response',
    (_client: unknown, _status: number, _bytes: number, time: number) => {
      latencies.push(time);
    },
  );
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const stats = summarize(
    latencies,
    errors + result.errors + result.timeouts,
    Math.min(seconds, spec.seconds + 1),
  );
  return { ...stats, seconds: spec.seconds, rps: latencies.length / spec.seconds, sampleError };
}

/** The direct baseline in its own process (its RSS is its own), driven over IPC. */
export class DirectProcess {
  private constructor(private readonly child: ChildProcess) {}

  static async start(urls: Record<SubgraphName, string>): Promise<DirectProcess> {
    const child = fork(path.join(ROOT, 'bench', 'direct-worker.ts'), [], {
      execArgv: ['-r', '@swc-node/register'],
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const direct = new DirectProcess(child);
    await direct.call({ type: 'open', urls });
    return direct;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  private call<T>(message: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { ok: boolean; result?: T; error?: string }) => {
        this.child.off('exit', onExit);
        if (m.ok) resolve(m.result as T);
        else reject(new Error(m.error));
      };
      const onExit = (code: number) => reject(new Error(`direct baseline exited with ${code}`));
      this.child.once('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(message);
    });
  }

  run(spec: LoadSpec): Promise<RunStats & { sampleError?: string }> {
    return this.call({ type: 'run', spec });
  }

  /** Every worker evaluated once, `first` per page, as of `asOf` (the monitor sweep's limit). */
  sweep(first: number, asOf: string): Promise<{ workers: number; seconds: number }> {
    return this.call({ type: 'sweep', n: first, asOf });
  }

  /** SQL statements per operation of a workload (n operations, one at a time). */
  statements(spec: LoadSpec, n: number): Promise<number> {
    return this.call({ type: 'statements', spec, n });
  }

  async stop(): Promise<void> {
    await this.call({ type: 'close' }).catch(() => undefined);
    this.child.kill('SIGTERM');
  }
}
