/**
 * EnvironmentTrustPair: platform trust between two ECE environments, which must be declared on both
 * sides. Each environment gets a TrustRelationship holding the other's trust parameters (installation
 * id, CA certificate, account ids: what the environment's own `local` relationship shows), built by the
 * engine's trustPairFromLocalParameters so every front end pairs them the same way.
 *
 * The relationship ids are what deployments' external trust scopes reference: with a RemoteClusterLink
 * from a deployment in A to one in B, the local deployment is `trustedUnder` `inB` (B's relationship
 * with A) and the remote one `trustedUnder` `inA`. One pair serves every link between the two.
 */
import { Construct } from 'constructs';
import { trustPairFromLocalParameters, type TrustEnvironment } from '../src/resources/trust-relationship/pair';
import type { TrustRelationshipInput } from '../src/resources/trust-relationship/schema';
import { TrustRelationship, type TrustRelationshipProps } from './generated';
import type { ElasticRemoteProvider } from './provider';
import type { TrustScope } from './remote-cluster-link';

export interface TrustedEnvironment {
  /** Provider instance whose `cloud` is this environment's coordinator. */
  readonly provider: ElasticRemoteProvider;
  /** How the other environment names this one in its trust settings. */
  readonly name: string;
  /** This environment's own trust parameters (Platform > Trust Management > Trust parameters). */
  readonly installationId: string;
  /** PEM of this environment's CA certificate. */
  readonly publicCaCert: string;
  readonly accountIds: string[];
  /** Region of this environment's platform API, when not the coordinator's default. */
  readonly region?: string;
  /** Whether this environment's deployments trust the other environment by default. @default false */
  readonly trustByDefault?: boolean;
}

export interface EnvironmentTrustPairProps {
  readonly a: TrustedEnvironment;
  readonly b: TrustedEnvironment;
}

function engineEnvironment(environment: TrustedEnvironment): TrustEnvironment {
  return {
    name: environment.name,
    // `id` is the local relationship's own id, which pairing does not use.
    parameters: { id: '', name: environment.name, installation_id: environment.installationId, public_ca_cert: environment.publicCaCert, account_ids: environment.accountIds },
    region: environment.region,
    trust_by_default: environment.trustByDefault,
  };
}

function relationshipProps(input: TrustRelationshipInput, provider: ElasticRemoteProvider): TrustRelationshipProps {
  return {
    provider,
    name: input.name,
    installationId: input.installation_id,
    publicCaCert: input.public_ca_cert,
    trustByDefault: input.trust_by_default,
    accountIds: input.account_ids,
    region: input.region,
  };
}

export class EnvironmentTrustPair extends Construct {
  /** In environment A, trusting B. */
  readonly inA: TrustRelationship;
  /** In environment B, trusting A. */
  readonly inB: TrustRelationship;

  constructor(scope: Construct, id: string, props: EnvironmentTrustPairProps) {
    super(scope, id);
    const pair = trustPairFromLocalParameters(engineEnvironment(props.a), engineEnvironment(props.b));
    this.inA = new TrustRelationship(this, 'in-a', relationshipProps(pair.inA, props.a.provider));
    this.inB = new TrustRelationship(this, 'in-b', relationshipProps(pair.inB, props.b.provider));
  }

  /** The scope under which deployments of environment B list clusters of A (for `trustedUnder`). */
  get aSeenFromB(): TrustScope {
    return { trustRelationshipId: this.inB.id };
  }

  /** The scope under which deployments of environment A list clusters of B. */
  get bSeenFromA(): TrustScope {
    return { trustRelationshipId: this.inA.id };
  }
}
