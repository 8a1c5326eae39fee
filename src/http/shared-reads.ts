/**
 * Reads that several resources of one operation make of the same object (a cluster's settings, its
 * key list, a deployment) are sent once: the first caller's request is shared with every caller of the
 * same read until a write goes through the same transport. A write forgets every read when it starts
 * (nobody joins a read that precedes it) and again when it ends (a read sent while it ran may have been
 * answered before it landed), so a read that precedes a write of this process is never served after it.
 */
import type { ApiResponse } from './transport';

/** Freezes `value` and everything in it, so one answer can be handed to every caller. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class SharedReads {
  private readonly reads = new Map<string, Promise<ApiResponse<unknown>>>();

  /**
   * The answer of the read named `key`: sent by `send` unless it is already under way or answered.
   * Every caller gets the same answer, frozen: one resource changing it (which throws) must not change
   * another's. Copying it for each caller instead cost O(resources × answer size) per plan.
   */
  async read<T>(key: string, send: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
    let read = this.reads.get(key) as Promise<ApiResponse<T>> | undefined;
    if (!read) {
      const sent = send().then(deepFreeze);
      read = sent;
      this.reads.set(key, sent);
      // A failure is shared with those already waiting, but the next caller tries again.
      sent.catch(() => {
        if (this.reads.get(key) === sent) this.reads.delete(key);
      });
    }
    return read;
  }

  /** Called around every write through the transport. */
  forget(): void {
    this.reads.clear();
  }
}
