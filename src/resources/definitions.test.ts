import { describeAttributes } from './definition';
import { resourceDefinitions } from './index';

describe.each(resourceDefinitions.map((d) => [d.type, d] as const))('%s', (_type, definition) => {
  it('names itself uniquely by input attributes it has', () => {
    const inputs = describeAttributes(definition).filter((a) => !a.computed).map((a) => a.name);
    for (const name of definition.uniqueBy) expect(inputs).toContain(name);
  });
});
