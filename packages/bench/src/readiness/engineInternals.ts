/*
 * The benchmark drives the engine's own classes (store, registries, check
 * loader, engine) exactly as the plugin wires them, without an HTTP hop, so
 * that loading and evaluation are timed on their own. The backend package
 * exports only the plugin, hence the source imports, kept to this file.
 */
/* eslint-disable @backstage/no-relative-monorepo-imports */
export { ReadinessStore } from '../../../../plugins/readiness-backend/src/database/ReadinessStore';
export type { FactWrite } from '../../../../plugins/readiness-backend/src/database/ReadinessStore';
export { ReadinessEngine } from '../../../../plugins/readiness-backend/src/engine/ReadinessEngine';
export { FactDefinitions } from '../../../../plugins/readiness-backend/src/engine/FactDefinitions';
export { CollectorRegistry } from '../../../../plugins/readiness-backend/src/collectors/CollectorRegistry';
export { catalogCollector } from '../../../../plugins/readiness-backend/src/collectors/catalogCollector';
export { loadCheckPacks } from '../../../../plugins/readiness-backend/src/checks/loadCheckPacks';
export type { CheckRegistry } from '../../../../plugins/readiness-backend/src/checks/CheckRegistry';
export { evaluateEntity } from '../../../../plugins/readiness-backend/src/evaluation/evaluateEntity';
export { ATTESTATION_SCHEMA } from '../../../../plugins/readiness-backend/src/settings';
export { buildEntityScorecard } from '../../../../plugins/readiness-backend/src/service/entityScorecard';
export { checkView } from '../../../../plugins/readiness-backend/src/service/views';
// The frontend client's join, to size the answer in its previous shape.
export { joinScorecard } from '../../../../plugins/readiness/src/api/joinScorecard';
/* eslint-enable @backstage/no-relative-monorepo-imports */
