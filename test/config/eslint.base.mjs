// Shared ESLint flat config; each project's eslint.config.mjs re-exports it.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*/src/*', '../../../libs/*', '../../../services/*', '**/libs/*/src/**'], message: 'Import other projects by their @lockstep/<name> alias.' }] }],
    },
  },
);
