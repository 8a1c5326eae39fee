import type { FaultControl, FaultSpec } from './types';

const faultKinds: readonly FaultSpec['kind'][] = ['latency', 'status', 'drop', 'version_conflict'];
const injectableStatuses = [429, 500, 502, 503, 504];

/** Checks a rule before it is accepted, so a typo in a test fails loudly instead of never firing. */
export function checkFaultSpec(spec: FaultSpec): FaultSpec {
  if (!faultKinds.includes(spec.kind)) throw new Error(`fault kind must be one of ${faultKinds.join(', ')}, got ${String(spec.kind)}`);
  if (spec.kind === 'status' && !injectableStatuses.includes(spec.status ?? 0)) {
    throw new Error(`fault status must be one of ${injectableStatuses.join(', ')}, got ${String(spec.status)}`);
  }
  if (spec.kind === 'latency' && !(typeof spec.latencyMs === 'number' && spec.latencyMs >= 0)) {
    throw new Error('latency fault needs latencyMs >= 0');
  }
  if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1)) {
    throw new Error(`fault probability must be within 0..1, got ${spec.probability}`);
  }
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) {
    throw new Error(`fault times must be a positive integer, got ${spec.times}`);
  }
  return spec;
}

/** A fault rule as sent over HTTP: path as a string, `/.../` meaning a regular expression. */
export function faultSpecFromJson(value: unknown): FaultSpec {
  if (value === null || typeof value !== 'object') throw new Error('a fault rule must be an object');
  const spec = { ...(value as FaultSpec) };
  if (typeof spec.path === 'string' && spec.path.length > 2 && spec.path.startsWith('/') && spec.path.endsWith('/') && !spec.path.startsWith('//')) {
    spec.path = new RegExp(spec.path.slice(1, -1));
  }
  return checkFaultSpec(spec);
}

interface ActiveRule {
  spec: FaultSpec;
  remaining: number;
}

/** Deterministic pseudo-random numbers (mulberry32) so fault-injection tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector implements FaultControl {
  private rules: ActiveRule[] = [];
  private readonly counts: Record<FaultSpec['kind'], number> = { latency: 0, status: 0, drop: 0, version_conflict: 0 };

  constructor(private readonly random: () => number) {}

  set(spec: FaultSpec | FaultSpec[]): void {
    this.rules = (Array.isArray(spec) ? spec : [spec]).map((s) => ({ spec: checkFaultSpec(s), remaining: s.times ?? Infinity }));
  }

  add(spec: FaultSpec): void {
    this.rules.push({ spec: checkFaultSpec(spec), remaining: spec.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  fired(): Record<FaultSpec['kind'], number> {
    return { ...this.counts };
  }

  get active(): boolean {
    return this.rules.length > 0;
  }

  /** The rules that fire for this request (each consumed once), in declaration order. */
  draw(method: string, path: string, target: string, kinds: readonly FaultSpec['kind'][]): FaultSpec[] {
    if (this.rules.length === 0) return [];
    const firing: FaultSpec[] = [];
    let answered = false;
    for (const rule of this.rules) {
      const spec = rule.spec;
      if (rule.remaining <= 0 || !kinds.includes(spec.kind)) continue;
      // One request gets at most one answer (status, drop or conflict); latency adds up.
      if (answered && spec.kind !== 'latency') continue;
      if (spec.method && spec.method.toUpperCase() !== method) continue;
      if (spec.target && spec.target !== target && !(spec.target === 'cloud' && target.startsWith('ece:'))) continue;
      if (spec.path !== undefined && !(typeof spec.path === 'string' ? path.startsWith(spec.path) : spec.path.test(path))) continue;
      if (spec.probability !== undefined && this.random() >= spec.probability) continue;
      rule.remaining -= 1;
      this.counts[spec.kind] += 1;
      if (spec.kind !== 'latency') answered = true;
      firing.push(spec);
    }
    this.rules = this.rules.filter((rule) => rule.remaining > 0);
    return firing;
  }
}
