#!/usr/bin/env node
'use strict';
/*
 * Turns the JSON that `npx elastic-remote-emulator` prints into variables for this stack:
 *   npx elastic-remote-emulator > /tmp/emulator.json &
 *   node emulator-tfvars.js /tmp/emulator.json > emulator.auto.tfvars.json
 * Uses the emulator's "local" and "remote" clusters; the secrets key comes from
 * ELASTIC_REMOTE_SECRETS_KEY or is made up for this run. Types: emulator-tfvars.d.ts.
 */
const fs = require('node:fs');
const crypto = require('node:crypto');

/** The stack's connection variables for a local and a remote emulated cluster (the e2e suites use it too). */
function clusterVariables(local, remote) {
  return {
    remote_elasticsearch_endpoint: remote.url,
    remote_elasticsearch_username: remote.username,
    remote_elasticsearch_password: remote.password,
    remote_cluster_address: remote.remoteClusterServerAddress,
    local_elasticsearch_endpoint: local.url,
    local_elasticsearch_api_key: local.apiKey,
  };
}

function main() {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: emulator-tfvars.js <emulator.json>\n');
    process.exit(2);
  }
  const emulator = JSON.parse(fs.readFileSync(file, 'utf8'));
  const { local, remote } = emulator.clusters;
  if (!local || !remote) {
    process.stderr.write('the emulator has no "local" and "remote" clusters\n');
    process.exit(1);
  }
  const vars = {
    secrets_key: process.env.ELASTIC_REMOTE_SECRETS_KEY || crypto.randomBytes(18).toString('base64url'),
    ...clusterVariables(local, remote),
  };
  process.stdout.write(`${JSON.stringify(vars, null, 2)}\n`);
}

module.exports = { clusterVariables };
if (require.main === module) main();
