import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** docs/reference.md of the repository, from the sources (tests) or from dist/src/reference. */
function repositoryRoot(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) if (existsSync(join(dir, 'package.json'))) return dir;
  throw new Error(`no package.json above ${__dirname}`);
}

export const referenceFile = join(repositoryRoot(), 'docs', 'reference.md');
