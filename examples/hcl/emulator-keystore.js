#!/usr/bin/env node
'use strict';
/*
 * The operator's step on the emulated self-managed "local" cluster, which no API can do on a real one
 * (`bin/elasticsearch-keystore add cluster.remote.<alias>.credentials` on every node):
 *   tofu state pull | node emulator-keystore.js /tmp/emulator.json
 * Unseals the key's `encoded` output from the state with this stack's secrets_key (from
 * emulator.auto.tfvars.json, or ELASTIC_REMOTE_SECRETS_KEY) and hands it to the emulator's keystore
 * admin route. Prints the setting name and key id, never the key. Needs the build (dist/).
 */
const fs = require('node:fs');
const path = require('node:path');

function fail(message) {
  process.stderr.write(`emulator-keystore: ${message}\n`);
  process.exit(1);
}

async function main() {
  const file = process.argv[2];
  if (!file) fail('usage: tofu state pull | node emulator-keystore.js <emulator.json>');
  const emulator = JSON.parse(fs.readFileSync(file, 'utf8'));
  const tfvarsFile = 'emulator.auto.tfvars.json';
  const tfvars = fs.existsSync(tfvarsFile) ? JSON.parse(fs.readFileSync(tfvarsFile, 'utf8')) : {};
  const secretsKey = tfvars.secrets_key || process.env.ELASTIC_REMOTE_SECRETS_KEY;
  if (!secretsKey) fail(`no secrets_key in ${tfvarsFile} and no ELASTIC_REMOTE_SECRETS_KEY`);
  const alias = tfvars.alias || 'eu-logs';

  const state = JSON.parse(fs.readFileSync(0, 'utf8') || '{}');
  const key = (state.resources || []).find((r) => r.type === 'elasticremote_cross_cluster_api_key' && r.name === 'search');
  // The current object, not a deposed one (a create-before-destroy rotation still under way).
  const current = key && key.instances.find((i) => !i.deposed);
  const encoded = current && current.attributes.encoded;
  if (!encoded) fail('the state has no elasticremote_cross_cluster_api_key.search with an encoded key: apply it first (-target)');

  const { createSecretBox } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'secrets', 'secret-box.js'));
  const plain = createSecretBox(secretsKey).unseal(encoded);
  const setting = `cluster.remote.${alias}.credentials`;
  const url = emulator.admin.keystore.replace('{cluster}', 'local');
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${emulator.admin.token}` };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ setting, value: plain }) });
  if (!response.ok) fail(`${url} answered ${response.status}`);
  process.stdout.write(`keystore of cluster "local": ${setting} set (key ${current.attributes.id})\n`);
}

main().catch((error) => fail(error.message));
