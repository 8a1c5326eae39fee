/**
 * The ECK Elasticsearch CRD schema subset (../shared/specs/eck) as an ajv validator, and a whole
 * Elasticsearch resource with a rendered fragment merged in, as a user's manifest would be: what the ECK
 * data source's output is checked against.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { specsDirectory } from '../../src/emulator/contract-validator';

const { 'x-source': _source, ...crdSchema } = JSON.parse(readFileSync(join(specsDirectory(), 'eck', 'elasticsearch-crd-v1-remote-subset.json'), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
// Kubernetes' integer formats (the CRD's counts and ports).
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
const validate = ajv.compile(crdSchema);

/** The CRD's complaints about an Elasticsearch resource; empty when it is valid. */
export function eckSchemaErrors(resource: unknown): ErrorObject[] {
  return validate(resource) ? [] : [...(validate.errors ?? [])];
}

export function eckElasticsearchManifest(name: string, namespace: string, fragment: { spec: Record<string, unknown> }) {
  return {
    apiVersion: 'elasticsearch.k8s.elastic.co/v1',
    kind: 'Elasticsearch',
    metadata: { name, namespace },
    spec: { version: '9.3.0', nodeSets: [{ name: 'default', count: 1 }], ...fragment.spec },
  };
}
