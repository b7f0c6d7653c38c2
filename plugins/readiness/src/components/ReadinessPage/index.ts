export { CollectorsTable } from './CollectorsTable';
