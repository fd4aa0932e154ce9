/**
 * The syntax tree of the query language, as the parser builds it: names and literals as the user wrote them,
 * nothing resolved or typed yet. Every node has `pos`, its 1-based position (in code points) in its parameter.
 */

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export interface ColumnRef {
  kind: 'column';
  /** The name without backquotes. */
  name: string;
  pos: number;
}
export interface StringLit {
  kind: 'string';
  /** The value, quotes removed and `''` undone. */
  value: string;
  pos: number;
}
export interface NumberLit {
  kind: 'number';
  /** The decimal text as written, with a leading `-` for a negative number. */
  text: string;
  pos: number;
}
export interface BooleanLit {
  kind: 'boolean';
  value: boolean;
  pos: number;
}
export interface NullLit {
  kind: 'null';
  pos: number;
}
/** `*`, only as the argument of `count(*)`. */
export interface Star {
  kind: 'star';
  pos: number;
}
export interface Call {
  kind: 'call';
  /** Lower-cased: function names are case-insensitive. */
  name: string;
  args: Expr[];
  pos: number;
}
export interface Compare {
  kind: 'compare';
  op: CompareOp;
  left: Expr;
  right: Expr;
  pos: number;
}
export interface Logic {
  kind: 'and' | 'or';
  /** Two or more: `a AND b AND c` is one node. */
  operands: Expr[];
  pos: number;
}
export interface Not {
  kind: 'not';
  operand: Expr;
  pos: number;
}
export interface IsNull {
  kind: 'isNull';
  operand: Expr;
  negated: boolean;
  pos: number;
}
export interface In {
  kind: 'in';
  operand: Expr;
  list: Expr[];
  negated: boolean;
  pos: number;
}
export interface Between {
  kind: 'between';
  operand: Expr;
  low: Expr;
  high: Expr;
  negated: boolean;
  pos: number;
}
export interface Like {
  kind: 'like';
  operand: Expr;
  pattern: Expr;
  negated: boolean;
  pos: number;
}

export type Literal = StringLit | NumberLit | BooleanLit | NullLit;

export type Expr = ColumnRef | Literal | Star | Call | Compare | Logic | Not | IsNull | In | Between | Like;

export interface Alias {
  name: string;
  pos: number;
}

/** One item of `$select`: `*` (every column) or an expression with an optional `AS alias`. */
export type SelectItem = { kind: 'all'; pos: number } | { kind: 'expr'; expr: Expr; alias?: Alias };

export interface OrderItem {
  expr: Expr;
  direction: 'asc' | 'desc';
}

/** The parsed query: each part undefined when its parameter is absent or blank. */
export interface QueryAst {
  select?: SelectItem[];
  where?: Expr;
  group?: Expr[];
  having?: Expr;
  order?: OrderItem[];
  limit?: number;
  offset?: number;
  q?: string;
}
