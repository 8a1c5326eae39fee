/** Unit and integration tests live next to the behaviour they prove (*.test.ts); end-to-end suites under test/e2e. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/providers/**/*.test.ts', '<rootDir>/constructs/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/'],
  testTimeout: 30000,
};
