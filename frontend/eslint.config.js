// ESLint for the SPA: typescript-eslint's type-aware recommended rules and React's rules of hooks.
// `npm run lint` fails on any finding, warnings included.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Generated (schema.ts comes from ../openapi.yaml) or build and test output.
  globalIgnores([
    'src/lib/api/schema.ts',
    'dist/',
    'node_modules/',
    'playwright-report/',
    'test-results/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    rules: {
      // As tsc's noUnusedLocals: `const { dropped: _, ...rest } = x` names what it leaves out.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['e2e/**/*.ts', 'scripts/**', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  // Plain JavaScript (this file, scripts/*.mjs) is outside tsconfig.json: no type information.
  {
    files: ['**/*.{js,mjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
