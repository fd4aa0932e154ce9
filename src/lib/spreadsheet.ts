/**
 * Formula injection (OWASP "CSV injection"): a cell whose text starts with `=`, `+`, `-` or `@` (or a tab or
 * carriage return before one) is a formula to Excel, WPS and LibreOffice once someone edits or converts it. Every
 * spreadsheet export writes text through `escapeCell`, which puts a single quote in front; readers of files the
 * platform wrote take it off again with `unescapeCell`, so an export read back gives the original text.
 *
 * The scheme is reversible: text that already starts with quotes followed by one of those characters gets one
 * more quote, and `unescapeCell` removes exactly one.
 */
const NEEDS_QUOTE = /^'*[=+\-@\t\r]/;
const QUOTED = /^'+[=+\-@\t\r]/;

/** The text as an export writes it: with a leading `'` when a spreadsheet could read it as a formula. */
export function escapeCell(text: string): string {
  return NEEDS_QUOTE.test(text) ? `'${text}` : text;
}

/** The original text of a cell `escapeCell` wrote. */
export function unescapeCell(text: string): string {
  return QUOTED.test(text) ? text.slice(1) : text;
}
