import { createExtensionPoint } from '@backstage/backend-plugin-api';

/**
 * A YAML file of checks, scorecards and attestation types shipped by a module.
 *
 * @public
 */
export interface ReadinessCheckPackFile {
  /** Absolute path, usually from `resolvePackagePath(pkg, 'checks/x.yaml')`. */
  path: string;
}

/**
 * Lets backend modules contribute check packs to the readiness backend.
 *
 * @public
 */
export interface ReadinessCheckPacksExtensionPoint {
  addCheckPack(...packs: ReadinessCheckPackFile[]): void;
}

/**
 * Extension point for adding check packs to the readiness backend.
 *
 * @public
 */
export const readinessCheckPacksExtensionPoint =
  createExtensionPoint<ReadinessCheckPacksExtensionPoint>({
    id: 'readiness.checkPacks',
  });
