import { z } from 'zod';
import type { AnyResourceDefinition } from '../../src/resources/definition';
import { renderResourceModule, renderGeneratedModules } from './render';

/** A definition exercising every attribute kind the generator maps. Behaviour is never called. */
function fixture(input: z.ZodObject, output: z.ZodObject): AnyResourceDefinition {
  const unused = () => {
    throw new Error('not called by the generator');
  };
  return {
    type: 'SampleThing',
    tfName: 'sample_thing',
    description: 'A sample thing.',
    input,
    output,
    importIdFormat: '<thing id>',
    target: 'elasticsearch',
    uniqueBy: [],
    displayName: () => 'sample',
    diff: unused,
    create: unused,
    read: unused,
    update: unused,
    delete: unused,
    import: unused,
  };
}

const sample = fixture(
  z.object({
    name: z.string().meta({ description: 'Name of the thing.', forceReplace: true }),
    mode: z.enum(['proxy', 'sniff']).default('proxy').meta({ description: 'Connection mode.' }),
    skip_unavailable: z.boolean().optional(),
    socket_count: z.number().int().optional(),
    seeds: z.array(z.string()).optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    access: z.object({ search: z.array(z.object({ names: z.array(z.string()), allow_restricted_indices: z.boolean().optional() })).optional() }),
    credentials: z.string().optional().meta({ description: 'Encoded key. */ closes comments', sensitive: true }),
  }),
  z.object({
    id: z.string().meta({ description: 'Key id.' }),
    encoded: z.string().meta({ description: 'Encoded key.', sensitive: true }),
    expires_at: z.number().optional(),
    connected: z.boolean(),
    key_ids: z.array(z.string()),
  }),
);

describe('renderResourceModule', () => {
  const text = renderResourceModule(sample);

  test('props are camelCase with TypeScript types from the attribute model', () => {
    expect(text).toContain('export interface SampleThingProps extends TerraformMetaArguments {');
    expect(text).toContain('readonly name: string;');
    expect(text).toContain('readonly mode?: "proxy" | "sniff";');
    expect(text).toContain('readonly skipUnavailable?: boolean | IResolvable;');
    expect(text).toContain('readonly socketCount?: number;');
    expect(text).toContain('readonly seeds?: string[];');
    expect(text).toContain('readonly metadata?: Record<string, string>;');
    expect(text).toContain('readonly access: SampleThingAccess;');
    expect(text).toContain('readonly search?: SampleThingAccessSearch[] | IResolvable;');
    expect(text).toContain('readonly allowRestrictedIndices?: boolean | IResolvable;');
  });

  test('descriptions, replacement, defaults and sensitivity are documented; comment terminators escaped', () => {
    expect(text).toContain('Changing it replaces the resource.');
    expect(text).toContain('@default "proxy"');
    expect(text).toContain('Encoded key. *\\/ closes comments');
    expect(text).toMatch(/Sensitive: pass it from a `TerraformVariable`/);
  });

  test('the embedded shape keeps snake_case names and marks sensitive attributes', () => {
    const schemaText = /const schema: ResourceSchema = ([\s\S]*?);\n/.exec(text)?.[1];
    const schema = JSON.parse(schemaText ?? 'null');
    expect(schema.terraformResourceType).toBe('elasticremote_sample_thing');
    expect(Object.keys(schema.inputs.attributes)).toEqual(['name', 'mode', 'skip_unavailable', 'socket_count', 'seeds', 'metadata', 'access', 'credentials']);
    expect(schema.inputs.attributes.metadata).toEqual({ kind: 'map', element: { kind: 'scalar' } });
    expect(schema.inputs.attributes.access.attributes.search.element.attributes).toHaveProperty('allow_restricted_indices');
    expect(schema.sensitiveAttributes).toEqual(['credentials', 'encoded']);
  });

  test('computed outputs get typed getters; inputs do not', () => {
    expect(text).toContain("get id(): string {\n    return this.getStringAttribute('id');");
    expect(text).toContain("get encoded(): string {\n    return this.getStringAttribute('encoded');");
    expect(text).toContain("get expiresAt(): number {\n    return this.getNumberAttribute('expires_at');");
    expect(text).toContain("get connected(): IResolvable {\n    return this.getBooleanAttribute('connected');");
    expect(text).toContain("get keyIds(): string[] {\n    return this.getListAttribute('key_ids');");
    expect(text).not.toContain('get name()');
  });

  test('an attribute that would shadow a construct member is refused', () => {
    const clash = fixture(z.object({ count: z.number() }), z.object({ id: z.string() }));
    expect(() => renderResourceModule(clash)).toThrow(/attribute "count" would shadow the construct member "count"/);
  });

  test('an index module re-exports every resource module', () => {
    const files = renderGeneratedModules([sample]);
    expect([...files.keys()]).toEqual(['sample-thing.ts', 'index.ts']);
    expect(files.get('index.ts')).toContain("export * from './sample-thing';");
  });
});
