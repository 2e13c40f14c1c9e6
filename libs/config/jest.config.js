module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'config', rootDir: __dirname, roots: ['<rootDir>/src'] };
