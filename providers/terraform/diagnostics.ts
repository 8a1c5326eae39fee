/**
 * Engine outcomes as Terraform diagnostics: validation issues with their attribute paths (so
 * Terraform points at the line in the configuration), errors with redacted messages, and the
 * rendered change set of a plan.
 */
import { ConfigurationError } from '../../src/settings/configuration-error';
import { RequestError } from '../../src/http/errors';
import type { ChangeSet } from '../../src/plan/change-set';
import { renderChangeSet } from '../../src/plan/render';
import { ValidationError, type Attribute, type AttributeType } from '../../src/resources/definition';
import { redact } from '../../src/secrets/redaction';
import { WireFormatError } from './codec';
import type { EnginePath } from './values';

export type AttributePathStep = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

export interface DiagnosticMessage {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail: string;
  attribute?: { steps: AttributePathStep[] };
}

/**
 * An engine path as typed steps: attribute names through objects, integer keys through lists,
 * string keys through maps. Stops at the first step the schema does not know.
 */
export function attributePath(path: EnginePath, attributes: Attribute[]): AttributePathStep[] {
  const steps: AttributePathStep[] = [];
  let scope: Attribute[] | undefined = attributes;
  let type: AttributeType | undefined;
  for (const step of path) {
    if (scope) {
      const attribute: Attribute | undefined = scope.find((a) => a.name === String(step));
      if (!attribute) break;
      steps.push({ attribute_name: attribute.name });
      type = attribute.type;
    } else if (type?.kind === 'list' && /^\d+$/.test(String(step))) {
      steps.push({ element_key_int: Number(step) });
      type = type.element;
    } else if (type?.kind === 'map') {
      steps.push({ element_key_string: String(step) });
      type = type.element;
    } else {
      break;
    }
    scope = type.kind === 'object' ? type.attributes : undefined;
  }
  return steps;
}

export function errorDiagnostic(summary: string, detail = '', steps?: AttributePathStep[]): DiagnosticMessage {
  return { severity: 'ERROR', summary: redact(summary), detail: redact(detail), ...(steps && steps.length > 0 ? { attribute: { steps } } : {}) };
}

export function warningDiagnostic(summary: string, detail = ''): DiagnosticMessage {
  return { severity: 'WARNING', summary: redact(summary), detail: redact(detail) };
}

/**
 * Diagnostics for an error thrown by the engine or this provider; never a secret in the text. The
 * engine's messages name the resource and what went wrong in their first line: that is the summary.
 */
export function diagnosticsFor(error: unknown, attributes: Attribute[] = []): DiagnosticMessage[] {
  if (error instanceof ValidationError) {
    return error.issues.map((issue) => {
      const message = new ValidationError(error.resourceType, [issue]).message;
      // Most checks run at plan time with no request; some (a deployment id in an allowlist) look it up first.
      return errorDiagnostic(message, `The value is rejected before anything is changed in Elastic.`, attributePath(issue.path, attributes));
    });
  }
  if (error instanceof ConfigurationError) return [errorDiagnostic('Provider configuration incomplete', error.message)];
  const message = error instanceof Error ? error.message : String(error);
  const [first, ...rest] = message.split('\n');
  const kind = error instanceof RequestError ? `${error.service} API request failed` : error instanceof WireFormatError ? 'unreadable value from Terraform' : '';
  return [errorDiagnostic(first, [...rest, kind].filter((line) => line.trim() !== '').join('\n'))];
}

/**
 * The engine's reviewer notes (see reviewerNotes) as a warning diagnostic, the only text a provider can
 * add to a plan: Terraform's own diff shows the attribute values. The summary names the resource
 * instance so Terraform does not fold the warnings of several resources into one.
 */
export function changeSetDiagnostic(typeName: string, changeSet: ChangeSet): DiagnosticMessage {
  return {
    severity: 'WARNING',
    summary: redact(`Planned Elastic changes: ${typeName} "${changeSet.resourceName}"`),
    detail: redact(renderChangeSet(changeSet)),
  };
}
