// Jest configuration for the whole workspace: unit tests beside the code, cross-package tests in test/.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/framework/src', '<rootDir>/plugins', '<rootDir>/test', '<rootDir>/vscode-extension/src'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^int2int$': '<rootDir>/framework/src/index.ts',
    '^int2int/testing$': '<rootDir>/framework/src/testing/index.ts',
  },
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 120000,
};
