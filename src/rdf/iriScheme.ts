// The deployment's IRI scheme as local links: things under BASE id/ are read at /doc/…, framed at /frame/….

/** The local link for an IRI: a thing's document for BASE id/…, the path for other IRIs under the base, else the IRI. */
export function hrefFor(iri: string, base: string): string {
  if (!iri.startsWith(base)) return iri;
  const local = iri.slice(base.length);
  if (local.startsWith('id/')) return `/doc/${local.slice(3)}`;
  return `/${local}`;
}

/** The path of the framed view of a thing IRI under BASE id/: `/frame/event/rf-2019`. */
export function framePath(iri: string, base: string): string | undefined {
  return iri.startsWith(`${base}id/`) ? `/frame/${iri.slice(base.length + 3)}` : undefined;
}
