module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'detector', rootDir: __dirname, roots: ['<rootDir>/src'] };
