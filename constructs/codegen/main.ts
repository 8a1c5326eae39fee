/** Writes constructs/generated/*.ts from the engine's resource definitions. Run from the repository root. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceDefinitions } from '../../src/resources';
import { renderGeneratedModules } from './render';

function main(): void {
  const directory = join(process.cwd(), 'constructs', 'generated');
  mkdirSync(directory, { recursive: true });
  const files = renderGeneratedModules(resourceDefinitions);
  for (const stale of readdirSync(directory).filter((f) => !files.has(f))) rmSync(join(directory, stale));
  for (const [name, text] of files) writeFileSync(join(directory, name), text);
  process.stdout.write(`wrote ${[...files.keys()].join(', ')} to ${directory}\n`);
}

main();
