// ESLint 10 flat config: type-aware typescript-eslint rules for the app and its tests, Vue's recommended
// rules for the console (web/), plain JavaScript rules for the benchmark (bench/). Run: npm run lint
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Plain JavaScript (console, benchmark): unused names allowed when they start with `_`, as in the TypeScript. */
const JS_RULES = {
  'no-unused-vars': [
    'error',
    { varsIgnorePattern: '^_', argsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
  ],
};

const TS_FILES = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];
const TEST_FILES = ['test/**/*.ts', 'src/**/*.spec.ts', 'src/**/*.e2e-spec.ts'];

export default defineConfig(
  globalIgnores([
    'dist/',
    'node_modules/',
    'coverage/',
    'web/dist/',
    'web/node_modules/',
    '.data/',
    'bench/results.json',
    'test/contract/generated/',
  ]),
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
  {
    // the typed client flow (#16): what the generated types give must be enough, so no cast of any kind
    files: ['test/contract/client-flow.ts'],
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-expect-error': true, 'ts-nocheck': true }],
    },
    linterOptions: { noInlineConfig: true },
  },
  {
    files: ['web/src/**/*.{js,vue}'],
    extends: [js.configs.recommended, pluginVue.configs['flat/essential']],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.browser },
    // layout is Prettier's; `Layout` is the signed-in shell's route component, named like the others
    rules: { ...JS_RULES, 'vue/multi-word-component-names': ['error', { ignores: ['Layout'] }] },
  },
  {
    files: ['web/*.js', 'web/scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs,cjs}', 'scripts/**/*.mjs', '*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 'latest', globals: globals.node },
    rules: JS_RULES,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
