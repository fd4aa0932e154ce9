/**
 * The part of Solr's filter-query syntax CKAN clients send in `fq`: clauses `field:value`, `field:"a phrase"`,
 * `field:[from TO to]` (either end `*`; dates in ISO 8601, as harvesters page by `metadata_modified:[… TO *]`),
 * each optionally negated by `-` (or required by `+`), joined by spaces or AND. Anything else is an error naming
 * the offending text, never a silently ignored filter.
 */
export interface FqClause {
  field: string;
  negate: boolean;
  value:
    | { kind: 'term'; text: string }
    | { kind: 'range'; from: string | null; to: string | null; inclusive: [boolean, boolean] };
}

const CLAUSE =
  /^\s*([+-]?)([A-Za-z_][A-Za-z0-9_.]*):(?:"((?:[^"\\]|\\.)*)"|([[{])\s*(\S+)\s+TO\s+(\S+?)\s*([\]}])|([^\s"[{]+))/;

export function parseFq(fq: string): FqClause[] {
  const out: FqClause[] = [];
  let rest = fq.trim();
  while (rest) {
    const and = /^AND\s+/.exec(rest);
    if (and) {
      rest = rest.slice(and[0].length);
      continue;
    }
    const m = CLAUSE.exec(rest);
    if (!m)
      throw new Error(`fq: cannot read "${rest.slice(0, 40)}" (expected field:value or field:[a TO b])`);
    const [, sign, field, phrase, open, from, to, close, term] = m;
    const end = (v: string) => (v === '*' ? null : v.replace(/^"|"$/g, ''));
    out.push({
      field: field!,
      negate: sign === '-',
      value:
        open !== undefined
          ? { kind: 'range', from: end(from!), to: end(to!), inclusive: [open === '[', close === ']'] }
          : {
              kind: 'term',
              text: phrase !== undefined ? phrase.replace(/\\(.)/g, '$1') : term!.replace(/\\(.)/g, '$1'),
            },
    });
    rest = rest.slice(m[0].length).trim();
  }
  return out;
}

/** The values a package has for an fq field (CKAN's Solr field names). */
function valuesOf(pkg: Record<string, unknown>, field: string): string[] {
  const p = pkg as {
    organization?: { name: string };
    groups?: { name: string }[];
    tags?: { name: string }[];
    resources?: { format: string }[];
    extras?: { key: string; value: string }[];
  };
  switch (field) {
    case 'organization':
      return p.organization ? [p.organization.name] : [];
    case 'groups':
      return (p.groups ?? []).map((g) => g.name);
    case 'tags':
      return (p.tags ?? []).map((t) => t.name);
    case 'res_format':
      return (p.resources ?? []).map((r) => r.format);
    case 'capacity':
      return ['public'];
    case 'dataset_type':
      return [String(pkg.type)];
    default: {
      if (field.startsWith('extras_')) {
        const e = (p.extras ?? []).find((x) => x.key === field.slice(7));
        return e ? [e.value] : [];
      }
      const v = pkg[field];
      return v === undefined || v === null ? [] : [String(v)];
    }
  }
}

/** Comparable form of a date-time bound: ISO text sorts as time when both sides are complete UTC instants. */
function instant(v: string): string {
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t).toISOString();
}

export function matchesFq(clauses: readonly FqClause[], pkg: Record<string, unknown>): boolean {
  return clauses.every((c) => {
    const values = valuesOf(pkg, c.field);
    let hit: boolean;
    if (c.value.kind === 'term') {
      const want = c.value.text;
      hit =
        want === '*'
          ? values.length > 0
          : values.some((v) => v === want || v.toLowerCase() === want.toLowerCase());
    } else {
      const { from, to, inclusive } = c.value;
      const dated = /(_modified|_created)$/.test(c.field);
      const norm = (v: string) => (dated ? instant(v) : v);
      hit = values.some((raw) => {
        const v = norm(raw);
        if (from !== null) {
          const f = norm(from);
          if (inclusive[0] ? v < f : v <= f) return false;
        }
        if (to !== null) {
          const t = norm(to);
          if (inclusive[1] ? v > t : v >= t) return false;
        }
        return true;
      });
    }
    return c.negate ? !hit : hit;
  });
}
