import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen';

/**
 * The typed API client. Paths, parameters, bodies and answers all come from `schema.gen.ts`, which
 * `npm run openapi` generates from the server's own OpenAPI document, so the web cannot drift from the server.
 */

/** The server's named schemas (`components.schemas`), e.g. `Schemas['Department']`. */
export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;

/** The query parameters of an operation, e.g. `QueryOf<'/api/users', 'get'>`. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The JSON body of an operation's first 2xx answer. */
export type ResponseOf<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: { content: { 'application/json': infer B } } }
      ? B
      : R extends { 201: { content: { 'application/json': infer B } } }
        ? B
        : never
    : never;

export type ErrorBody = Schemas['ErrorBody'];

/** A field the server refused, with the message in the caller's language. */
export interface FieldError {
  field: string;
  message: string;
}

/** Error codes the client produces itself, when no error body came from the server. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
export const HTTP_ERROR = 'HTTP_ERROR';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  /** Per-field validation messages from `details.fields`, if the server sent any. */
  get fieldErrors(): FieldError[] {
    const fields = this.details?.fields;
    return Array.isArray(fields) ? fields.filter(isFieldError) : [];
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const { field, message } = value as Record<string, unknown>;
  return typeof field === 'string' && typeof message === 'string';
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let acceptLanguage = 'zh-CN';
const sessionExpiredListeners = new Set<() => void>();

/** Remember the CSRF token of the current session; it is sent on every state-changing request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Language the server should localize its messages in (`Accept-Language`). */
export function setAcceptLanguage(value: string): void {
  acceptLanguage = value;
}

/** Called when the server answers 401 while we believed we had a session. Returns an unsubscribe function. */
export function onSessionExpired(listener: () => void): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}

type QueryValue = string | number | boolean | null | undefined;

/** `path` with the query's non-empty values as its search string (also for links, such as downloads). */
export function buildUrl(path: string, query?: Readonly<Record<string, QueryValue>>): string {
  const search = searchOf(query ?? {});
  return search ? `${path}?${search}` : path;
}

function searchOf(query: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

/** The headers every call carries: the language, and on writes the session's CSRF token. */
function addHeaders(headers: Headers, method: string): void {
  headers.set('Accept', 'application/json');
  headers.set('Accept-Language', acceptLanguage);
  if (STATE_CHANGING.has(method.toUpperCase()) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
}

const headersMiddleware: Middleware = {
  onRequest({ request }) {
    addHeaders(request.headers, request.method);
    return request;
  },
};

/** The generated client; call it through `call(api.GET(…))` so that failures become an `ApiError`. */
export const api = createClient<paths>({
  credentials: 'same-origin',
  // Empty filters are left out, as the server treats a missing filter and an empty one alike.
  querySerializer: (query) => searchOf(query as Record<string, unknown>),
});
api.use(headersMiddleware);

function toApiError(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    const { code, message, details } = body.error;
    return new ApiError(status, code, message, details);
  }
  return new ApiError(status, HTTP_ERROR, `HTTP ${status}`);
}

function failed(status: number, body: unknown): ApiError {
  const error = toApiError(status, body);
  if (status === 401 && csrfToken !== null) {
    csrfToken = null;
    sessionExpiredListeners.forEach((listener) => listener());
  }
  return error;
}

function networkError(error: unknown, signal?: AbortSignal | null): unknown {
  if (signal?.aborted) return error;
  return new ApiError(0, NETWORK_ERROR, error instanceof Error ? error.message : String(error));
}

/**
 * The answer of a generated-client call, or an `ApiError` (the server's code, message and field errors; on 401
 * the session-expired listeners run). A failed connection is `NETWORK_ERROR`; an aborted call rethrows the abort.
 */
export async function call<D>(
  pending: Promise<{ data?: D; error?: unknown; response: Response }>,
  signal?: AbortSignal,
): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch (error) {
    throw networkError(error, signal);
  }
  if (!result.response.ok) throw failed(result.response.status, result.error);
  return result.data as D;
}

/**
 * What the generated client cannot send: multipart uploads (a file and form fields). Same headers, same errors;
 * the path and query are typed by the caller from `paths`.
 */
export async function sendForm<T>(
  path: string,
  form: FormData,
  query?: Readonly<Record<string, QueryValue>>,
): Promise<T> {
  const headers = new Headers();
  addHeaders(headers, 'POST');
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: form,
    });
  } catch (error) {
    throw networkError(error);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failed(response.status, body);
  return body as T;
}

/** `{ total, items }` of a paged list. */
export interface Page<T> {
  total: number;
  items: T[];
}

/** Query types are type aliases (not interfaces) so they fit the client's query record. */
export type PageQuery = {
  limit: number;
  offset: number;
};

/** `{ items }` of an unpaged list. */
export interface Items<T> {
  items: T[];
}
