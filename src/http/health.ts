// Probes for orchestrators: /healthz (the process answers) and /readyz (a dataset is served; 503 while the first one loads).
import type { Request, Response } from 'express';
import type { LiveDataset } from '../publish/live';
import { HttpError, storeUnavailable } from './errors';

function sendJson(res: Response, status: number, body: object): void {
  res.status(status).setHeader('Cache-Control', 'no-store');
  res.type('application/json').send(`${JSON.stringify(body)}\n`);
}

/** GET /healthz: alive, whatever the dataset's state; restart the process only when this fails. */
export function healthHandler() {
  return (_req: Request, res: Response) => sendJson(res, 200, { status: 'alive' });
}

/** GET /readyz: 200 with the dataset version once one is served (a reload keeps serving the old one); 503 before. */
export function readyHandler(live: LiveDataset) {
  return (_req: Request, res: Response) => {
    if (!live.loaded) {
      res.setHeader('Retry-After', '5');
      return sendJson(res, 503, { status: 'loading' });
    }
    const { dataset } = live.current;
    sendJson(res, 200, {
      status: 'ready',
      version: dataset.info.version,
      quads: dataset.size,
      loadedAt: dataset.info.loadedAt.toISOString(),
    });
  };
}

/** Before the first dataset is in service every other route answers 503 with Retry-After, not an error from deep inside. */
export function whileLoading(live: LiveDataset) {
  return (_req: Request, _res: Response, next: (e?: unknown) => void) =>
    next(
      live.loaded
        ? undefined
        : new HttpError(503, 'The dataset is still loading; try again in a few seconds.', { 'Retry-After': '5' }, 'Loading'),
    );
}

/**
 * In front of the surfaces still made from the whole version (docs/store.md): a replica over an external store that
 * does not hold it reads it first, once per version; the embedded backend always holds it.
 */
export function wholeVersion(live: LiveDataset) {
  return (_req: Request, _res: Response, next: (e?: unknown) => void) => {
    const access = live.current.access;
    if (!access) return next();
    access.whole().then(
      () => next(),
      (e: Error) => next(storeUnavailable(e.message)),
    );
  };
}

/**
 * In front of the dataset-level surfaces (home page, VoID/DCAT, sitemap): a replica makes them from the summary the
 * publisher stored with the version; only a version published without one has it read the whole version first.
 */
export function wholeUnlessSummarised(live: LiveDataset) {
  const whole = wholeVersion(live);
  return (req: Request, res: Response, next: (e?: unknown) => void) =>
    live.current.access?.summarised === false ? whole(req, res, next) : next();
}
