/**
 * The README's second set-up path, `npm run demo:tofu`: the real OpenTofu runs examples/hcl against the
 * emulator from init to destroy, and prints the plan a new user reads.
 */
import { join } from 'node:path';
import { repoRoot, run } from '../tools';

jest.setTimeout(300_000);

test('the OpenTofu demo plans, applies, comes back clean and destroys, printing the plan', async () => {
  const demo = await run(process.execPath, [join(repoRoot, 'dist', 'examples', 'hcl', 'demo.js')], { cwd: repoRoot, env: process.env, timeoutMs: 280_000 });
  expect(demo.stderr).not.toContain('demo failed');
  expect(demo.code).toBe(0);
  expect(demo.stdout).toContain('# elasticremote_remote_cluster_connection.search will be created');
  expect(demo.stdout).toContain('+ keystore secret cluster.remote.eu-logs.credentials (set)');
  expect(demo.stdout).toContain('No changes.');
  expect(demo.stdout).toContain('Destroy complete! Resources: 2 destroyed.');
  expect(demo.stdout).toContain('demo complete');
});
