// The JSON-LD context documents are compacted with: the one shipped with the data, else one made of the prefixes.
import { createHash } from 'node:crypto';
import { allPrefixes } from '../rdf/prefixes';
import { Dataset } from '../store/dataset';
import { withBase } from '../ingest/load';

export interface PublishedContext {
  /** The context document, `{ "@context": … }`, with the deployment's base filled in. */
  readonly object: Record<string, unknown>;
  /** Where it is published: documents name it by this IRI. */
  readonly url: string;
  /** A short digest of its content: changes exactly when the context does, whatever else in the data changes. */
  readonly version: string;
  /** True when the data shipped it (ontology/context.jsonld); false when it was made from the prefixes. */
  readonly shipped: boolean;
}

export function publishedContext(ds: Dataset): PublishedContext {
  return ds.memo('publishedContext', () => {
    const shipped = ds.info.contexts.get('context.jsonld');
    const object = shipped ? withBase(shipped, ds.baseIri) : { '@context': { ...allPrefixes(ds.baseIri) } };
    const text = JSON.stringify(object);
    return Object.freeze({
      object,
      url: `${ds.baseIri}context.jsonld`,
      shipped: Boolean(shipped),
      version: createHash('sha256').update(text).digest('hex').slice(0, 12),
    });
  });
}
