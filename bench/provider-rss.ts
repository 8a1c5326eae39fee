/**
 * Preloaded into every provider process of a benchmark (NODE_OPTIONS=--require, see pairs-stack.ts):
 * at exit, writes the process's peak resident set size (KiB) to $PROVIDER_RSS_DIR/<pid>.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.PROVIDER_RSS_DIR;
if (dir) {
  process.on('exit', () => writeFileSync(join(dir, String(process.pid)), String(process.resourceUsage().maxRSS)));
}
