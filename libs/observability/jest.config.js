module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'observability', rootDir: __dirname, roots: ['<rootDir>/src'] };
