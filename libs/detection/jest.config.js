module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'detection', rootDir: __dirname, roots: ['<rootDir>/src'] };
