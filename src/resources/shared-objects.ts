/**
 * Shared objects (a deployment's trust settings, its remote-clusters list) are read, changed in one
 * resource's part and written back whole. OpenTofu applies up to ten resources at once in one provider
 * process, and two of them writing the same object would each write back a copy missing the other's
 * part; so within a process, read-modify-writes of one object run one at a time. Across processes the
 * callers add what the API allows (a version, or a re-read after the write).
 */
const queues = new Map<string, Promise<void>>();

/** Runs `task` once every earlier task on the same object (named by `object`) has settled. */
export async function withSharedObject<T>(object: string, task: () => Promise<T>): Promise<T> {
  const earlier = queues.get(object) ?? Promise.resolve();
  let release!: () => void;
  const turn = new Promise<void>((resolve) => (release = resolve));
  const mine = earlier.then(() => turn);
  queues.set(object, mine);
  await earlier;
  try {
    return await task();
  } finally {
    release();
    if (queues.get(object) === mine) queues.delete(object);
  }
}
