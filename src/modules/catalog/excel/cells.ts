import type { CellValue } from 'exceljs';
import { unescapeCell } from '../../../lib/spreadsheet.ts';

/** What a cell holds, reduced to the text a person sees. */
export interface CellContent {
  text: string;
  /** A formula (plain or shared): the catalog must hold values, so these are rejected. */
  formula: boolean;
  /** An error value such as #N/A. */
  error: string | null;
}

const EMPTY: CellContent = { text: '', formula: false, error: null };

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// exceljs gives dates as UTC instants of the cell's serial number, so UTC fields are the ones the cell shows.
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return day;
  return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

// Rich text and hyperlink texts can nest (a hyperlink's text may itself be rich text), so this recurses.
function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText
        .map((run: unknown) =>
          typeof run === 'object' && run !== null && 'text' in run ? plainText(run.text) : '',
        )
        .join('');
    }
    if ('text' in value) return plainText(value.text);
  }
  return '';
}

/** Trims, and turns Windows and old Mac line breaks into '\n' so multi-line text compares equal. */
export function normalizeText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}

/**
 * Reads any exceljs cell value (number, date, rich text, hyperlink, shared string, formula, error) as trimmed text.
 * Numbers print without grouping, so a phone number stored as a number comes back as its digits; dates print as
 * YYYY-MM-DD; a formula keeps its cached result so the caller can still say what it showed. Text the export
 * quoted against formula injection (lib/spreadsheet.ts) comes back as it was before the quote.
 */
export function cellContent(value: CellValue): CellContent {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'object' && !(value instanceof Date)) {
    if ('formula' in value || 'sharedFormula' in value) {
      const result: unknown = value.result;
      const text =
        typeof result === 'object' && result !== null && 'error' in result ? '' : plainText(result);
      return { text: normalizeText(text), formula: true, error: null };
    }
    if ('error' in value) return { text: '', formula: false, error: String(value.error) };
  }
  // The export quotes text a spreadsheet would take for a formula; the quote is not part of the value.
  return { text: unescapeCell(normalizeText(plainText(value))), formula: false, error: null };
}
