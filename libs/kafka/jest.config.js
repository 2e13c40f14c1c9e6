module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'kafka', rootDir: __dirname, roots: ['<rootDir>/src'] };
