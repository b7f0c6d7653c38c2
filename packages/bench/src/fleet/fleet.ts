import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonValue } from '@backstage/types';
import { attestationBuilder, factBuilder } from './facts';
import { FleetOptions, generateCatalog } from './entities';
import { Random } from './random';
import { conform, Schema, valueOf } from './schemaValues';

/** One generated fact value of one service. */
export interface FleetFact {
  entityRef: string;
  name: string;
  value: JsonValue;
}

/** A cheap string hash (FNV-1a) to derive per-fact seeds. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A synthetic fleet: its catalog, and the facts of every service for the
 * facts the installed collectors declare. Every value is derived from the
 * seed, the service and a version, so "changing" a fact means bumping its
 * version: the same run in another process sees the same values.
 */
export class Fleet {
  readonly catalog: Entity[];
  readonly services: Entity[];
  readonly refs: string[];
  private readonly versions = new Map<string, number>();
  private schemas = new Map<string, Schema>();

  constructor(readonly options: FleetOptions) {
    this.catalog = generateCatalog(options);
    this.services = this.catalog.filter(e => e.kind === 'Component');
    this.refs = this.services.map(e => stringifyEntityRef(e));
  }

  /** The JSON schemas of the facts, as the collectors declare them. */
  useSchemas(schemas: Map<string, Schema>) {
    this.schemas = schemas;
  }

  private quality(index: number): number {
    return new Random(hash(`${this.options.seed}:quality:${index}`)).next();
  }

  /** The value of one fact of the i-th service at its current version. */
  value(index: number, name: string): JsonValue | undefined {
    const version = this.versions.get(`${index}\u0000${name}`) ?? 0;
    const random = new Random(
      hash(`${this.options.seed}:${index}:${name}:${version}`),
    );
    const quality = this.quality(index);
    const schema = this.schemas.get(name);
    if (name.startsWith('attestation.')) {
      return attestationBuilder(random, quality)?.('', random, quality);
    }
    const build = factBuilder(name);
    if (!schema) {
      return build?.(this.services[index].metadata.name, random, quality);
    }
    return build
      ? conform(
          build(this.services[index].metadata.name, random, quality),
          schema,
          random,
          quality,
        )
      : valueOf(schema, random, quality);
  }

  /** Every generated fact of every service, for the given fact names. */
  facts(names: string[]): FleetFact[] {
    const facts: FleetFact[] = [];
    this.services.forEach((_, index) => {
      for (const name of names) {
        const value = this.value(index, name);
        if (value !== undefined) {
          facts.push({ entityRef: this.refs[index], name, value });
        }
      }
    });
    return facts;
  }

  /**
   * Changes `share` (0..1) of the (service, fact) pairs to new values and
   * returns them. Pairs are drawn with `random`; a pair whose value cannot
   * change (a constant such as the repository URL) is skipped, so the share
   * is of values that really differ.
   */
  change(names: string[], share: number, random: Random): FleetFact[] {
    const total = this.services.length * names.length;
    const count = Math.max(1, Math.round(total * share));
    const picked = new Set<number>();
    const changed: FleetFact[] = [];
    for (
      let attempt = 0;
      changed.length < count && attempt < count * 20;
      attempt++
    ) {
      const slot = Math.floor(random.next() * total);
      if (picked.has(slot)) continue;
      picked.add(slot);
      const index = Math.floor(slot / names.length);
      const name = names[slot % names.length];
      const before = JSON.stringify(this.value(index, name));
      const key = `${index}\u0000${name}`;
      for (let tries = 0; tries < 3; tries++) {
        this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
        const value = this.value(index, name);
        if (value !== undefined && JSON.stringify(value) !== before) {
          changed.push({ entityRef: this.refs[index], name, value });
          break;
        }
      }
    }
    return changed;
  }
}
