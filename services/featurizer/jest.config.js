module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'featurizer', rootDir: __dirname, roots: ['<rootDir>/src'] };
