/** Elasticsearch's error body: {error:{root_cause:[...],type,reason,...},status}. */
export interface EsErrorCause {
  type: string;
  reason: string | null;
  caused_by?: EsErrorCause;
  header?: Record<string, string[]>;
  [extra: string]: unknown;
}

export interface EsErrorBody {
  error: EsErrorCause & { root_cause: EsErrorCause[] };
  status: number;
}

/** A failure answered with Elasticsearch's error body and status. */
export class EsHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: {
      caused_by?: EsErrorCause;
      header?: Record<string, string[]>;
      headers?: Record<string, string>;
      /** ElasticsearchException metadata rendered next to type and reason (e.g. `index`, `index_uuid`). */
      metadata?: Record<string, string | string[]>;
    } = {},
  ) {
    super(reason);
  }

  /** This error as the `caused_by` of one that wraps it. */
  asCause(): EsErrorCause {
    return { type: this.type, reason: this.reason, ...(this.extra.caused_by ? { caused_by: this.extra.caused_by } : {}) };
  }

  body(): EsErrorBody {
    const top: EsErrorCause = { type: this.type, reason: this.reason, ...this.extra.metadata };
    if (this.extra.header) top.header = this.extra.header;
    // ES reports the innermost ElasticsearchException as root cause; for plain Java exceptions
    // (illegal_argument_exception wrapping another) that is the top-level one itself.
    const root = { ...top };
    if (this.extra.caused_by) top.caused_by = this.extra.caused_by;
    return { error: { root_cause: [root], ...top }, status: this.status };
  }
}

export const badRequest = (reason: string, caused_by?: EsErrorCause): EsHttpError =>
  new EsHttpError(400, 'illegal_argument_exception', reason, caused_by ? { caused_by } : {});

export const validationFailed = (problems: string[]): EsHttpError =>
  new EsHttpError(
    400,
    'action_request_validation_exception',
    `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}`,
  );

/** ES parses request bodies strictly: an unknown field is an x_content_parse_exception. */
export const parseError = (reason: string, caused_by?: EsErrorCause): EsHttpError =>
  new EsHttpError(400, 'x_content_parse_exception', reason, caused_by ? { caused_by } : {});

/** ElasticsearchParseException: what hand-written parsers (RoleDescriptor's) throw. */
export const parseException = (reason: string, caused_by?: EsErrorCause): EsHttpError =>
  new EsHttpError(400, 'parse_exception', reason, caused_by ? { caused_by } : {});

const authenticateHeader = {
  'WWW-Authenticate': ['Basic realm="security", charset="UTF-8"', 'Bearer realm="security"', 'ApiKey'],
};

export const unauthenticated = (reason: string): EsHttpError =>
  new EsHttpError(401, 'security_exception', reason, {
    header: authenticateHeader,
    headers: { 'www-authenticate': 'Basic realm="security", charset="UTF-8", ApiKey' },
  });

/** The exceptions about one index carry its name and uuid (`_na_` when there is no such index). */
export const indexError = (status: number, type: string, reason: string, index: string, uuid = '_na_', more: Record<string, string> = {}): EsHttpError =>
  new EsHttpError(status, type, reason, { metadata: { ...more, index_uuid: uuid, index } });

export const indexNotFound = (index: string): EsHttpError =>
  indexError(404, 'index_not_found_exception', `no such index [${index}]`, index, '_na_', { 'resource.type': 'index_or_alias', 'resource.id': index });
