/**
 * What every benchmark measures with: elapsed time, medians, timed commands, environment numbers and
 * how durations print.
 */
import { run, type RunOptions } from '../test/e2e/tools';

/** Milliseconds since `start` (process.hrtime.bigint()). */
export const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(0)} ms`;

/** A whole number from the environment variable `name`, `fallback` when unset. */
export function wholeNumber(name: string, fallback: number, min: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, not ${process.env[name]}`);
  return value;
}

/** Runs `command args` and returns its wall time in ms; an exit code `accept` refuses fails with the output. */
export async function timed(command: string, args: string[], options: RunOptions, accept: (code: number) => boolean = (code) => code === 0): Promise<number> {
  const start = process.hrtime.bigint();
  const result = await run(command, args, options);
  const ms = elapsed(start);
  if (!accept(result.code)) throw new Error(`${command} ${args.join(' ')} exited ${result.code} in ${options.cwd}\n${result.stdout}\n${result.stderr}`);
  return ms;
}
