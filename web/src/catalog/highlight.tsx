import { Fragment, useCallback } from 'react';
import { useQuery } from '../shared/useQuery';
import { toSimplified } from './simplify';

const HAN_RUN = /^\p{Script=Han}+$/u;
const SEPARATORS = /[\s,，、;；:：.。!！?？"“”'‘’()（）[\]【】<>《》/\\|+\-_=*&^%$#@~`]+/u;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The words of a search query, lower-cased and without duplicates. */
export function queryTerms(q: string): string[] {
  return [...new Set(q.toLowerCase().split(SEPARATORS).filter(Boolean))];
}

/**
 * The query words, plus their Simplified form when they were typed in Traditional characters
 * (the server matches either).
 */
export function useQueryTerms(q: string): string[] {
  const fetcher = useCallback(async () => {
    const simplified = await toSimplified(q);
    return queryTerms(simplified === q ? q : `${q} ${simplified}`);
  }, [q]);
  const { data } = useQuery(fetcher);
  return data ?? queryTerms(q);
}

/**
 * What to mark in `text`: each term it contains; for a Chinese term it does not contain as a whole
 * (the server segments words), the two-character pieces of it that the text does contain.
 */
function marksIn(text: string, terms: string[]): string[] {
  const lower = text.toLowerCase();
  const marks = new Set<string>();
  for (const term of terms) {
    if (lower.includes(term)) marks.add(term);
    else if (HAN_RUN.test(term) && term.length > 2) {
      for (let i = 0; i + 2 <= term.length; i += 1) {
        const piece = term.slice(i, i + 2);
        if (lower.includes(piece)) marks.add(piece);
      }
    }
  }
  return [...marks].sort((a, b) => b.length - a.length);
}

/** `text` with the search terms marked. */
export function Highlight({ text, terms }: { text: string; terms: string[] }) {
  const marks = marksIn(text, terms);
  if (marks.length === 0) return text;
  const pattern = new RegExp(`(${marks.map(escape).join('|')})`, 'gi');
  return text
    .split(pattern)
    .map((part, index) =>
      index % 2 === 1 ? <mark key={index}>{part}</mark> : <Fragment key={index}>{part}</Fragment>,
    );
}

/** About `length` characters of `text` around the first search term it contains. */
export function excerpt(text: string, terms: string[], length = 160): string {
  if (text.length <= length) return text;
  const lower = text.toLowerCase();
  const first = Math.min(
    ...marksIn(text, terms)
      .map((mark) => lower.indexOf(mark))
      .filter((index) => index >= 0),
  );
  const start = Number.isFinite(first) ? Math.max(0, Math.min(first - 30, text.length - length)) : 0;
  const end = start + length;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
