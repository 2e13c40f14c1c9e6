export { default } from '../../test/config/eslint.base.mjs';
