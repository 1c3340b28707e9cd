/** bench:trace's command line (bench/trace.ts). */
import { ROOT } from '../processes';

export interface Options {
  server: string;
  workers: number;
  reuse: boolean;
  plan: boolean;
  cpu: number;
  rounds: number;
  concurrency: number;
  /** With --cpu: CPU profiles of the first tree's services (node --cpu-prof) here, then summarized. */
  profile?: string;
  roots: string[];
  pgSocket: string;
  /** Writes the traced requests' spans here (JSON). */
  dump?: string;
  /** --views: trace the population views on a synthetic store of viewsWorkers. */
  views: boolean;
  viewsWorkers: number;
  only?: string;
}

export function parseArgs(argv: string[]): Options {
  const value = (f: string) => {
    const k = argv.indexOf(f);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  return {
    server:
      value('--database-url') ??
      process.env.KYOSEI_BENCH_DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    workers: Number(value('--workers') ?? (argv.includes('--views') ? 1000 : 10_000)),
    reuse: argv.includes('--reuse'),
    plan: argv.includes('--plan'),
    cpu: Number(value('--cpu') ?? 0),
    rounds: Number(value('--rounds') ?? 5),
    concurrency: Number(value('--concurrency') ?? 1),
    profile: value('--profile'),
    dump: value('--dump'),
    roots: (value('--roots') ?? ROOT).split(','),
    pgSocket: value('--pg-socket') ?? '/var/run/postgresql',
    views: argv.includes('--views'),
    viewsWorkers: Number(value('--views-workers') ?? 20_000),
    only: value('--only'),
  };
}
