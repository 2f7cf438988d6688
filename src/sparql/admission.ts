// Admission control for queries: a fixed number of running slots and a short, time-bounded waiting line.

export class AdmissionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdmissionRefused';
  }
}

/** The request stopped waiting (its client hung up) before it got a slot. */
export class AdmissionCancelled extends Error {
  constructor() {
    super('The request stopped waiting for a query slot.');
    this.name = 'AdmissionCancelled';
  }
}

interface Waiter {
  grant: (release: () => void) => void;
  refuse: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class Admission {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  /**
   * `slots` run at once; up to `queueSize` more wait, each at most `maxWaitMs`.
   * Beyond that a request is refused at once, so an overloaded server answers fast instead of piling up work.
   */
  constructor(
    private readonly slots: number,
    private readonly queueSize: number,
    private readonly maxWaitMs: number,
  ) {}

  private readonly drained: Array<() => void> = [];

  /**
   * Resolves with a release function once a slot is free; rejects with AdmissionRefused when the line is full or too
   * slow, and with AdmissionCancelled when `signal` aborts while waiting.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new AdmissionCancelled());
    if (this.running < this.slots) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queueSize) {
      return Promise.reject(
        new AdmissionRefused(
          `All ${this.slots} query slots are busy and ${this.queueSize} queries are already waiting; try again shortly.`,
        ),
      );
    }
    return new Promise((grant, refuse) => {
      const waiter: Waiter = {
        grant,
        refuse,
        timer: setTimeout(() => {
          this.leave(waiter);
          refuse(
            new AdmissionRefused(`The query waited ${this.maxWaitMs / 1000} s for a free slot without getting one; try again shortly.`),
          );
        }, this.maxWaitMs),
      };
      this.waiting.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          if (!this.waiting.includes(waiter)) return;
          clearTimeout(waiter.timer);
          this.leave(waiter);
          refuse(new AdmissionCancelled());
        },
        { once: true },
      );
    });
  }

  /** Refuses everyone still waiting with `error` (the server is closing). */
  refuseWaiting(error: () => Error): void {
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.refuse(error());
    }
    this.notifyIfIdle();
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private leave(w: Waiter): void {
    const at = this.waiting.indexOf(w);
    if (at >= 0) this.waiting.splice(at, 1);
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (this.running === 0 && this.waiting.length === 0) for (const d of this.drained.splice(0)) d();
  }

  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant(this.releaser()); // the slot passes straight to the next in line
      } else {
        this.running--;
        this.notifyIfIdle();
      }
    };
  }
}
