// ESLint 10 flat config. Type-aware typescript-eslint rules for the app and its tests.
// Run: npm run lint  (eslint "src/**/*.ts" "test/**/*.ts")
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const TS_FILES = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];
const TEST_FILES = ['test/**/*.ts', 'src/**/*.spec.ts', 'src/**/*.e2e-spec.ts'];

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'web/', '.data/', 'bench/results.json']),
  {
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest modules are decorated empty classes by design (only in the strict set; kept off explicitly).
      '@typescript-eslint/no-extraneous-class': 'off',
      // False positive for values read only in parameter decorators, e.g. a module-level pipe in
      // @Query('version', versionPipe) (eslint/eslint#20947, typescript-eslint#12407; ESLint 10.15).
      'no-useless-assignment': 'off',
    },
  },
  {
    files: TEST_FILES,
    rules: {
      // expect(service.method).toHaveBeenCalled() passes methods unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // supertest types a response body as `any`: tests read it and assert on it field by field.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
