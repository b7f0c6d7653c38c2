// Moved to the shared evaluation package, which the CLI runs too.
export * from '@readiness/backstage-plugin-readiness-evaluation';
