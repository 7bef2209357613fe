/** Jest runs in native ESM mode because every @nestjs package is ESM-only ("type": "module" in their package.json). */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    // the client flow is type-checked by test/contract-client.e2e-spec.ts against generated types, and reported there
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: { exclude: ['**/test/contract/**'] } }],
    '^.+content-disposition.+\\.js$': ['ts-jest', { useESM: false, tsconfig: { allowJs: true, module: 'CommonJS' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(.*/)?content-disposition/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/no-queued-queries.ts'],
  testTimeout: 30000,
  // One worker, so suites never share the test database at once. Jest in ESM mode keeps every suite's modules
  // (jestjs/jest#14605): in band the process grew to 6 GB and late suites slowed past their timeouts, so the worker
  // is replaced once it holds more than this after a suite.
  maxWorkers: 1,
  workerIdleMemoryLimit: '1.5GB',
};
