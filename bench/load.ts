// One load run with autocannon against a loopback server: requests/s, latency percentiles, errors.
import autocannon from 'autocannon';

export interface LoadSpec {
  path: string;
  headers: Record<string, string>;
  /** When set, each request gets its own path (cache-defeating runs). */
  vary?: (n: number) => string;
}

export interface LoadFigure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  bytesPerSec: number;
  /** The server's CPU time per request (µs, process and children), when measured. */
  cpuUs?: number;
}

export function runLoad(port: number, spec: LoadSpec, durationS: number, connections: number): Promise<LoadFigure> {
  // From 1: vary(0) is the request every server's answer was checked with before the run.
  let n = 1;
  const request = spec.vary
    ? { method: 'GET', headers: spec.headers, setupRequest: (req: { path: string }) => ({ ...req, path: spec.vary!(n++) }) }
    : { method: 'GET', path: spec.path, headers: spec.headers };
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: durationS, timeout: 30, requests: [request] }, (err, r) => {
      if (err) {
        reject(err);
        return;
      }
      resolve({
        rps: r.requests.total / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        errors: r.errors + r.timeouts + r.non2xx,
        requests: r.requests.total,
        bytesPerSec: r.throughput.average,
      });
    });
  });
}
