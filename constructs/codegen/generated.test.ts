/**
 * The committed constructs/generated/*.ts are what the engine's definitions produce today, and each
 * construct's props cover exactly the engine's input attributes: a new or renamed engine field fails
 * here until the constructs are regenerated.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeAttributes, type Attribute, type AttributeType } from '../../src/resources/definition';
import { resourceDefinitions } from '../../src/resources';
import type { AttributeShape } from '../attribute-shape';
import * as generated from '../generated';
import type { ResourceSchema } from '../resource';
import { moduleFileName, renderGeneratedModules } from './render';

const generatedDir = join(__dirname, '..', 'generated');
const regenerate = 'regenerate with `npm run build && node dist/constructs/codegen/main.js`';

describe('constructs/generated', () => {
  const expected = renderGeneratedModules(resourceDefinitions);

  test.each([...expected.keys()])('%s is up to date', (file) => {
    const committed = readFileSync(join(generatedDir, file), 'utf8');
    if (committed !== expected.get(file)) throw new Error(`constructs/generated/${file} differs from the engine's definitions: ${regenerate}`);
  });

  test('holds no module of a resource the engine no longer defines', () => {
    expect(readdirSync(generatedDir).filter((f) => !expected.has(f))).toEqual([]);
  });
});

/** Nested attribute names of an engine type, as a comparable tree. */
function engineTree(type: AttributeType): unknown {
  if (type.kind === 'object') return Object.fromEntries(type.attributes.map((a) => [a.name, engineTree(a.type)]));
  if (type.kind === 'list' || type.kind === 'map') return { [type.kind]: engineTree(type.element) };
  return 'scalar';
}

function shapeTree(shape: AttributeShape): unknown {
  if (shape.kind === 'object') return Object.fromEntries(Object.entries(shape.attributes).map(([name, s]) => [name, shapeTree(s)]));
  if (shape.kind === 'list' || shape.kind === 'map') return { [shape.kind]: shapeTree(shape.element) };
  return 'scalar';
}

describe.each(resourceDefinitions.map((d) => [d.type, d] as const))('%s construct', (type, definition) => {
  const construct = (generated as unknown as Record<string, { schema?: ResourceSchema; tfResourceType?: string }>)[type];
  const attributes: Attribute[] = describeAttributes(definition);

  test('exists, named after the engine type, in its own module', () => {
    expect(construct?.schema).toBeDefined();
    expect(construct.tfResourceType).toBe(`elasticremote_${definition.tfName}`);
    expect(readdirSync(generatedDir)).toContain(moduleFileName(definition));
  });

  test('its props cover exactly the engine input attributes, nested ones included', () => {
    const inputs = attributes.filter((a) => !a.computed);
    expect(shapeTree(construct.schema!.inputs)).toEqual(engineTree({ kind: 'object', attributes: inputs }));
  });

  test('it knows every sensitive attribute', () => {
    const sensitive = attributes.filter((a) => a.sensitive).map((a) => a.name);
    expect(construct.schema!.sensitiveAttributes).toEqual(expect.arrayContaining(sensitive));
  });
});
