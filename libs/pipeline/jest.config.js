module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'pipeline', rootDir: __dirname, roots: ['<rootDir>/src'] };
