// Catches what the build does not: a name used but never defined (a view's destroy() once called an observer that
// was never made, and threw on every route change), in the console and in its tests and scripts.
import globals from 'globals';

export default [
  {
    ignores: ['dist/**', 'node_modules/**'],
  },
  {
    files: ['src/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules: { 'no-undef': 'error' },
  },
  {
    files: ['test/**/*.js', 'scripts/**/*.{js,mjs}', '*.config.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
    rules: { 'no-undef': 'error' },
  },
];
