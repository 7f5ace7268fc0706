// Jest configuration of {{name}}: the tests beside the operations, compiled by ts-jest.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // int2int from a checkout (tsconfig.json's paths, written by `int2int plugins:new`), if any
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths ?? {}),
};
