/**
 * A small RDF graph and its three serializations — Turtle, RDF/XML and JSON-LD — written from the same nodes, so
 * they carry the same triples (the tests parse each with an RDF library and compare). No RDF library at run time:
 * the graph is a tree of named nodes with blank nodes nested where they are used, which each writer walks once.
 */

export const RDF_NAMESPACES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dqv: 'http://www.w3.org/ns/dqv#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;
type Prefix = keyof typeof RDF_NAMESPACES;

export interface IriTerm {
  kind: 'iri';
  iri: string;
}
export interface LiteralTerm {
  kind: 'literal';
  value: string;
  lang: string | null;
  datatype: string | null;
}
export interface RdfNode {
  kind: 'node';
  /** null: a blank node, written where it is used. */
  iri: string | null;
  types: string[];
  props: [string, Term][];
}
export type Term = IriTerm | LiteralTerm | RdfNode;

/** `dcat:Dataset` → its full IRI. */
export const term = (curie: `${Prefix}:${string}`): string => {
  const [prefix, local] = curie.split(':') as [Prefix, string];
  return RDF_NAMESPACES[prefix] + local;
};

// Characters no RDF syntax can carry as text: XML 1.0 forbids the C0 controls but tab, LF and CR, and a lone
// surrogate has no UTF-8 form. All three writers replace them the same way, so they stay equal.
const UNWRITABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const clean = (s: string) => s.replace(UNWRITABLE, '\uFFFD');

// What IRIREF forbids is percent-encoded when the IRI is made, so that every writer carries the same valid IRI.
const safeIri = (value: string) =>
  clean(value).replace(
    // eslint-disable-next-line no-control-regex -- IRIREF forbids the controls and space
    /[\u0000-\u0020<>"{}|^`\\]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );

export const iri = (value: string): IriTerm => ({ kind: 'iri', iri: safeIri(value) });
export const lit = (
  value: string,
  lang: string | null = null,
  datatype: string | null = null,
): LiteralTerm => ({
  kind: 'literal',
  value: clean(value),
  lang,
  datatype,
});
export const zh = (value: string) => lit(value, 'zh');
export const typed = (value: string, xsdType: string) => lit(value, null, RDF_NAMESPACES.xsd + xsdType);

/** A node of the graph; `add` says something of it. */
export function node(id: string | null, ...types: string[]): RdfNode {
  return { kind: 'node', iri: id === null ? null : safeIri(id), types, props: [] };
}

/** Adds a statement; a value that is missing (null, empty text) is left out rather than written empty. */
export function add(subject: RdfNode, predicate: string, object: Term | null | undefined): void {
  if (!object || (object.kind === 'literal' && object.value.trim() === '')) return;
  // A named node as object is a reference; it is described where it stands on its own.
  subject.props.push([predicate, object.kind === 'node' && object.iri !== null ? iri(object.iri) : object]);
}

function grouped(n: RdfNode): Map<string, Term[]> {
  const out = new Map<string, Term[]>();
  for (const [p, o] of n.props) out.set(p, [...(out.get(p) ?? []), o]);
  return out;
}

function curie(full: string): { prefix: Prefix; local: string } | null {
  for (const [prefix, ns] of Object.entries(RDF_NAMESPACES) as [Prefix, string][])
    if (full.startsWith(ns) && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(full.slice(ns.length)))
      return { prefix, local: full.slice(ns.length) };
  return null;
}

// ---- Turtle

const TURTLE_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function turtleIri(full: string): string {
  const c = curie(full);
  return c ? `${c.prefix}:${c.local}` : `<${full}>`;
}

function turtleTerm(t: Term, indent: string): string {
  if (t.kind === 'iri') return turtleIri(t.iri);
  if (t.kind === 'node') {
    if (t.iri !== null) return turtleIri(t.iri);
    const inner = `${indent}    `;
    return `[\n${inner}${turtleBody(t, inner)}\n${indent}]`;
  }
  const text = `"${t.value.replace(/[\\"\n\r\t]/g, (ch) => TURTLE_ESCAPES[ch]!)}"`;
  if (t.lang) return `${text}@${t.lang}`;
  return t.datatype ? `${text}^^${turtleIri(t.datatype)}` : text;
}

function turtleBody(n: RdfNode, indent: string): string {
  const parts: string[] = [];
  if (n.types.length) parts.push(`a ${n.types.map(turtleIri).join(', ')}`);
  for (const [p, objects] of grouped(n))
    parts.push(`${turtleIri(p)} ${objects.map((o) => turtleTerm(o, indent)).join(', ')}`);
  return parts.join(` ;\n${indent}`);
}

export function toTurtle(nodes: RdfNode[]): string {
  const head = Object.entries(RDF_NAMESPACES).map(([p, ns]) => `@prefix ${p}: <${ns}> .`);
  const body = nodes.map((n) => `${turtleIri(n.iri!)}\n    ${turtleBody(n, '    ')} .`);
  return `${head.join('\n')}\n\n${body.join('\n\n')}\n`;
}

// ---- RDF/XML

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const xmlAttr = (s: string) =>
  xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');

function qname(full: string): string {
  const c = curie(full);
  // Every predicate and type the feed writes is in a declared namespace with a plain local name.
  if (!c) throw new Error(`RDF/XML cannot name ${full} as an element`);
  return `${c.prefix}:${c.local}`;
}

function xmlProps(n: RdfNode, indent: string): string[] {
  const lines = n.types.map((t) => `${indent}<rdf:type rdf:resource="${xmlAttr(t)}"/>`);
  for (const [p, o] of n.props) {
    const el = qname(p);
    if (o.kind === 'iri') lines.push(`${indent}<${el} rdf:resource="${xmlAttr(o.iri)}"/>`);
    else if (o.kind === 'literal') {
      const attrs = o.lang
        ? ` xml:lang="${o.lang}"`
        : o.datatype
          ? ` rdf:datatype="${xmlAttr(o.datatype)}"`
          : '';
      // CR would become LF when the XML is read; a character reference keeps it.
      lines.push(`${indent}<${el}${attrs}>${xmlText(o.value).replace(/\r/g, '&#13;')}</${el}>`);
    } else if (o.iri !== null) lines.push(`${indent}<${el} rdf:resource="${xmlAttr(o.iri)}"/>`);
    else
      lines.push(
        `${indent}<${el} rdf:parseType="Resource">`,
        ...xmlProps(o, `${indent}  `),
        `${indent}</${el}>`,
      );
  }
  return lines;
}

export function toRdfXml(nodes: RdfNode[]): string {
  const ns = Object.entries(RDF_NAMESPACES)
    .map(([p, uri]) => `\n    xmlns:${p}="${uri}"`)
    .join('');
  const body = nodes.flatMap((n) => [
    `  <rdf:Description rdf:about="${xmlAttr(n.iri!)}">`,
    ...xmlProps(n, '    '),
    '  </rdf:Description>',
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF${ns}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}

// ---- JSON-LD

const jsonName = (full: string) => {
  const c = curie(full);
  return c ? `${c.prefix}:${c.local}` : full;
};

function jsonTerm(t: Term): unknown {
  if (t.kind === 'iri') return { '@id': t.iri };
  if (t.kind === 'node') return jsonNode(t);
  if (t.lang) return { '@value': t.value, '@language': t.lang };
  return t.datatype ? { '@value': t.value, '@type': jsonName(t.datatype) } : { '@value': t.value };
}

function jsonNode(n: RdfNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (n.iri !== null) out['@id'] = n.iri;
  if (n.types.length) out['@type'] = n.types.map(jsonName);
  for (const [p, objects] of grouped(n)) out[jsonName(p)] = objects.map(jsonTerm);
  return out;
}

/** The context is inline: a consumer needs nothing from the network to read it. */
export function toJsonLd(nodes: RdfNode[]): object {
  return { '@context': { ...RDF_NAMESPACES }, '@graph': nodes.map(jsonNode) };
}
