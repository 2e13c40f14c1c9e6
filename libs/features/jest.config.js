module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'features', rootDir: __dirname, roots: ['<rootDir>/src'] };
