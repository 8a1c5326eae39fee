/**
 * `npx elastic-remote-emulator`: prints one JSON document with endpoints and keys, serves them, and
 * stops on SIGTERM. Runs the compiled CLI (the test command builds dist/ first).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { call } from './test-client';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'elastic-remote-emulator.js');

function startCli(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const document = new Promise<any>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      try {
        resolve(JSON.parse(stdout));
      } catch {
        // not complete yet
      }
    });
    child.on('exit', (code) => reject(new Error(`emulator exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, document, exited, stderr: () => stderr };
}

describe('elastic-remote-emulator CLI', () => {
  it('needs the build', () => {
    expect(fs.existsSync(path.join(root, 'dist', 'src', 'emulator', 'index.js'))).toBe(true);
  });

  it('prints its default topology as JSON, serves it, and stops on SIGTERM', async () => {
    const cli = startCli([]);
    const topology = await cli.document;
    expect(Object.keys(topology.clusters)).toEqual(['local', 'remote', 'ech-local', 'ech-remote', 'ece-local', 'ece-remote']);
    const local = topology.clusters.local;
    const identity = await call(local.url, 'GET', '/', { apiKey: local.apiKey });
    expect(identity.body.cluster_uuid).toBe(local.clusterUuid);
    const deployment = topology.cloud.deployments['ece-local'];
    const fetched = await call(deployment.cloudUrl, 'GET', `/api/v1/deployments/${deployment.id}`, { apiKey: deployment.cloudApiKey });
    expect(fetched.body.resources.elasticsearch[0].id).toBe(deployment.clusterId);
    expect(topology.cloud.ece['ece-1'].caCertPem).toContain('-----BEGIN CERTIFICATE-----');
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('started by npm (npx, npm run), stops when the SIGTERM npm forwards kills only its shell', async () => {
    // What npm exec does: `sh -c <bin>` with npm_command set; npm sends SIGTERM to that shell alone.
    const shell = spawn('sh', ['-c', '"$0" "$1"; exit $?', process.execPath, bin], {
      cwd: root,
      env: { ...process.env, npm_command: 'exec' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const document = new Promise<any>((resolve) => {
      shell.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        try {
          resolve(JSON.parse(stdout));
        } catch {
          // not complete yet
        }
      });
    });
    // stdout closes once every writer is gone: the shell and the emulator it started.
    const closed = new Promise<void>((resolve) => shell.stdout.on('close', () => resolve()));
    const topology = await document;
    const local = topology.clusters.local;
    expect((await call(local.url, 'GET', '/', { apiKey: local.apiKey })).status).toBe(200);
    shell.kill('SIGTERM');
    await closed;
    await expect(call(local.url, 'GET', '/', { apiKey: local.apiKey })).rejects.toThrow();
  });

  it('takes --config with startEmulator options and rejects unknown flags', async () => {
    const config = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'emulator-')), 'topology.json');
    fs.writeFileSync(config, JSON.stringify({ clusters: [{ name: 'only', version: '8.19.3' }] }));
    const cli = startCli(['--config', config]);
    const topology = await cli.document;
    expect(Object.keys(topology.clusters)).toEqual(['only']);
    expect(topology.clusters.only.version).toBe('8.19.3');
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    const bad = startCli(['--nope']);
    await expect(bad.document).rejects.toThrow(/unknown argument --nope/);
  });
});
