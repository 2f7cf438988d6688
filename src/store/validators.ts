// The checks every dataset passes before it is published (SHACL shapes and source checks join here).
import { Validator } from './load';

export function validators(): Validator[] {
  return [];
}
