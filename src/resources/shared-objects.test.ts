import { withSharedObject } from './shared-objects';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('read-modify-writes of one object run one at a time, in order; other objects are not held up', async () => {
  const events: string[] = [];
  const write = (object: string, name: string) =>
    withSharedObject(object, async () => {
      events.push(`${name} reads`);
      await tick();
      events.push(`${name} writes`);
      return name;
    });
  const results = await Promise.all([write('list', 'a'), write('list', 'b'), write('other', 'c'), write('list', 'd')]);
  expect(results).toEqual(['a', 'b', 'c', 'd']);
  const onList = events.filter((e) => !e.startsWith('c'));
  expect(onList).toEqual(['a reads', 'a writes', 'b reads', 'b writes', 'd reads', 'd writes']);
  // c ran beside a, not after d.
  expect(events.indexOf('c reads')).toBeLessThan(events.indexOf('b reads'));
});

test('a failed task releases the object for the next one', async () => {
  const failing = withSharedObject('list', async () => {
    throw new Error('boom');
  });
  await expect(failing).rejects.toThrow('boom');
  await expect(withSharedObject('list', async () => 'next')).resolves.toBe('next');
});
