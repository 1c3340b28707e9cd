/**
 * Collects items handed over one at a time (graphile-worker gives each job to its own concurrent
 * worker) into batches: flushed when `size` are waiting or after `delayMs`. Every item's promise
 * settles with its batch, so a failed batch fails (and so retries) each of its items.
 */
export class Batcher<T> {
  private waiting: { item: T; resolve(): void; reject(e: unknown): void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly size: number,
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly delayMs = 2,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.size) this.run();
      else this.timer ??= setTimeout(() => this.run(), this.delayMs);
    });
  }

  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const taken = this.waiting.splice(0, this.size);
    if (taken.length === 0) return;
    // A synchronous throw in flush becomes a rejection of every item in the batch.
    Promise.resolve()
      .then(() => this.flush(taken.map((t) => t.item)))
      .then(
        () => taken.forEach((t) => t.resolve()),
        (e: unknown) => taken.forEach((t) => t.reject(e)),
      );
    if (this.waiting.length > 0) this.timer = setTimeout(() => this.run(), this.delayMs);
  }
}
