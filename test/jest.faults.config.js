// Fault-injection tests (test/faults/**): kill -9, rebalances, broker restarts. Slow; run in band.
const path = require('node:path');
const preset = require('./config/jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'faults',
  rootDir: path.resolve(__dirname, '..'),
  roots: ['<rootDir>/test/faults'],
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testTimeout: 600000,
  maxWorkers: 1,
  forceExit: true,
};
