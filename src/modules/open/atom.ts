/**
 * A dataset's change feed in Atom (RFC 4287): one entry per version, newest first. Ids are permanent: the feed's
 * is its own address, an entry's the batch's UUID as a URN (a version never changes once made). Every piece of
 * text is escaped for XML and stripped of the characters XML 1.0 cannot carry, so any title makes a valid document.
 */

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  summary: string;
  links: { rel: string; type: string; href: string; title?: string }[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  updated: Date;
  author: string;
  links: { rel: string; type: string; href: string }[];
  entries: AtomEntry[];
}

// Control characters other than tab, LF and CR, U+FFFE/U+FFFF and unpaired surrogates: not XML 1.0 characters.
const NOT_XML = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}${String.fromCharCode(12)}${String.fromCharCode(14)}-${String.fromCharCode(31)}\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]`,
  'g',
);

export function xmlText(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

const link = (l: { rel: string; type: string; href: string; title?: string }) =>
  `<link rel="${xmlText(l.rel)}" type="${xmlText(l.type)}" href="${xmlText(l.href)}"${
    l.title ? ` title="${xmlText(l.title)}"` : ''
  }/>`;

export function atomFeed(feed: AtomFeed): string {
  const out = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${xmlText(feed.id)}</id>`,
    `  <title>${xmlText(feed.title)}</title>`,
    `  <subtitle>${xmlText(feed.subtitle)}</subtitle>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <author><name>${xmlText(feed.author)}</name></author>`,
    '  <generator>Tongban</generator>',
    ...feed.links.map((l) => `  ${link(l)}`),
  ];
  for (const e of feed.entries)
    out.push(
      '  <entry>',
      `    <id>${xmlText(e.id)}</id>`,
      `    <title>${xmlText(e.title)}</title>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      ...e.links.map((l) => `    ${link(l)}`),
      `    <summary type="text">${xmlText(e.summary)}</summary>`,
      '  </entry>',
    );
  out.push('</feed>', '');
  return out.join('\n');
}
