/**
 * What the four generated resource constructs share: meta-arguments passed to cdktf, props renamed to
 * the provider's snake_case attributes, and sensitive attributes kept sensitive in the stack's outputs.
 */
import { Annotations, Aspects, DefaultTokenResolver, StringConcat, Token, Tokenization, TerraformOutput, TerraformResource, TerraformStack, type IAspect, type TerraformMetaArguments } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { providerNamespace, providerTypeName } from '../providers/terraform/names';
import { toTerraformAttributes, type ObjectShape } from './attribute-shape';

/** Terraform's name of the provider (`provider "elasticremote"`, resource types `elasticremote_<tfName>`). */
export const providerName = providerTypeName;
/** Registry address of the provider; `tofu init` finds it in the local filesystem mirror. */
export const providerSource = `${providerNamespace}/${providerTypeName}`;

export interface ResourceSchema {
  /** `elasticremote_<tfName>` */
  terraformResourceType: string;
  inputs: ObjectShape;
  /** Attributes the engine marks sensitive, inputs and outputs (snake_case). */
  sensitiveAttributes: readonly string[];
}

export abstract class ElasticRemoteResource extends TerraformResource {
  private readonly terraformAttributes: Record<string, unknown>;
  private readonly sensitiveAttributeNames: readonly string[];

  protected constructor(scope: Construct, id: string, schema: ResourceSchema, props: TerraformMetaArguments & object) {
    const { dependsOn, count, provider, lifecycle, forEach, provisioners, connection, ...inputs } = props;
    super(scope, id, {
      terraformResourceType: schema.terraformResourceType,
      terraformGeneratorMetadata: { providerName },
      dependsOn,
      count,
      provider,
      lifecycle,
      forEach,
      provisioners,
      connection,
    });
    this.terraformAttributes = toTerraformAttributes(schema.inputs, inputs as Record<string, unknown>, this.node.path);
    this.sensitiveAttributeNames = schema.sensitiveAttributes;
    warnLiteralSecrets(this, this.terraformAttributes, schema.sensitiveAttributes.map((name) => [name]));
    markSensitiveOutputs(TerraformStack.of(this));
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.terraformAttributes;
  }

  /** True when `expression` (resolved Terraform text) reads one of this resource's sensitive attributes. */
  readsSensitiveAttribute(expression: string): boolean {
    const address = `${this.terraformResourceType}.${this.friendlyUniqueId}`;
    return this.sensitiveAttributeNames.some((attribute) =>
      new RegExp(`${escapeRegExp(address)}(\\[[^\\]]*\\])?\\.${escapeRegExp(attribute)}\\b`).test(expression),
    );
  }

  get hasSensitiveAttributes(): boolean {
    return this.sensitiveAttributeNames.length > 0;
  }
}

/**
 * A secret given as a literal ends up in plain text in cdk.tf.json (and in source control): say so at
 * synth. `paths` are snake_case attribute paths of sensitive values.
 */
export function warnLiteralSecrets(scope: IConstruct, attributes: Record<string, unknown>, paths: string[][]): void {
  for (const path of paths) {
    const value = path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), attributes);
    if (typeof value === 'string' && !Token.isUnresolved(value)) {
      Annotations.of(scope).addWarning(
        `${path.join('.')} is a literal secret: it would be written in plain text to cdk.tf.json; pass a TerraformVariable with sensitive: true or another resource's output`,
      );
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An output that reads a secret (an encoded key, a credential) is marked sensitive, so that
 * `cdktf deploy`/`tofu apply` never print it and Terraform does not reject the output.
 */
class SensitiveOutputs implements IAspect {
  visit(node: IConstruct): void {
    if (!TerraformOutput.isTerraformOutput(node) || node.sensitive) return;
    const stack = TerraformStack.of(node);
    const resources = stack.node.findAll().filter((c): c is ElasticRemoteResource => c instanceof ElasticRemoteResource);
    if (node.value instanceof ElasticRemoteResource) {
      node.sensitive = node.value.hasSensitiveAttributes || undefined;
      return;
    }
    const resolved: unknown = Tokenization.resolve(node.value, { scope: node, resolver: new DefaultTokenResolver(new StringConcat()), preparing: true });
    const expression = JSON.stringify(resolved);
    if (resources.some((r) => r.readsSensitiveAttribute(expression))) node.sensitive = true;
  }
}

const stacksWithAspect = new WeakSet<TerraformStack>();

function markSensitiveOutputs(stack: TerraformStack): void {
  if (stacksWithAspect.has(stack)) return;
  stacksWithAspect.add(stack);
  Aspects.of(stack).add(new SensitiveOutputs());
}
