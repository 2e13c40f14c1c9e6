module.exports = { ...require('../../test/config/jest.preset.js'), displayName: 'grpc', rootDir: __dirname, roots: ['<rootDir>/src'] };
