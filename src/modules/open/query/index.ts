/**
 * The open-data query language: Socrata's SoQL, a subset, compiled to one parameterized PostgreSQL SELECT.
 * Pure code, no I/O: the open-data portal (src/modules/open/) runs what `compileQuery` returns.
 *
 * ## Parameters
 *
 *   $select  `*` | item { , item }        item := expr [ AS name ]       (default: every column)
 *   $where   condition                      over columns: no aggregates, no $select aliases
 *   $group   expr { , expr }               a column, an alias of a non-aggregate $select item, or an
 *                                          expression over columns with no literal in it
 *   $having  condition                      aggregates and $select aliases allowed
 *   $order   expr [ ASC | DESC ] { , … }    an alias of $select, or any expression
 *   $limit   whole number ≤ maxLimit (default defaultLimit)
 *   $offset  whole number ≤ maxOffset (default 0)
 *   $q       text: a case-insensitive substring of any text column (ILIKE, `%` `_` `\` taken literally)
 *
 * ## Expressions (keywords and function names in any case)
 *
 *   condition := expr of type boolean
 *   expr      := and { OR and }
 *   and       := not { AND not }
 *   not       := NOT not | predicate
 *   predicate := operand [ (= | != | <> | < | <= | > | >=) operand
 *                        | IS [NOT] NULL
 *                        | [NOT] IN ( expr { , expr } )
 *                        | [NOT] BETWEEN operand AND operand
 *                        | [NOT] LIKE 'pattern' ]                    `%` and `_` are wildcards, as in SoQL
 *   operand   := 'string' ('' for a quote) | [-]number | true | false | null
 *              | name | `any name` (`` for a backquote) | function ( args ) | ( expr )
 *   name      := a Unicode letter or _, then letters, marks, digits, _   (姓名, amount, 出生日期)
 *   functions := upper(text) lower(text) starts_with(text, 'x') contains(text, 'x')
 *                date_trunc_y|ym|ymd(date or datetime)
 *                count(*) count(expr) sum(number) avg(number) min(expr) max(expr)
 *
 * Types: text, number, integer, date, datetime, boolean. Numbers and integers compare with each other; a string
 * literal takes the type of what it is compared with and must parse as it ('12' for a number, '2024-01-31' — a
 * day that exists — for a date, '2024-01-31T08:00:00[Z|±hh:mm]' for a datetime, 'true'/'false'); anything else
 * is an error, as is `= null` (use IS NULL), sum or avg of a non-number, a function not in the list above, an
 * unknown name. A query is grouped when it has $group, $having or an aggregate; then every column outside an
 * aggregate must be inside a $group expression (as PostgreSQL requires). Output names: the alias, else the
 * column's name, `count`, `sum_金额` (function_column), else `expr<n>`; duplicates of a derived name get `_2` …;
 * an alias may not repeat another or take a column's name; every name is at most 63 bytes (PostgreSQL's limit).
 *
 * Limits (OpenQueryLimits): nodes per parameter (maxWhereNodes), nesting depth of parentheses, calls and NOT
 * (maxDepth, default 20: the parser refuses deeper input before it can exhaust the stack), IN-list length
 * (maxInList, 100), items of $select/$group/$order (maxSelect), characters per parameter (maxLength, 4,000),
 * $limit (maxLimit) and $offset (maxOffset, 1,000,000).
 *
 * Result (`CompiledQuery`): `sql`, `params` — strings (a number literal as its decimal text, cast ::numeric, so
 * nothing is rounded), booleans, and JavaScript numbers for LIMIT and OFFSET — and `columns`, the output names and
 * types in order, which are also each row's keys. A datetime literal without a zone, and date_trunc of a datetime,
 * follow the database session's time zone.
 *
 * Errors: every refusal is a `QueryError` with a `code` (OPEN_QUERY_SYNTAX, _UNKNOWN_COLUMN, _UNKNOWN_FUNCTION,
 * _TYPE, _GROUP, _ALIAS, _TOO_COMPLEX, _LIMIT; `QUERY_ERRORS` has their status, 400, and generic messages), the
 * `param` at fault, the 1-based `position` in it (in characters), `message` (English) and `messageZh`.
 * Malformed dataset descriptions are programming errors and throw `TypeError`.
 *
 * ## Why no input reaches the SQL unparameterized
 *
 * The SQL text is assembled only from these pieces:
 *   1. the caller's trusted strings — `from` and each column's `sql` — chosen by the column's *resolved* dataset
 *      entry (a user's name is only a key to look it up; an unknown name is an error, never text in the SQL);
 *   2. constant text of the compiler: keywords, operators, parentheses, commas, the casts `::text` `::numeric`
 *      `::date` `::timestamptz` `::boolean` `::timestamp`, function names from the fixed list (the user's spelling
 *      is only a lookup key) and the units 'year' 'month' 'day' of date_trunc;
 *   3. placeholders `$1`, `$2` … numbered by the compiler, one per literal occurrence: every string, number, date,
 *      boolean, LIKE pattern (with `\` — and for contains/starts_with/$q also `%` and `_` — escaped), limit and
 *      offset travels in `params`, never in the text; literals are validated first (numbers finite and ≤ 100
 *      characters, dates real days), so the database does not refuse them;
 *   4. output names in double quotes with `"` doubled — the one place a user's text (an alias, or a dataset
 *      column's name) enters the SQL; inside a quoted identifier only `"` is special, NUL and unpaired surrogates
 *      are refused by the lexer, and a name's length is capped at 63 bytes so PostgreSQL never truncates two
 *      names into one. ORDER BY refers to an alias by that same quoted name.
 * `null` becomes the keyword NULL. Nothing else in the input has a path to the output: the lexer turns the text
 * into tokens, the parser into a tree, the checker resolves the tree into typed nodes, and the SQL is printed
 * from those nodes alone. test/unit/open-query-property.test.ts checks this on random and hostile input.
 */
export type {
  Alias,
  Between,
  BooleanLit,
  Call,
  ColumnRef,
  Compare,
  CompareOp,
  Expr,
  In,
  IsNull,
  Like,
  Literal,
  Logic,
  Not,
  NullLit,
  NumberLit,
  OrderItem,
  QueryAst,
  SelectItem,
  Star,
  StringLit,
} from './ast.ts';
export { compileAst, compileQuery, parseQuery, quoteIdent } from './compile.ts';
export type { CompiledQuery, OpenQueryParams } from './compile.ts';
export { COLUMN_TYPES, MAX_NAME_BYTES } from './dataset.ts';
export type { ColumnType, OpenColumn, OpenDataset, OpenQueryLimits } from './dataset.ts';
export { QUERY_ERRORS, QUERY_PARAM_NAMES, QueryError } from './errors.ts';
export type { QueryErrorCode, QueryParamName } from './errors.ts';
export { KEYWORDS, isBareIdentifier } from './lexer.ts';
export {
  DEFAULT_PARSE_LIMITS,
  parseCondition,
  parseExpression,
  parseGroup,
  parseOrder,
  parseSelect,
} from './parser.ts';
export type { ParseLimits } from './parser.ts';
export { printExpr, printGroup, printName, printOrder, printSelect, printString } from './print.ts';
