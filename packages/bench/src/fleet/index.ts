export { Fleet } from './fleet';
export type { FleetFact } from './fleet';
export type { FleetOptions } from './entities';
export { Random } from './random';
