/**
 * A deliberately tiny HTTP helper for the emulator's own tests (fetch, JSON in and out). It is not
 * the engine's transport: the emulator's tests must not depend on the code the emulator checks.
 */
export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export type Auth = { apiKey: string } | { username: string; password: string } | { bearer: string } | undefined;

export function authHeader(auth: Auth): Record<string, string> {
  if (!auth) return {};
  if ('apiKey' in auth) return { authorization: `ApiKey ${auth.apiKey}` };
  if ('bearer' in auth) return { authorization: `Bearer ${auth.bearer}` };
  return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
}

export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  auth: Auth,
  body?: unknown,
): Promise<TestResponse<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...authHeader(auth), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}
