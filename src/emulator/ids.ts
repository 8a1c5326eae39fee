import { randomBytes } from 'node:crypto';

/** 22-character URL-safe id, the shape of Elasticsearch cluster_uuid, node ids and API key secrets. */
export function base64Id22(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

/** 20-character URL-safe id, the shape of Elasticsearch API key ids. */
export function apiKeyId(): string {
  return randomBytes(15).toString('base64url');
}

/** 32 lowercase hex characters: Cloud deployment ids, Elasticsearch cluster ids, account ids. */
export function hex32(): string {
  return randomBytes(16).toString('hex');
}

/** A numeric ECE environment (installation) id like 1053523734. */
export function numericId(): string {
  return String(1_000_000_000 + (randomBytes(4).readUInt32BE(0) % 1_000_000_000));
}
