import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notesOncePerRun } from './notes-once';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'notes-once-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('a note said in the plan walk is not said again by the apply walk of the same run', () => {
  const planWalk = notesOncePerRun(dir, process.pid);
  expect(planWalk.firstTime('RemoteClusterConnection "team"\n  + keystore secret (set)')).toBe(true);
  expect(planWalk.firstTime('RemoteClusterConnection "team"\n  + keystore secret (set)')).toBe(false);
  const applyWalk = notesOncePerRun(dir, process.pid);
  expect(applyWalk.firstTime('RemoteClusterConnection "team"\n  + keystore secret (set)')).toBe(false);
  expect(applyWalk.firstTime('RemoteClusterConnection "team"\n  ~ keystore secret (rotated)')).toBe(true);
});

test('another run (another parent process) says the note again', () => {
  expect(notesOncePerRun(dir, process.pid).firstTime('note')).toBe(true);
  expect(notesOncePerRun(dir, process.ppid).firstTime('note')).toBe(true);
});

test('only digests are written, and records of ended runs are removed', () => {
  const ended = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
  writeFileSync(join(dir, `elasticremote-notes-${process.getuid!()}-${ended}-0`), 'x\n');
  notesOncePerRun(dir, process.pid).firstTime('keystore secret cluster.remote.team.credentials');
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(readFileSync(join(dir, files[0]), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
});
