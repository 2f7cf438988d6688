// Admission control for queries: a fixed number of running slots and a short, time-bounded waiting line.

export class AdmissionRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdmissionRefused';
  }
}

interface Waiter { grant: (release: () => void) => void; refuse: (e: Error) => void; timer: NodeJS.Timeout }

export class Admission {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  /**
   * `slots` run at once; up to `queueSize` more wait, each at most `maxWaitMs`.
   * Beyond that a request is refused at once, so an overloaded server answers fast instead of piling up work.
   */
  constructor(private readonly slots: number, private readonly queueSize: number, private readonly maxWaitMs: number) {}

  /** Resolves with a release function once a slot is free; rejects with AdmissionRefused when the line is full or too slow. */
  acquire(): Promise<() => void> {
    if (this.running < this.slots) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.queueSize) {
      return Promise.reject(new AdmissionRefused(`All ${this.slots} query slots are busy and ${this.queueSize} queries are already waiting; try again shortly.`));
    }
    return new Promise((grant, refuse) => {
      const waiter: Waiter = {
        grant, refuse,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          refuse(new AdmissionRefused(`The query waited ${this.maxWaitMs / 1000} s for a free slot without getting one; try again shortly.`));
        }, this.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
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
      }
    };
  }
}
