/** The emulator's clock: real time plus an offset tests can advance (to expire API keys). */
export class EmulatorClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only move forward, got ${ms}`);
    this.offsetMs += ms;
  }
}
