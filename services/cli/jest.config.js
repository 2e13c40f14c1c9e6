module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'cli', rootDir: __dirname, roots: ['<rootDir>/src'] };
