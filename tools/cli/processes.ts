/** Child processes of `npm start`: spawn, prefix their output, wait until ready, stop cleanly. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

interface ServiceSpec {
  name: string;
  /** Compiled entry point (a .js file). */
  script: string;
  /** Where `/readyz` answers. */
  readyUrl: string;
  env: NodeJS.ProcessEnv;
}

interface Running {
  spec: ServiceSpec;
  child: ChildProcess;
  exited: Promise<number | null>;
  exitCode: number | null | undefined;
  exitSignal: NodeJS.Signals | null;
}

const WIDTH = 10;

export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;

  /** `onCrash` runs once when a child exits while nobody asked it to stop. */
  constructor(
    private readonly print: (line: string) => void,
    private readonly onCrash: (
      name: string,
      code: number | null,
      signal: NodeJS.Signals | null,
    ) => void,
  ) {}

  /** Whatever ends this process, no child outlives it (stopAll() is the orderly way). */
  private readonly killLeftovers = () => {
    for (const r of this.running) if (r.exitCode === undefined) r.child.kill('SIGKILL');
  };

  start(spec: ServiceSpec): void {
    if (this.running.length === 0) process.once('exit', this.killLeftovers);
    // A process group of its own: a terminal's Ctrl-C (SIGINT to the whole foreground group)
    // reaches only this process, which then stops each child once. A child signalled by the
    // terminal and then by stopAll() was killed by the second signal half-way through its stop.
    const child = spawn(process.execPath, [spec.script], {
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const prefix = `${spec.name.padEnd(WIDTH)}│ `;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream }).on('line', (line) => this.print(prefix + line));
    }
    const entry: Running = {
      spec,
      child,
      exitCode: undefined,
      exitSignal: null,
      exited: Promise.resolve(null),
    };
    entry.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        entry.exitCode = code;
        entry.exitSignal = signal;
        resolve(code);
        if (!this.stopping) {
          this.stopping = true;
          this.onCrash(spec.name, code, signal);
        }
      });
      child.once('error', (error) => {
        this.print(`${prefix}could not start: ${error.message}`);
      });
    });
    this.running.push(entry);
  }

  /** Polls `/readyz` until it answers 200; fails naming the service on timeout or early exit. */
  async waitReady(name: string, timeoutMs: number): Promise<void> {
    const entry = this.running.find((r) => r.spec.name === name);
    if (!entry) throw new Error(`${name} was not started`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (entry.exitCode !== undefined)
        throw new Error(`${name} exited (code ${entry.exitCode}) before it was ready`);
      try {
        const res = await fetch(entry.spec.readyUrl, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(
      `${name} was not ready within ${Math.round(timeoutMs / 1000)} s (${entry.spec.readyUrl}); ` +
        'run it alone with LOG_LEVEL=info to see why',
    );
  }

  /**
   * SIGTERM to every child still running, SIGKILL after `graceMs`; resolves when all have exited,
   * with those that did not stop cleanly (exit code 0), e.g. `residence (SIGKILL)`.
   */
  async stopAll(graceMs = 10_000): Promise<string[]> {
    this.stopping = true;
    const alive = this.running.filter((r) => r.exitCode === undefined);
    for (const r of alive) r.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const r of alive) if (r.exitCode === undefined) r.child.kill('SIGKILL');
    }, graceMs);
    await Promise.all(alive.map((r) => r.exited));
    clearTimeout(timer);
    return alive
      .filter((r) => r.exitCode !== 0)
      .map((r) => `${r.spec.name} (${r.exitSignal ?? `exit code ${r.exitCode}`})`);
  }
}
