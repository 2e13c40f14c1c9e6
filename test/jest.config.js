// Integration tests (test/**/*.test.ts) against the real local broker and real processes.
// Run in band: they share one broker and the machine has 2 cores. Fault tests have their own config.
const path = require('node:path');
const preset = require('./config/jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'integration',
  rootDir: path.resolve(__dirname, '..'),
  roots: ['<rootDir>/test'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '<rootDir>/test/faults/', '<rootDir>/test/bench/'],
  testTimeout: 180000,
  maxWorkers: 1,
  // A stray handle (a socket, a timer) in any test must not hang CI after the results are in.
  forceExit: true,
};
