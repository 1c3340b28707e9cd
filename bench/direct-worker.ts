import { Direct } from './direct';
import type { LoadSpec } from './load';
import { summarize } from './stats';
import { requestSource } from './workloads';

/** Child process entry of the direct baseline: `concurrency` loops for `seconds`, over IPC. */
let direct: Direct | null = null;

async function run(spec: LoadSpec) {
  const d = direct as Direct;
  const next = requestSource(spec.workload, spec.ids, spec.totalWorkers, spec.seed);
  const latencies: number[] = [];
  let errors = 0;
  let sampleError: string | undefined;
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        await d.run(spec.workload, next());
        latencies.push(performance.now() - t);
      } catch (error) {
        errors += 1;
        sampleError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  return { ...summarize(latencies, errors, seconds), sampleError };
}

async function statements(spec: LoadSpec, n: number) {
  const d = direct as Direct;
  const next = requestSource(spec.workload, spec.ids, spec.totalWorkers, spec.seed);
  const before = d.statements();
  for (let k = 0; k < n; k++) await d.run(spec.workload, next());
  return (d.statements() - before) / n;
}

/** Every worker evaluated once, page by page: the monitor sweep's limit. */
async function sweep(first: number, asOf: string) {
  const started = performance.now();
  const workers = await (direct as Direct).sweep(first, asOf);
  return { workers, seconds: (performance.now() - started) / 1000 };
}

process.on(
  'message',
  (m: { type: string; urls?: never; spec?: LoadSpec; n?: number; asOf?: string }) => {
    const reply = (p: Promise<unknown>) =>
      p.then(
        (result) => process.send?.({ ok: true, result }),
        (error: Error) => process.send?.({ ok: false, error: error.stack ?? error.message }),
      );
    if (m.type === 'open') reply(Direct.open(m.urls as never).then((d) => void (direct = d)));
    else if (m.type === 'run') reply(run(m.spec as LoadSpec));
    else if (m.type === 'statements') reply(statements(m.spec as LoadSpec, m.n ?? 1));
    else if (m.type === 'sweep') reply(sweep(m.n ?? 500, m.asOf as string));
    else if (m.type === 'close')
      reply((direct?.close() ?? Promise.resolve()).then(() => process.exit(0)));
  },
);
