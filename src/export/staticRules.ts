// The server rules a static copy of the publication needs for 303s and content negotiation: nginx, Apache, Netlify/Cloudflare.

/** A document format as files carry it: `doc/x.ttl` is Turtle. */
export interface RuleFormat {
  ext: string;
  mediaType: string;
}

/** What the rules must say about one exported publication. */
export interface RuleInput {
  /** The document formats, the one a client gets for `*` first (the server's own order). */
  formats: readonly RuleFormat[];
  /** Folders whose paths name documents: `/doc/x` is negotiated over `doc/x.<ext>`. */
  areas: readonly string[];
  /** Retired things: 301 to their replacement, 410 Gone. */
  retired: ReadonlyArray<{ path: string; status: number; location?: string }>;
  /** The media type of framed JSON-LD (`/frame/…` is `frame/….jsonld`). */
  framedType: string;
}

const HTML = 'html';

/** Media types of every extension the export writes (nginx's `types` replaces its defaults, so all are listed). */
export function mediaTypes(input: RuleInput): Array<[string, string]> {
  return [
    ...input.formats.map((f) => [f.ext, f.mediaType] as [string, string]),
    ['txt', 'text/plain'],
    ['css', 'text/css'],
    ['js', 'text/javascript'],
    ['svg', 'image/svg+xml'],
    ['ico', 'image/x-icon'],
    ['png', 'image/png'],
    ['xml', 'application/xml'],
    ['json', 'application/json'],
    ['nq', 'application/n-quads'],
    ['trig', 'application/trig'],
    ['gz', 'application/gzip'],
  ].filter(([ext], i, all) => all.findIndex(([e]) => e === ext) === i) as Array<[string, string]>;
}

/** Accept patterns, weakest first: each later match overrides, so Turtle wins over JSON-LD when both are named. */
function acceptOrder(input: RuleInput): Array<{ ext: string; pattern: string }> {
  const literal = (t: string) => t.replace(/[+.]/g, '\\$&');
  const rdf = input.formats.filter((f) => f.ext !== HTML);
  return [
    { ext: HTML, pattern: 'text/html|application/xhtml\\+xml' },
    ...[...rdf].reverse().map((f) => ({ ext: f.ext, pattern: literal(f.mediaType) })),
  ];
}

/** An nginx snippet to include in the `server { }` whose root is the export folder. */
export function nginxRules(input: RuleInput): string {
  const first = input.formats[0].ext;
  const areas = input.areas.join('|');
  const cors = 'add_header Access-Control-Allow-Origin "*" always;';
  const links = input.formats.map((f) => `<$fld_doc.${f.ext}>; rel=\\"alternate\\"; type=\\"${f.mediaType}\\"`).join(', ');
  const text = new Set(['txt', 'css', 'js', 'svg', 'xml', 'json', 'nq', 'trig', ...input.formats.map((f) => f.ext)]);
  const types = mediaTypes(input);
  return `# forum-ld static export: rules for nginx. Include this file inside the server { } block whose root is the export folder:
#   server { listen 80; server_name example.org; root /srv/forum-ld; include /srv/forum-ld/nginx.conf; }
# The formats are negotiated on the Accept header by the media types it names (${acceptOrder(input)
    .slice()
    .reverse()
    .map((a) => a.ext)
    .join(' over ')}); q-values are
# not weighed. A request naming none of them gets ${first} (as the server does for */*; the home page: HTML); there is no 406.

types {
${types.map(([ext, type]) => `  ${type} ${ext};`).join('\n')}
}
charset utf-8;
charset_types ${types
    // text/html is always in the list: naming it again makes nginx warn.
    .filter(([ext]) => text.has(ext) && ext !== HTML)
    .map(([, t]) => t)
    .join(' ')};
absolute_redirect off;
${cors}

set $fld_named "";
${acceptOrder(input)
  .map((a) => `if ($http_accept ~* "(${a.pattern})") { set $fld_named ${a.ext}; }`)
  .join('\n')}
# Documents default to ${first}; the home page, like the server's, to HTML.
set $fld_ext $fld_named;
if ($fld_ext = "") { set $fld_ext ${first}; }
set $fld_home $fld_named;
if ($fld_home = "") { set $fld_home ${HTML}; }
set $fld_src txt;
if ($http_accept ~* "text/html") { set $fld_src html; }

${input.retired.map((r) => `location = ${r.path} { ${cors} return ${r.status}${r.location ? ` ${r.location}` : ''}; }`).join('\n')}

# A thing's IRI answers 303 See Other with the address of the document about it (Cool URIs).
location ~ ^/id/(?<fld_thing>.+)$ {
  ${cors}
  add_header Vary Accept always;
  add_header Cache-Control "public, max-age=3600" always;
  if (!-f $document_root/doc/$fld_thing.html) { return 404; }
  return 303 /doc/$fld_thing;
}

# A document with its format named: the file itself.
location ~ ^/(${areas})/.+\\.(${input.formats.map((f) => f.ext).join('|')})$ {
  ${cors}
  add_header Vary Accept-Encoding always;
  try_files $uri =404;
}

# A document without a format: the file of the format the Accept header asks for.
location ~ ^(?<fld_doc>/(${areas})/.+)$ {
  ${cors}
  add_header Vary "Accept, Accept-Encoding" always;
  add_header Content-Location $fld_doc.$fld_ext always;
  add_header Link "${links}" always;
  try_files $fld_doc.$fld_ext =404;
}

# The home page for browsers; the dataset description for RDF clients.
location = / {
  ${cors}
  add_header Vary "Accept, Accept-Encoding" always;
  try_files /index.$fld_home =404;
}
location = /.well-known/void {
  ${cors}
  add_header Vary "Accept, Accept-Encoding" always;
  add_header Content-Location /doc/dataset.$fld_ext always;
  try_files /doc/dataset.$fld_ext =404;
}

# Framed JSON-LD of an edition.
location ~ ^/frame/ {
  ${cors}
  types { }
  default_type '${input.framedType}';
  try_files $uri.jsonld =404;
}

# The source text: plain text, or a page with numbered lines for browsers.
location ~ ^/source/[^/.]+$ {
  ${cors}
  add_header Vary "Accept, Accept-Encoding" always;
  try_files $uri.$fld_src =404;
}

# Static files named by a hash of their content never change.
location ~ "^/assets/.+\\.[0-9a-f]{8}\\.[a-z]+$" {
  ${cors}
  add_header Cache-Control "public, max-age=31536000, immutable" always;
}
`;
}

/** An .htaccess for Apache (mod_rewrite, mod_headers, mod_mime, mod_dir) at the root of the export folder. */
export function htaccessRules(input: RuleInput): string {
  const first = input.formats[0].ext;
  const areas = input.areas.join('|');
  const exts = input.formats.map((f) => f.ext).join('|');
  return `# forum-ld static export: rules for Apache 2.4 (mod_rewrite, mod_headers, mod_mime, mod_dir). Put this folder
# at the document root with AllowOverride All (or FileInfo Indexes Options). The formats are negotiated by rewriting on the
# Accept header, by the media types it names, not by their q-values; a request naming none of them gets ${first} (the
# home page: HTML), as the server does for */*; there is no 406.
Options -MultiViews -Indexes
DirectoryIndex index.html
# A document can also be a folder (/doc/event/rf-2019 holds its sessions' documents): no redirect to a trailing
# slash, the rules below give the document.
DirectorySlash Off
${mediaTypes(input)
  .map(([ext, type]) => `AddType ${type} .${ext}`)
  .join('\n')}
AddCharset utf-8 ${mediaTypes(input)
    .filter(([ext]) => !['png', 'ico', 'gz'].includes(ext))
    .map(([ext]) => `.${ext}`)
    .join(' ')}
Header always set Access-Control-Allow-Origin "*"

RewriteEngine On
RewriteRule ^ - [E=FLD_EXT:${first},E=FLD_HOME:${HTML}]
${acceptOrder(input)
  .map((a) => `RewriteCond %{HTTP_ACCEPT} (${a.pattern}) [NC]\nRewriteRule ^ - [E=FLD_EXT:${a.ext},E=FLD_HOME:${a.ext}]`)
  .join('\n')}
RewriteRule ^ - [E=FLD_SRC:txt]
RewriteCond %{HTTP_ACCEPT} text/html [NC]
RewriteRule ^ - [E=FLD_SRC:html]

${input.retired
  .map((r) =>
    r.status === 410 ? `RewriteRule ^${r.path.slice(1)}$ - [G,L]` : `RewriteRule ^${r.path.slice(1)}$ ${r.location} [R=${r.status},L]`,
  )
  .join('\n')}

# A thing's IRI answers 303 See Other with the address of the document about it.
RewriteCond %{DOCUMENT_ROOT}/doc/$1.html -f
RewriteRule ^id/(.+)$ /doc/$1 [R=303,L,E=FLD_VARY:1]

# A document without a format, the home page, the VoID address and the source: the file the Accept header asks for.
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{DOCUMENT_ROOT}/$1.%{ENV:FLD_EXT} -f
RewriteRule ^((?:${areas})/.+)$ $1.%{ENV:FLD_EXT} [L,E=FLD_VARY:1]
RewriteRule ^$ index.%{ENV:FLD_HOME} [L,E=FLD_VARY:1]
RewriteRule ^\\.well-known/void$ doc/dataset.%{ENV:FLD_EXT} [L,E=FLD_VARY:1]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteRule ^(frame/.+)$ $1.jsonld [L,E=FLD_FRAMED:1]
RewriteCond %{REQUEST_FILENAME} !-f
RewriteRule ^(source/[^/.]+)$ $1.%{ENV:FLD_SRC} [L,E=FLD_VARY:1]

# After an internal rewrite the variables carry the REDIRECT_ prefix.
Header always set Vary "Accept, Accept-Encoding" env=FLD_VARY
Header always set Vary "Accept, Accept-Encoding" env=REDIRECT_FLD_VARY
Header set Content-Type "${input.framedType.replace(/"/g, '\\"')}; charset=utf-8" env=REDIRECT_FLD_FRAMED
<FilesMatch "\\.[0-9a-f]{8}\\.(css|js|svg)$">
  Header set Cache-Control "public, max-age=31536000, immutable"
</FilesMatch>
<FilesMatch "\\.(${exts})$">
  Header merge Vary Accept-Encoding
</FilesMatch>
`;
}

/** A _redirects file for Netlify and Cloudflare Pages, which redirect and rewrite by path but never by Accept. */
export function redirectsRules(input: RuleInput): string {
  return `# forum-ld static export: _redirects for Netlify and Cloudflare Pages.
# What these hosts cannot do: negotiate on the Accept header. /doc/x answers its HTML page (the host's own
# pretty URLs serve doc/x.html); RDF clients must name the format (/doc/x.ttl, .jsonld, .nt, .rdf), as the pages'
# links and the dataset description do. A 303 from /id/x is sent whether or not the document exists, without
# Vary: Accept; the content types of .ttl, .jsonld, .nt and .rdf are the host's (set them in its _headers file if
# it does not know them); Cloudflare Pages cannot answer 410, so a retired IRI answers 404 there.
${input.retired.map((r) => (r.status === 410 ? `${r.path}  /404  410` : `${r.path}  ${r.location}  ${r.status}`)).join('\n')}
/id/*  /doc/:splat  303
/.well-known/void  /doc/dataset.html  200
/frame/*  /frame/:splat.jsonld  200
`;
}
