// At most N store requests in flight: the upload's requests are independent, so they overlap, but the store is not flooded.

/** Runs tasks with at most `size` at a time; the first failure is thrown by the next `run` or by `drain`. */
export class RequestPool {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown;
  private failed = false;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a request pool needs a whole number of requests of at least 1, not ${size}`);
  }

  /** Starts `task` once a place is free (waiting for one); resolves when it has started, not when it is done. */
  async run(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.size) await Promise.race(this.running);
    this.check();
    const p: Promise<void> = task().then(
      () => {
        this.running.delete(p);
      },
      (e) => {
        this.running.delete(p);
        if (!this.failed) {
          this.failed = true;
          this.failure = e;
        }
      },
    );
    this.running.add(p);
  }

  /** Waits for every started task; throws the first failure. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.race(this.running);
    this.check();
  }

  private check(): void {
    if (this.failed) throw this.failure;
  }
}
