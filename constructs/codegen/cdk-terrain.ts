/**
 * CDK Terrain (`cdktn`, CDKTF's maintained fork, same API) from the same source: the constructs are
 * written once against `cdktf`, and the build derives a CDK Terrain tree from the compiled one, the same
 * files with every `cdktf` import pointing at `cdktn` and every import of a derived tree pointing at its
 * derived copy. Construct classes must extend the core the app runs on (both keep singletons and
 * `instanceof` checks), hence two trees rather than one that picks at run time.
 *
 *   node dist/constructs/codegen/cdk-terrain.js   (part of `npm run build`)
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Compiled tree -> its CDK Terrain copy, absolute paths. */
export type DerivedTrees = ReadonlyMap<string, string>;

const coreModules: Readonly<Record<string, string>> = { cdktf: 'cdktn' };

function within(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The specifier a file of a derived tree uses where the compiled file (at `fromFile`) uses `specifier`. */
export function retargetSpecifier(specifier: string, fromFile: string, trees: DerivedTrees): string {
  if (!specifier.startsWith('.')) return coreModules[specifier] ?? specifier;
  const resolved = path.resolve(path.dirname(fromFile), specifier);
  const fromTree = [...trees.keys()].find((dir) => within(fromFile, dir))!;
  const toTree = [...trees.keys()].find((dir) => within(resolved, dir));
  // Imports outside every derived tree (the engine) stay shared: same depth, same relative path.
  const target = toTree === undefined ? resolved : path.join(trees.get(toTree)!, path.relative(toTree, resolved));
  const derivedFrom = path.join(trees.get(fromTree)!, path.relative(fromTree, fromFile));
  const relative = path.relative(path.dirname(derivedFrom), target);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** JavaScript (`require("…")`) or declarations (`from '…'`, `import("…")`) with their module specifiers retargeted. */
export function retargetModuleText(text: string, fromFile: string, trees: DerivedTrees): string {
  return text
    .replace(/(\brequire\(|\bfrom |\bimport\()(['"])([^'"]+)\2/g, (_m, lead: string, quote: string, specifier: string) => `${lead}${quote}${retargetSpecifier(specifier, fromFile, trees)}${quote}`)
    .replace(/\n\/\/# sourceMappingURL=.*$/, '');
}

function deriveTree(source: string, trees: DerivedTrees): void {
  const target = trees.get(source)!;
  rmSync(target, { recursive: true, force: true });
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      const derived = path.join(target, path.relative(source, file));
      if (entry.isDirectory()) {
        if (entry.name !== 'codegen') walk(file);
      } else if (/\.test\.(js|d\.ts)$/.test(entry.name) || entry.name.endsWith('.map')) {
        continue;
      } else if (/\.(js|d\.ts)$/.test(entry.name)) {
        mkdirSync(path.dirname(derived), { recursive: true });
        writeFileSync(derived, retargetModuleText(readFileSync(file, 'utf8'), file, trees));
      } else {
        mkdirSync(path.dirname(derived), { recursive: true });
        copyFileSync(file, derived);
      }
    }
  };
  walk(source);
}

/** The compiled trees that import `cdktf`, each with its CDK Terrain copy beside it. */
export function cdkTerrainTrees(dist: string): DerivedTrees {
  return new Map([
    [path.join(dist, 'constructs'), path.join(dist, 'constructs-cdktn')],
    [path.join(dist, 'examples', 'cdktf'), path.join(dist, 'examples', 'cdktf-cdktn')],
  ]);
}

if (require.main === module) {
  const dist = path.resolve(__dirname, '..', '..');
  const trees = cdkTerrainTrees(dist);
  for (const source of trees.keys()) deriveTree(source, trees);
  console.log(`derived the CDK Terrain trees: ${[...trees.values()].map((t) => path.relative(dist, t)).join(', ')}`);
}
