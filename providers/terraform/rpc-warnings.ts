/**
 * Engine warnings (a self-managed keystore the operator must fill, a connection that is not up yet)
 * belong in front of the user, not only in the plugin's stderr, which Terraform shows only with
 * TF_LOG. A logger that also collects the warnings logged while one RPC runs (AsyncLocalStorage keeps
 * concurrent RPCs apart) lets the provider return them as warning diagnostics of that RPC.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields, Logger } from '../../src/log';
import { redact } from '../../src/secrets/redaction';
import type { DiagnosticMessage } from './diagnostics';

const collected = new AsyncLocalStorage<string[]>();

export function collectingLogger(inner: Logger): Logger {
  return {
    debug: (message, fields) => inner.debug(message, fields),
    info: (message, fields) => inner.info(message, fields),
    warn: (message: string, fields?: LogFields) => {
      collected.getStore()?.push(message);
      inner.warn(message, fields);
    },
    error: (message, fields) => inner.error(message, fields),
  };
}

/** Runs one RPC and appends the warnings logged during it (each once) to its diagnostics. */
export async function withLoggedWarnings<T extends { diagnostics?: DiagnosticMessage[] }>(rpc: () => Promise<T> | T): Promise<T> {
  const warnings: string[] = [];
  const response = await collected.run(warnings, rpc);
  const unique = [...new Set(warnings)];
  if (unique.length === 0) return response;
  const extra: DiagnosticMessage[] = unique.map((message) => ({ severity: 'WARNING', summary: redact(message), detail: '' }));
  return { ...response, diagnostics: [...(response.diagnostics ?? []), ...extra] };
}
