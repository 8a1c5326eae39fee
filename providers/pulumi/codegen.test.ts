import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeAttributes } from '../../src/resources/definition';
import { resourceDefinitions } from '../../src/resources';
import { camelCase, snakeCase } from '../../src/resources/attribute-names';
import { clusterArgument } from './catalog';
import { renderTypesModule } from './codegen';

const generatedFile = path.join(__dirname, 'resources.generated.ts');

describe('resources.generated.ts', () => {
  it('is up to date with the engine definitions', () => {
    const expected = renderTypesModule(resourceDefinitions);
    if (process.env.UPDATE_GENERATED === '1') writeFileSync(generatedFile, expected);
    expect(readFileSync(generatedFile, 'utf8')).toBe(expected);
  });
});

describe('coverage of the engine definitions', () => {
  it.each(resourceDefinitions.map((d) => [d.type, d] as const))('%s: every attribute name survives the camelCase mapping and none collides with Pulumi names', (_type, definition) => {
    const walk = (attributes: ReturnType<typeof describeAttributes>): void => {
      for (const a of attributes) {
        expect(snakeCase(camelCase(a.name))).toBe(a.name);
        if (a.type.kind === 'object') walk(a.type.attributes);
        if (a.type.kind === 'list' && a.type.element.kind === 'object') walk(a.type.element.attributes);
      }
    };
    const attributes = describeAttributes(definition);
    walk(attributes);
    const top = attributes.map((a) => camelCase(a.name));
    // `urn` and the provider key are Pulumi's; `cluster` is the front end's own argument.
    for (const reserved of ['urn', '__provider', clusterArgument]) expect(top).not.toContain(reserved);
  });
});
