/**
 * Data sources: read-only lookups a configuration feeds into resources (an environment's trust
 * parameters, a deployment's remote cluster addresses, whether an alias is connected). Like resources,
 * each is complete data (input and output schemas, descriptions) so every front end derives from it.
 */
import type { z } from 'zod';
import type { EngineContext } from '../resources/context';

export interface DataSourceDefinition<Input extends object = Record<string, unknown>, Output extends object = Record<string, unknown>> {
  /** Engine type name, e.g. `RemoteInfo`. */
  type: string;
  /** Snake_case name used by Terraform (`<provider>_<tfName>`), e.g. `remote_info`. */
  tfName: string;
  description: string;
  /** What the user gives, validated before any request. */
  input: z.ZodType<Input>;
  /** What the lookup answers. */
  output: z.ZodObject;
  /**
   * Served as an ephemeral resource (Terraform 1.10+, OpenTofu 1.11+): the answer holds a secret that goes
   * to write-only arguments and is never written to a plan or state. Front ends without ephemeral
   * resources leave it out.
   */
  ephemeral?: true;
  /** One or two requests, never a write (an ephemeral one may make none). */
  read(ctx: EngineContext, input: Input): Promise<Output>;
}

/** A definition with its type parameters erased, for registries and front ends. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance escape hatch for collections only
export type AnyDataSourceDefinition = DataSourceDefinition<any, any>;
