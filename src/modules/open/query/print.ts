/**
 * Syntax trees back to query text, which parses to the same tree (positions aside): every compound expression is
 * printed in parentheses, names that are not bare identifiers in backquotes.
 */
import type { Expr, OrderItem, SelectItem } from './ast.ts';
import { isBareIdentifier } from './lexer.ts';

/** A column name or alias as query text: bare when it can be, else `backquoted` with ` doubled. */
export function printName(name: string): string {
  return isBareIdentifier(name) ? name : '`' + name.replaceAll('`', '``') + '`';
}

/** A string as a query literal: 'single quotes' with ' doubled. */
export function printString(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}

const OP_TEXT: Record<string, string> = { '=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'column':
      return printName(e.name);
    case 'string':
      return printString(e.value);
    case 'number':
      return e.text;
    case 'boolean':
      return e.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'star':
      return '*';
    case 'call':
      return `${e.name}(${e.args.map(printExpr).join(', ')})`;
    case 'compare':
      return `(${printExpr(e.left)} ${OP_TEXT[e.op] ?? '='} ${printExpr(e.right)})`;
    case 'and':
    case 'or':
      return `(${e.operands.map(printExpr).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
    case 'not':
      return `(NOT ${printExpr(e.operand)})`;
    case 'isNull':
      return `(${printExpr(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'in':
      return `(${printExpr(e.operand)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(printExpr).join(', ')}))`;
    case 'between':
      return `(${printExpr(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${printExpr(e.low)} AND ${printExpr(e.high)})`;
    case 'like':
      return `(${printExpr(e.operand)} ${e.negated ? 'NOT ' : ''}LIKE ${printExpr(e.pattern)})`;
  }
}

export function printSelect(items: SelectItem[]): string {
  return items
    .map((item) =>
      item.kind === 'all'
        ? '*'
        : printExpr(item.expr) + (item.alias ? ` AS ${printName(item.alias.name)}` : ''),
    )
    .join(', ');
}

export function printGroup(items: Expr[]): string {
  return items.map(printExpr).join(', ');
}

export function printOrder(items: OrderItem[]): string {
  return items
    .map((item) => `${printExpr(item.expr)} ${item.direction === 'desc' ? 'DESC' : 'ASC'}`)
    .join(', ');
}
