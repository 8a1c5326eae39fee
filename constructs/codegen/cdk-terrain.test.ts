import * as path from 'node:path';
import { retargetModuleText, retargetSpecifier, type DerivedTrees } from './cdk-terrain';

const dist = '/repo/dist';
const trees: DerivedTrees = new Map([
  [`${dist}/constructs`, `${dist}/constructs-cdktn`],
  [`${dist}/examples/cdktf`, `${dist}/examples/cdktf-cdktn`],
]);

test('the CDKTF core becomes CDK Terrain; other packages stay', () => {
  expect(retargetSpecifier('cdktf', `${dist}/constructs/resource.js`, trees)).toBe('cdktn');
  expect(retargetSpecifier('constructs', `${dist}/constructs/resource.js`, trees)).toBe('constructs');
});

test('imports inside a derived tree stay inside its copy; the engine stays shared', () => {
  const from = `${dist}/constructs/generated/cross-cluster-api-key.js`;
  expect(retargetSpecifier('../resource', from, trees)).toBe('../resource');
  expect(retargetSpecifier('../../providers/terraform/names', from, trees)).toBe('../../providers/terraform/names');
});

test('an example importing the constructs imports their CDK Terrain copy', () => {
  const from = `${dist}/examples/cdktf/main.js`;
  expect(retargetSpecifier('../../constructs', from, trees)).toBe(path.join('..', '..', 'constructs-cdktn'));
  expect(retargetSpecifier('./emulator-target', from, trees)).toBe('./emulator-target');
});

test('JavaScript and declarations are rewritten at their module specifiers only, source maps dropped', () => {
  const js = 'const cdktf_1 = require("cdktf");\nconst x = "cdktf";\n//# sourceMappingURL=resource.js.map';
  expect(retargetModuleText(js, `${dist}/constructs/resource.js`, trees)).toBe('const cdktf_1 = require("cdktn");\nconst x = "cdktf";');
  const dts = "import { Token, type IResolvable } from 'cdktf';\nexport declare const t: import(\"cdktf\").Token;";
  expect(retargetModuleText(dts, `${dist}/constructs/remote-cluster-link.d.ts`, trees)).toBe(
    "import { Token, type IResolvable } from 'cdktn';\nexport declare const t: import(\"cdktn\").Token;",
  );
});
