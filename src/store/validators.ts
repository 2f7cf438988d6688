// The checks every dataset passes before it is published (SHACL shapes and source checks join here).
import { Validator } from './load';
import { sourceValidator } from './checkSource';
import { shaclValidator } from './validate';

/** SHACL shapes (taken from the loaded ontology/shapes.ttl) and the source-text and link checks. */
export function validators(): Validator[] {
  return [shaclValidator(), sourceValidator()];
}
