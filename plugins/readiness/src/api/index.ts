export * from './ReadinessApi';
export * from './ReadinessClient';
