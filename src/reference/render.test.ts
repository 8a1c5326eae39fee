import { readFileSync } from 'node:fs';
import { dataSourceDefinitions } from '../data-sources';
import { resourceDefinitions } from '../resources';
import { referenceFile } from './file';
import { renderReference } from './render';

const rendered = renderReference(resourceDefinitions, dataSourceDefinitions);

test('docs/reference.md is what the definitions give (run npm run generate after changing one)', () => {
  expect(readFileSync(referenceFile, 'utf8')).toBe(rendered);
});

test('a nested attribute is listed under its path, with its Pulumi name, type and role', () => {
  expect(rendered).toContain('| `access.search[].names` | `access.search[].names` | list of string | required |');
  expect(rendered).toMatch(/\| `accounts\[\]\.trust_allowlist` \| `accounts\[\]\.trustAllowlist` \| set of string \| optional, default `\[\]` \|/);
  expect(rendered).toMatch(/\| `credentials_wo` \| `credentialsWo` \| string \| optional \| secret, write-only \|/);
});
