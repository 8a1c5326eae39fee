/**
 * The Cloud API's error replies (BasicFailedReply with an `x-cloud-error-codes` header) and the body
 * readings every Cloud route shares.
 */
import { isObject } from './es-json';
import type { EmulatorResponse } from './http-server';

export class CloudHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }

  response(): EmulatorResponse {
    const element: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.fields) element.fields = this.fields;
    return { status: this.status, body: { errors: [element] }, headers: { 'x-cloud-error-codes': this.code } };
  }
}

export const invalid = (message: string, fields?: string[]): CloudHttpError => new CloudHttpError(400, 'root.invalid_json_request', message, fields);
export const truthy = (value: string | null): boolean => value !== null && value !== 'false';

/**
 * Elastic's Go SDK marshals nil lists and maps without `omitempty` as null (`trust_allowlist: null`,
 * `node_roles: null`): the API reads null as absent, so the emulator stores what it means.
 */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls) as T;
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)])) as T;
}
