import jsonld from 'jsonld';
import type { JsonLdDocument } from 'jsonld';
import { Parser, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { describe, expect, it } from 'vitest';
import { telIris } from '../../src/modules/open/dcat.ts';
import {
  add,
  iri,
  lit,
  node,
  term,
  toJsonLd,
  toRdfXml,
  toTurtle,
  typed,
  zh,
} from '../../src/modules/open/rdf.ts';

// Everything a writer must escape: quotes, a backslash, line breaks, a tab, markup, a control character and a
// lone surrogate (neither of the last two can be written, both become U+FFFD in every serialization).
const TRICKY = '名称"引号" C:\\路径\n第二行\r\n\t制表 <b>&amp;</b> ]]> \u0001控制 \uD800孤';

function parseRdfXml(text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const out: Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: Quad) => out.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    parser.write(text);
    parser.end();
  });
}

const key = (q: Quad) =>
  [q.subject, q.predicate, q.object]
    .map((x) =>
      x.termType === 'BlankNode'
        ? '_'
        : x.termType === 'Literal'
          ? JSON.stringify([x.value, x.language, x.language ? '' : x.datatype.value])
          : `<${x.value}>`,
    )
    .join(' ');

describe('open data RDF writers', () => {
  const subject = node('https://data.example/open/datasets/r1 with space', term('dcat:Dataset'));
  add(subject, term('dct:title'), zh(TRICKY));
  add(subject, term('dct:identifier'), lit('101001/000001'));
  add(subject, term('dct:modified'), typed('2026-01-02T03:04:05.000Z', 'dateTime'));
  add(subject, term('dct:description'), zh('  ')); // empty: left out
  add(subject, term('dct:license'), iri('http://www.opendefinition.org/licenses/cc-by'));
  const contact = node(null, term('vcard:Kind'));
  add(contact, term('vcard:fn'), zh('李静'));
  add(contact, term('vcard:hasTelephone'), iri('tel:+86-518-85800000'));
  add(subject, term('dcat:contactPoint'), contact);
  const nodes = [subject];

  it('writes the same triples as Turtle, RDF/XML and JSON-LD, whatever the text holds', async () => {
    const fromTtl = new Parser({ format: 'text/turtle' }).parse(toTurtle(nodes));
    const fromXml = await parseRdfXml(toRdfXml(nodes));
    const nquads = (await jsonld.toRDF(toJsonLd(nodes) as JsonLdDocument, {
      format: 'application/n-quads',
    })) as unknown as string;
    const fromJson = new Parser({ format: 'N-Quads' }).parse(nquads);
    expect(fromTtl).toHaveLength(9);
    expect(fromXml.map(key).sort()).toEqual(fromTtl.map(key).sort());
    expect(fromJson.map(key).sort()).toEqual(fromTtl.map(key).sort());

    const title = fromTtl.find((q) => q.predicate.value === term('dct:title'))!.object;
    expect(title.value).toBe(TRICKY.replace('\u0001', '\uFFFD').replace('\uD800', '\uFFFD'));
    // An IRI with a space is percent-encoded when made, so every syntax carries the same valid IRI.
    expect(fromTtl[0]!.subject.value).toBe('https://data.example/open/datasets/r1%20with%20space');
    expect(fromTtl.some((q) => q.predicate.value === term('dct:description'))).toBe(false);
  });

  it('writes contact phones as tel: IRIs', () => {
    expect(telIris('0518-85800000')).toEqual(['tel:+86-518-85800000']);
    expect(telIris('13912345678；12345')).toEqual(['tel:+86-13912345678', 'tel:12345;phone-context=+86']);
    expect(telIris('+86 518 1234')).toEqual(['tel:+86-518-1234']);
    expect(telIris('请拨总机')).toEqual([]);
    expect(telIris(null)).toEqual([]);
  });
});
