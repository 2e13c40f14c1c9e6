module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'policy-service', rootDir: __dirname, roots: ['<rootDir>/src'] };
