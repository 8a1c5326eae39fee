/**
 * The bundle's launcher (compiled: npm run build) keeps V8's code cache next to the chunks it starts:
 * written on the first run, used afterwards, replaced when V8 rejects it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bundled launcher, as the package ships it: one file, the code-cache module inside. */
const launcher = join(__dirname, '..', '..', 'dist', 'providers', 'terraform', 'bundle', 'launch.js');
/** Node >= 22.1 keeps its own cache instead (module.enableCompileCache). */
const hasCompileCache = 'enableCompileCache' in Module;
let dir: string;

beforeEach(() => {
  if (!existsSync(launcher)) throw new Error(`${launcher} is missing: run npm run build first (scripts/test.sh does)`);
  dir = mkdtempSync(join(tmpdir(), 'launch-'));
  copyFileSync(launcher, join(dir, 'launch.js'));
  writeFileSync(join(dir, 'main.js'), "process.stdout.write(require('./chunk.js').answer + '\\n');\n");
  writeFileSync(join(dir, 'chunk.js'), 'exports.answer = [1, 2, 3].map((n) => n * 14).pop();\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const start = () => execFileSync(process.execPath, [join(dir, 'launch.js')], { encoding: 'utf8' });

(hasCompileCache ? test.skip : test)('runs the chunks and writes their code cache on the first run, then reads it', () => {
  expect(start()).toBe('42\n');
  const written = statSync(join(dir, 'chunk.js.cache')).mtimeMs;
  expect(existsSync(join(dir, 'main.js.cache'))).toBe(true);
  expect(start()).toBe('42\n');
  expect(statSync(join(dir, 'chunk.js.cache')).mtimeMs).toBe(written);
});

(hasCompileCache ? test.skip : test)('a cache V8 rejects is ignored and replaced', () => {
  writeFileSync(join(dir, 'chunk.js.cache'), 'not a code cache');
  expect(start()).toBe('42\n');
  expect(readFileSync(join(dir, 'chunk.js.cache')).toString()).not.toBe('not a code cache');
});
