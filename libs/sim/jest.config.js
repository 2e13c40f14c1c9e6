module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'sim', rootDir: __dirname, roots: ['<rootDir>/src'] };
