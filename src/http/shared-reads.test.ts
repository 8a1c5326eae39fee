import type { ApiResponse } from './transport';
import { SharedReads } from './shared-reads';

function answering<T>(body: T) {
  const send = jest.fn(async (): Promise<ApiResponse<T>> => ({ status: 200, headers: {}, body }));
  return send;
}

test('concurrent and later reads of the same object are sent once', async () => {
  const reads = new SharedReads();
  const send = answering({ persistent: {} });
  await Promise.all([reads.read('/_cluster/settings', send), reads.read('/_cluster/settings', send)]);
  await reads.read('/_cluster/settings', send);
  expect(send).toHaveBeenCalledTimes(1);
});

test('reads of different objects are sent each', async () => {
  const reads = new SharedReads();
  const send = answering({});
  await Promise.all([reads.read('/_cluster/settings', send), reads.read('/_remote/info', send)]);
  expect(send).toHaveBeenCalledTimes(2);
});

test('no caller can change the answer another caller gets', async () => {
  const reads = new SharedReads();
  const send = answering({ persistent: { a: '1' }, keys: [{ id: 'k1' }] });
  const first = await reads.read('/_cluster/settings', send);
  expect(() => {
    first.body.persistent.a = 'changed';
  }).toThrow(TypeError);
  expect(() => first.body.keys.push({ id: 'k2' })).toThrow(TypeError);
  const second = await reads.read('/_cluster/settings', send);
  expect(second.body).toEqual({ persistent: { a: '1' }, keys: [{ id: 'k1' }] });
});

test('after forget (a write) the read is sent again', async () => {
  const reads = new SharedReads();
  const send = answering({});
  await reads.read('/_remote/info', send);
  reads.forget();
  await reads.read('/_remote/info', send);
  expect(send).toHaveBeenCalledTimes(2);
});

test('a read under way when a write starts is not served to readers after it', async () => {
  const reads = new SharedReads();
  let answer!: (response: ApiResponse<string>) => void;
  const slow = jest.fn(() => new Promise<ApiResponse<string>>((resolve) => (answer = resolve)));
  const before = reads.read('/_remote/info', slow);
  reads.forget();
  const fresh = answering('after the write');
  const after = reads.read('/_remote/info', fresh);
  answer({ status: 200, headers: {}, body: 'before the write' });
  expect((await before).body).toBe('before the write');
  expect((await after).body).toBe('after the write');
});

test('a failed read is shared with its waiters but tried again by the next caller', async () => {
  const reads = new SharedReads();
  const failing = jest.fn(async (): Promise<ApiResponse<unknown>> => {
    throw new Error('HTTP 503');
  });
  const results = await Promise.allSettled([reads.read('/', failing), reads.read('/', failing)]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(failing).toHaveBeenCalledTimes(1);
  const send = answering({ cluster_name: 'c' });
  await reads.read('/', send);
  expect(send).toHaveBeenCalledTimes(1);
});
