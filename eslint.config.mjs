import tseslint from 'typescript-eslint';

/** The services and the web app: never dependencies of a shared package. */
const APPS = ['auth', 'tickets', 'orders', 'payments', 'expiration', 'comments', 'web'];

// A package is used through its name and its index only; its src/ is its own business.
const deepImport = {
  group: ['@ticketing/*/src', '@ticketing/*/src/**'],
  message: "Import the package by its name; another package's src/ is private to it.",
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      'coverage/**',
      'test-output/**',
      // Code that breaks the boundaries on purpose: test/lint proves the rules catch it.
      'test/lint/fixtures/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [deepImport] }],
    },
  },
  {
    files: ['packages/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepImport,
            {
              group: [
                ...APPS.map((app) => `@ticketing/${app}`),
                ...APPS.map((app) => `@ticketing/${app}/**`),
                '**/services/**',
                '**/web/**',
              ],
              message: 'packages/* never import services/* or web/: dependencies point down.',
            },
          ],
        },
      ],
    },
  },
  {
    // The browser bundle gets the API's shapes as types only: no zod, no schemas.
    files: ['web/src/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@ticketing/contracts',
              allowTypeImports: true,
              message: 'The web app takes the contracts as types only (import type).',
            },
          ],
          patterns: [deepImport],
        },
      ],
    },
  },
  // Plain CommonJS scripts that run before any dependency is installed.
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
