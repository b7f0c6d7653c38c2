/**
 * Types and permissions shared by the Readiness frontend and backend.
 *
 * @packageDocumentation
 */

export * from './permissions';
export * from './results';
export * from './model';
export * from './api';
export * from './campaigns';
