module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'contracts', rootDir: __dirname, roots: ['<rootDir>/src'] };
