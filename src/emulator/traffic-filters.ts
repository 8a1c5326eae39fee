/**
 * Traffic filter rule sets of the Cloud API (`/deployments/traffic-filter/...`, ECH and ECE alike),
 * written from the cloud/*-api-full.json contracts and Elastic's network security documentation:
 * a rule set belongs to an organization or environment and one region, is associated with
 * deployments, and once a deployment has any associated rule set, its remote cluster server
 * (port 9443) accepts a connection only when one of their rules allows the connecting side.
 * The certificate model (port 9300, mTLS) is not filtered, as the documentation says.
 */
import { isIP } from 'node:net';
import type { Deployment, Platform } from './cloud-platform';
import { CloudHttpError, invalid, truthy, withoutNulls } from './cloud-errors';
import { isObject } from './es-json';
import type { EmulatorRequest, EmulatorResponse } from './http-server';
import { hex32 } from './ids';

export type RulesetType = 'ip' | 'vpce' | 'azure_private_endpoint' | 'gcp_private_service_connect' | 'remote_cluster';

/** Rule set types each platform offers: private links are ECH's (per cloud provider), ECE filters by IP. */
const typesOf: Record<Platform['kind'], RulesetType[]> = {
  ech: ['ip', 'vpce', 'azure_private_endpoint', 'gcp_private_service_connect', 'remote_cluster'],
  ece: ['ip', 'remote_cluster'],
};

/** The rule fields each type takes (besides `id` and `description`), and which of them are required. */
const ruleFields: Record<RulesetType, { allowed: string[]; required: string[][] }> = {
  ip: { allowed: ['source', 'egress_rule'], required: [['source', 'egress_rule']] },
  vpce: { allowed: ['source'], required: [['source']] },
  gcp_private_service_connect: { allowed: ['source'], required: [['source']] },
  azure_private_endpoint: { allowed: ['azure_endpoint_name', 'azure_endpoint_guid'], required: [['azure_endpoint_name'], ['azure_endpoint_guid']] },
  remote_cluster: { allowed: ['remote_cluster_id', 'remote_cluster_org_id'], required: [['remote_cluster_id', 'remote_cluster_org_id']] },
};

export interface TrafficFilterRule {
  id: string;
  description?: string;
  source?: string;
  remote_cluster_id?: string;
  remote_cluster_org_id?: string;
  azure_endpoint_name?: string;
  azure_endpoint_guid?: string;
  egress_rule?: { target: string; protocol: string; ports?: number[] };
}

export interface TrafficFilterRuleset {
  id: string;
  name: string;
  description?: string;
  type: RulesetType;
  include_by_default: boolean;
  region: string;
  rules: TrafficFilterRule[];
  /** Owning organization (ECH) or environment (ECE). */
  platform: Platform;
  /** Ids of the associated deployments. */
  deployments: Set<string>;
}

/** Who opens a remote cluster connection, as the remote side's proxy sees it. */
export interface ConnectingSide {
  name: string;
  clusterId: string;
  /** The local deployment's platform; undefined for a self-managed cluster. */
  platform?: Platform;
  /** Source IP address of its connections. */
  sourceAddress: string;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Whether `source` (an IP address or CIDR mask) covers `address`. IPv6 sources match equal addresses only. */
export function sourceCovers(source: string, address: string): boolean {
  const [base, bits] = source.split('/');
  if (isIP(base) !== 4 || isIP(address) !== 4) return base === address;
  const prefix = bits === undefined ? 32 : Number(bits);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((ipv4ToNumber(base) & mask) >>> 0) === ((ipv4ToNumber(address) & mask) >>> 0);
}

function validSource(source: string): boolean {
  const [base, bits, extra] = source.split('/');
  if (extra !== undefined || isIP(base) === 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(base) === 4 ? 32 : 128);
}

/** Whether one rule of a rule set of `type` lets `side` open a remote cluster connection to a deployment of `remote`. */
function ruleAllows(type: RulesetType, rule: TrafficFilterRule, side: ConnectingSide, remote: Platform): boolean {
  if (type === 'ip') return rule.source !== undefined && sourceCovers(rule.source, side.sourceAddress);
  if (type !== 'remote_cluster') return false;
  // Remote cluster filters rely on the platform's certificates.
  if (side.platform === undefined || !side.platform.samePlatformAs(remote)) return false;
  if (rule.remote_cluster_org_id !== undefined && rule.remote_cluster_org_id !== side.platform.scopeId) return false;
  return rule.remote_cluster_id === undefined || rule.remote_cluster_id === side.clusterId;
}

export class TrafficFilters {
  readonly rulesets = new Map<string, TrafficFilterRuleset>();

  associatedWith(deployment: Deployment): TrafficFilterRuleset[] {
    return [...this.rulesets.values()].filter((r) => r.deployments.has(deployment.id));
  }

  /** New deployments take the rule sets of their region marked include_by_default. */
  includeByDefault(deployment: Deployment): void {
    for (const ruleset of this.rulesets.values()) {
      if (ruleset.platform === deployment.platform && ruleset.include_by_default && ruleset.region === deployment.elasticsearch[0]?.region) {
        ruleset.deployments.add(deployment.id);
      }
    }
  }

  /**
   * Why the remote deployment's proxy refuses a remote cluster connection from `side`, or undefined
   * when no rule set is associated (network security off) or one of their rules allows it.
   */
  remoteClusterProblem(side: ConnectingSide, remote: Deployment): string | undefined {
    const associated = this.associatedWith(remote);
    if (associated.length === 0) return undefined;
    if (associated.some((ruleset) => ruleset.rules.some((rule) => ruleAllows(ruleset.type, rule, side, remote.platform)))) return undefined;
    const names = associated.map((r) => `[${r.name}] (${r.id}, type ${r.type})`).join(', ');
    const org = side.platform ? `, ${side.platform.kind === 'ech' ? 'organization' : 'environment'} ${side.platform.scopeId}` : '';
    return `the traffic filters of deployment [${remote.name}] (rule sets ${names}) allow no remote cluster connection from cluster [${side.name}] (cluster id ${side.clusterId}${org}, source ${side.sourceAddress})`;
  }
}

/** TrafficFilterRulesetInfo; associations only on request, as the contract says. */
function rulesetInfo(ruleset: TrafficFilterRuleset, includeAssociations: boolean): Record<string, unknown> {
  const { platform: _platform, deployments, ...info } = ruleset;
  if (!includeAssociations) return info;
  const associations = [...deployments].sort().map((id) => ({ entity_type: 'deployment', id }));
  return { ...info, associations, total_associations: associations.length };
}

interface RulesetFields {
  name: string;
  description?: string;
  type: RulesetType;
  include_by_default: boolean;
  region: string;
  rules: TrafficFilterRule[];
}

function parseRule(sent: unknown, index: number, type: RulesetType, previous: TrafficFilterRule[]): TrafficFilterRule {
  const field = `rules[${index}]`;
  if (!isObject(sent)) throw invalid(`${field} must be an object`, [field]);
  const rule = withoutNulls(sent);
  const { allowed, required } = ruleFields[type];
  for (const [name, value] of Object.entries(rule)) {
    if (!['id', 'description', ...allowed].includes(name)) throw invalid(`${field}.${name} is not accepted in a rule set of type [${type}] (accepted: ${allowed.join(', ')}, description)`, [`${field}.${name}`]);
    if (name !== 'egress_rule' && typeof value !== 'string') throw invalid(`${field}.${name} must be a string`, [`${field}.${name}`]);
  }
  for (const oneOf of required) {
    if (!oneOf.some((name) => rule[name] !== undefined && rule[name] !== '')) throw invalid(`${field}.${oneOf.join(' or ')} is required in a rule set of type [${type}]`, [`${field}.${oneOf[0]}`]);
  }
  if (type === 'ip' && typeof rule.source === 'string' && !validSource(rule.source)) {
    throw invalid(`${field}.source [${rule.source}] is not an IP address or CIDR mask`, [`${field}.source`]);
  }
  if (rule.egress_rule !== undefined) {
    const egress = rule.egress_rule;
    if (!isObject(egress) || typeof egress.target !== 'string' || !validSource(egress.target) || !['all', 'tcp', 'udp'].includes(String(egress.protocol))) {
      throw invalid(`${field}.egress_rule needs a target (IP address or CIDR mask) and a protocol (all, tcp or udp)`, [`${field}.egress_rule`]);
    }
  }
  if (type === 'remote_cluster' && typeof rule.remote_cluster_id === 'string' && !/^[0-9a-f]{32}$/.test(rule.remote_cluster_id)) {
    throw invalid(`${field}.remote_cluster_id [${rule.remote_cluster_id}] is not an Elasticsearch cluster id (32 hexadecimal characters)`, [`${field}.remote_cluster_id`]);
  }
  // A rule keeps its id across updates when the request names it, as the API's rule ids do.
  const id = typeof rule.id === 'string' && previous.some((p) => p.id === rule.id) ? rule.id : hex32();
  return { ...(rule as Omit<TrafficFilterRule, 'id'>), id };
}

/** TrafficFilterRulesetRequest, validated; `previous` keeps the ids of rules an update names. */
function parseRulesetRequest(sent: Record<string, unknown>, platform: Platform, previous: TrafficFilterRule[]): RulesetFields {
  const body = withoutNulls(sent);
  const known = ['name', 'description', 'type', 'include_by_default', 'region', 'rules'];
  for (const field of Object.keys(body)) if (!known.includes(field)) throw invalid(`Unknown field [${field}]`, [field]);
  for (const field of ['name', 'type', 'include_by_default', 'region', 'rules']) {
    if (body[field] === undefined) throw invalid(`${field} is required`, [field]);
  }
  if (typeof body.name !== 'string' || body.name.trim() === '') throw invalid('name must be a non-empty string', ['name']);
  if (body.description !== undefined && typeof body.description !== 'string') throw invalid('description must be a string', ['description']);
  if (typeof body.include_by_default !== 'boolean') throw invalid('include_by_default must be a boolean', ['include_by_default']);
  const types = typesOf[platform.kind];
  if (typeof body.type !== 'string' || !(types as string[]).includes(body.type)) {
    throw invalid(`type [${String(body.type)}] is not a traffic filter type here (accepted: ${types.join(', ')})`, ['type']);
  }
  if (body.region !== platform.region) throw invalid(`region [${String(body.region)}] is not a region of this ${platform.kind === 'ech' ? 'organization' : 'environment'} (accepted: ${platform.region})`, ['region']);
  if (!Array.isArray(body.rules)) throw invalid('rules must be an array', ['rules']);
  const type = body.type as RulesetType;
  return {
    name: body.name,
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    type,
    include_by_default: body.include_by_default,
    region: body.region,
    rules: body.rules.map((rule, i) => parseRule(rule, i, type, previous)),
  };
}

const notFound = (id: string): CloudHttpError => new CloudHttpError(404, 'traffic_filter.not_found', `The traffic filter ruleset [${id}] could not be found`);

/** The `/deployments/traffic-filter` routes of one Cloud API endpoint. */
export class TrafficFilterApi {
  constructor(
    private readonly filters: TrafficFilters,
    /** The deployment of this platform with that id, or a 404 CloudHttpError. */
    private readonly deploymentOf: (platform: Platform, id: string) => Deployment,
    private readonly body: (request: EmulatorRequest) => Record<string, unknown>,
  ) {}

  /** `rest` is the path after `deployments/traffic-filter`. Undefined: no such route. */
  route(request: EmulatorRequest, platform: Platform, rest: string[]): EmulatorResponse | undefined {
    const { method } = request;
    if (rest[0] === 'rulesets') {
      if (rest.length === 1 && method === 'GET') return this.list(request, platform);
      if (rest.length === 1 && method === 'POST') return this.create(request, platform);
      if (rest.length < 2) return undefined;
      const ruleset = this.ruleset(platform, rest[1]);
      if (rest.length === 2 && method === 'GET') return { status: 200, body: rulesetInfo(ruleset, truthy(request.query.get('include_associations'))) };
      if (rest.length === 2 && method === 'PUT') return this.update(request, ruleset);
      if (rest.length === 2 && method === 'DELETE') return this.remove(request, ruleset);
      if (rest[2] !== 'associations') return undefined;
      if (rest.length === 3 && method === 'GET') return { status: 200, body: { associations: rulesetInfo(ruleset, true).associations, total_associations: ruleset.deployments.size } };
      if (rest.length === 3 && method === 'POST') return this.associate(request, platform, ruleset);
      if (rest.length === 5 && method === 'DELETE') return this.dissociate(ruleset, rest[3], rest[4]);
      return undefined;
    }
    if (rest[0] === 'associations' && rest.length === 4 && rest[3] === 'rulesets' && method === 'GET') {
      checkAssociationType(rest[1]);
      const deployment = this.deploymentOf(platform, rest[2]);
      return { status: 200, body: { rulesets: this.filters.associatedWith(deployment).map((r) => r.id) } };
    }
    return undefined;
  }

  private ruleset(platform: Platform, id: string): TrafficFilterRuleset {
    const ruleset = this.filters.rulesets.get(id);
    if (!ruleset || ruleset.platform !== platform) throw notFound(id);
    return ruleset;
  }

  private list(request: EmulatorRequest, platform: Platform): EmulatorResponse {
    const region = request.query.get('region');
    const includeAssociations = truthy(request.query.get('include_associations'));
    const rulesets = [...this.filters.rulesets.values()].filter((r) => r.platform === platform && (region === null || r.region === region));
    return { status: 200, body: { rulesets: rulesets.map((r) => rulesetInfo(r, includeAssociations)) } };
  }

  private create(request: EmulatorRequest, platform: Platform): EmulatorResponse {
    const fields = parseRulesetRequest(this.body(request), platform, []);
    const ruleset: TrafficFilterRuleset = { id: hex32(), ...fields, platform, deployments: new Set() };
    this.filters.rulesets.set(ruleset.id, ruleset);
    return { status: 201, body: { id: ruleset.id } };
  }

  private update(request: EmulatorRequest, ruleset: TrafficFilterRuleset): EmulatorResponse {
    const fields = parseRulesetRequest(this.body(request), ruleset.platform, ruleset.rules);
    if (fields.type !== ruleset.type) throw invalid(`The type of traffic filter ruleset [${ruleset.id}] cannot be changed from [${ruleset.type}] to [${fields.type}]`, ['type']);
    delete ruleset.description;
    Object.assign(ruleset, fields);
    return { status: 200, body: { id: ruleset.id } };
  }

  private remove(request: EmulatorRequest, ruleset: TrafficFilterRuleset): EmulatorResponse {
    if (ruleset.deployments.size > 0 && !truthy(request.query.get('ignore_associations'))) {
      throw new CloudHttpError(
        400,
        'traffic_filter.has_associations',
        `The traffic filter ruleset [${ruleset.id}] is associated with ${ruleset.deployments.size} deployment(s): remove the associations first, or pass ignore_associations=true`,
      );
    }
    this.filters.rulesets.delete(ruleset.id);
    return { status: 200, body: {} };
  }

  private associate(request: EmulatorRequest, platform: Platform, ruleset: TrafficFilterRuleset): EmulatorResponse {
    const body = withoutNulls(this.body(request));
    if (typeof body.entity_type !== 'string') throw invalid('entity_type is required', ['entity_type']);
    if (typeof body.id !== 'string') throw invalid('id is required', ['id']);
    checkAssociationType(body.entity_type);
    const deployment = this.deploymentOf(platform, body.id);
    const region = deployment.elasticsearch[0]?.region;
    if (region !== ruleset.region) {
      throw invalid(`The traffic filter ruleset [${ruleset.id}] is for region [${ruleset.region}]; deployment [${deployment.id}] is in region [${region}]`, ['id']);
    }
    if (ruleset.deployments.has(deployment.id)) return { status: 200, body: {} };
    ruleset.deployments.add(deployment.id);
    return { status: 201, body: {} };
  }

  private dissociate(ruleset: TrafficFilterRuleset, type: string, id: string): EmulatorResponse {
    checkAssociationType(type);
    if (!ruleset.deployments.delete(id)) {
      throw new CloudHttpError(404, 'traffic_filter.not_found', `The traffic filter ruleset [${ruleset.id}] has no association with ${type} [${id}]`);
    }
    return { status: 200, body: {} };
  }
}

function checkAssociationType(type: string): void {
  if (type !== 'deployment') {
    throw new CloudHttpError(400, 'traffic_filter.invalid_association_type', `Invalid association type [${type}] (accepted: deployment)`);
  }
}
