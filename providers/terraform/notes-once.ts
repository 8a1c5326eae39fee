/**
 * An `apply` without a saved plan plans every resource twice, each time in its own provider process:
 * in the plan walk (shown before approval) and again in the apply walk, and OpenTofu and Terraform
 * print the warnings of both. A reviewer note is said once per run instead: the processes of one run
 * share their parent (the tofu or terraform process), so a note already said under that parent is not
 * said again. Only SHA-256 digests of the notes are kept (a note names settings and key ids, never a
 * secret, but nothing of it needs to be written anywhere).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NotesOnce {
  /** True the first time this run sees `note`; records it. */
  firstTime(note: string): boolean;
}

const prefix = 'elasticremote-notes-';

/** The parent's start time on Linux (a reused process id is another run); elsewhere the id alone. */
function startTime(pid: number): string {
  try {
    // Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces).
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
  } catch {
    return '0';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function notesOncePerRun(dir = tmpdir(), parent = process.ppid): NotesOnce {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const file = join(dir, `${prefix}${uid}-${parent}-${startTime(parent)}`);
  let said: Set<string> | undefined;
  return {
    firstTime(note) {
      if (!said) {
        said = new Set(existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
        if (said.size === 0) forgetEndedRuns(dir, uid);
      }
      const digest = createHash('sha256').update(note).digest('hex');
      if (said.has(digest)) return false;
      said.add(digest);
      try {
        appendFileSync(file, `${digest}\n`, { mode: 0o600 });
      } catch {
        // Unwritable temp directory: the note may be said twice, which is only noise.
      }
      return true;
    },
  };
}

/** Removes the records of runs whose process has ended. */
function forgetEndedRuns(dir: string, uid: number): void {
  const record = new RegExp(`^${prefix}${uid}-(\\d+)-`);
  try {
    for (const name of readdirSync(dir)) {
      const match = record.exec(name);
      if (match && !alive(Number(match[1]))) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // Best effort: a stale record costs a few bytes.
  }
}
