import type { components } from '@/lib/api/schema';

export type ErrorCode = components['schemas']['ErrorCode'];
export type ProblemDetails = components['schemas']['ProblemDetails'];
export type ProblemPerson = components['schemas']['ProblemPerson'];

/** Codes the UI can name even when no ProblemDetails came back. */
export type ClientErrorCode = ErrorCode | 'network' | 'unknown';

/** An API failure in the form the UI needs: status, stable code and per-field message codes. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly fields: Record<string, string[]>;
  readonly requestId: string | undefined;
  /** Seconds from a Retry-After header, if any. */
  readonly retryAfter: number | undefined;
  /** For workflow conflicts: the legal next values, or the ids that stand in the way (a cycle). */
  readonly allowed: string[];
  /** The people the error is about (e.g. who cannot see the task), to be named in the UI's language. */
  readonly people: ProblemPerson[];

  constructor(init: {
    status: number;
    code: ClientErrorCode;
    fields?: Record<string, string[]>;
    detail?: string;
    requestId?: string;
    retryAfter?: number;
    allowed?: string[];
    people?: ProblemPerson[];
  }) {
    super(init.detail ?? `API error ${init.status} (${init.code})`);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.allowed = init.allowed ?? [];
    this.people = init.people ?? [];
  }
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';
}

function fallbackCode(status: number): ClientErrorCode {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 412) return 'version_mismatch';
  if (status === 422) return 'validation_failed';
  if (status === 429) return 'too_many_requests';
  if (status === 502 || status === 503 || status === 504) return 'service_unavailable';
  if (status >= 500) return 'internal';
  return 'unknown';
}

/** `request_id` is not in the spec's ProblemDetails; read it when a server sends one anyway. */
function readRequestId(body: object): string | undefined {
  const id: unknown = (body as Record<string, unknown>)['request_id'];
  return typeof id === 'string' ? id : undefined;
}

/** Builds an ApiError from a failed response and the body openapi-fetch (or an XHR) parsed from it. */
export function toApiError(response: Pick<Response, 'status' | 'headers'>, body: unknown): ApiError {
  const retry = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  if (isProblem(body)) {
    return new ApiError({
      status: response.status,
      code: body.code,
      fields: body.errors ?? undefined,
      detail: body.detail,
      requestId: readRequestId(body),
      retryAfter,
      allowed: body.allowed ?? undefined,
      people: body.people ?? undefined,
    });
  }
  return new ApiError({ status: response.status, code: fallbackCode(response.status), retryAfter });
}

/** Turns anything thrown by a fetcher into an ApiError (network failures become `network`). */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError({ status: 0, code: 'network', detail: err instanceof Error ? err.message : String(err) });
}

/**
 * Returns the data of an openapi-fetch result, or throws an ApiError built from the
 * problem+json body. 204 responses give `undefined`.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok || result.error !== undefined) {
    throw toApiError(result.response, result.error);
  }
  return result.data as T;
}

/** The If-Match value for an entity version (the API sends ETag `"<version>"`). */
export function ifMatch(version: number): string {
  return `"${version}"`;
}
