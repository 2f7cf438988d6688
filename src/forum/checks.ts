// The checks every dataset passes before it is published (SHACL shapes and source checks join here).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Validator } from '../ingest/load';
import { sourceValidator } from './checkSource';
import { readingsValidator } from './checkReadings';
import { shaclValidator } from '../ingest/shaclValidator';
import { fileVerdictCache, VerdictCache } from '../ingest/verdicts';

/** SHACL shapes (taken from the loaded ontology/shapes.ttl), the source-text and link checks, and the readings' statements. */
export function validators(): Validator[] {
  return [shaclValidator(), sourceValidator(), readingsValidator()];
}

/**
 * Verdicts of these checks kept in `dir`. They are tied to the code of the checks and shacl-engine's version, so a
 * change to any of them checks the data again.
 */
export function validatorVerdicts(dir: string): VerdictCache {
  return fileVerdictCache(dir, checksFingerprint());
}

let fingerprint: string | undefined;
function checksFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  for (const m of [
    '../ingest/validate',
    '../ingest/directShapes',
    '../ingest/shapeModel',
    '../ingest/shapeIndex',
    '../ingest/shapeCompiler',
    '../ingest/shapeChecker',
    '../ingest/valueChecks',
    '../ingest/resolveVariables',
    'rdf-validation/package.json',
    '../ingest/shaclValidator',
    '../ingest/shaclWorker',
    './checkSource',
    './sourceWorker',
    './checkReadings',
    '../publish/readings',
    '../store/unionGraphView',
    '../store/quadStore',
    '../store/termDictionary',
    '../rdf/termKey',
    '../ingest/load',
    '../ingest/versionDigest',
    'shacl-engine/package.json',
  ]) {
    hash
      .update(m)
      .update('\0')
      .update(fs.readFileSync(require.resolve(m)))
      .update('\0');
  }
  return (fingerprint = hash.digest('hex'));
}
