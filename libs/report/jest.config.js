module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'report', rootDir: __dirname, roots: ['<rootDir>/src'] };
