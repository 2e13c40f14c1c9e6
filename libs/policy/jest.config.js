module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'policy', rootDir: __dirname, roots: ['<rootDir>/src'] };
