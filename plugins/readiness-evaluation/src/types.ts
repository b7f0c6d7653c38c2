import { JsonValue } from '@backstage/types';
import {
  ReadinessEvidenceRef,
  ReadinessResultState,
} from '@readiness/backstage-plugin-readiness-common';
import { ReadinessFactSource } from '@readiness/backstage-plugin-readiness-node';

/** The current value of one fact of one entity, as stored. */
export interface StoredFact {
  entityRef: string;
  name: string;
  value: JsonValue;
  /** Hash of the value's canonical JSON: its identity in evidence. */
  valueHash: string;
  source?: ReadinessFactSource;
  observedAt: number;
  changedAt: number;
  staleAt: number;
}

/** An exemption in force for one check of one entity. */
export interface ActiveExemption {
  id: string;
  checkId: string;
  reason: string;
  createdBy: string;
  expiresAt: number;
}

/** The outcome of evaluating one check for one entity, before storage. */
export interface EvaluatedResult {
  checkId: string;
  scorecardId: string;
  state: ReadinessResultState;
  message?: string;
  /** What the result read, by identity; never a copy of the values. */
  evidence: ReadinessEvidenceRef[];
}
