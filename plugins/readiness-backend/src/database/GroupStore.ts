import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Knex } from 'knex';
import { chunk } from 'lodash';
import { BATCH } from './changeSeq';
import { upsertRows } from './batch';

/** A present Group entity. */
export interface GroupRow {
  /** Full, lowercase ref, as rollups store owners. */
  group_ref: string;
  /** The ref as the catalog spells it, as visibility answers it. */
  entity_ref: string;
  title: string | null;
}

interface EdgeRow {
  declared_by: string;
  child_ref: string;
  parent_ref: string;
}

/** A group's full, lowercase ref; undefined for anything but a Group ref. */
function groupRef(value: unknown, namespace: string): string | undefined {
  if (typeof value !== 'string' || !value) {
    return undefined;
  }
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'group',
      defaultNamespace: namespace,
    });
    return ref.kind.toLocaleLowerCase('en-US') === 'group'
      ? stringifyEntityRef(ref).toLocaleLowerCase('en-US')
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What one Group entity says about the hierarchy: itself, and every
 * parent/child pair from its relations (`childOf`, `parentOf`, which the
 * catalog derives) and its spec (`parent`, `children`, for entities read
 * before the catalog processed them). Either side may declare a pair.
 */
export function groupRowsOf(entity: Entity): {
  group: GroupRow;
  edges: EdgeRow[];
} {
  const namespace = entity.metadata.namespace ?? 'default';
  const entityRef = stringifyEntityRef(entity);
  const self = entityRef.toLocaleLowerCase('en-US');
  const edges = new Map<string, EdgeRow>();
  const add = (child?: string, parent?: string) => {
    if (child && parent && child !== parent) {
      edges.set(`${child} ${parent}`, {
        declared_by: self,
        child_ref: child,
        parent_ref: parent,
      });
    }
  };
  for (const relation of entity.relations ?? []) {
    if (relation.type === 'childOf') {
      add(self, groupRef(relation.targetRef, namespace));
    } else if (relation.type === 'parentOf') {
      add(groupRef(relation.targetRef, namespace), self);
    }
  }
  const spec = (entity.spec ?? {}) as { parent?: unknown; children?: unknown };
  add(self, groupRef(spec.parent, namespace));
  for (const child of Array.isArray(spec.children) ? spec.children : []) {
    add(groupRef(child, namespace), self);
  }
  const title = entity.metadata.title;
  return {
    group: {
      group_ref: self,
      entity_ref: entityRef,
      title: typeof title === 'string' && title.trim() ? title : null,
    },
    edges: [...edges.values()],
  };
}

export const isGroup = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'group';

// Descendants of the seed rows, walking parent to child. UNION (not UNION
// ALL) drops pairs already found, so a cycle in the catalog ends the walk
// instead of looping. Casts keep both terms of one type on PostgreSQL.
const CLOSURE = `with recursive closure(ancestor, descendant) as (
    %SEED%
    union
    select c.ancestor, cast(p.child_ref as text)
      from closure c
      join readiness_group_parents p on p.parent_ref = c.descendant
  )`;

/**
 * The org hierarchy of Group entities, kept from catalog reads: a row per
 * present group and the parent/child pairs each declares.
 */
export class GroupStore {
  constructor(private readonly db: Knex) {}

  /**
   * Replaces what the given (changed or returning) groups declare. Runs in
   * the transaction that records the entities themselves.
   */
  async syncGroups(tx: Knex, entities: Entity[]): Promise<void> {
    const rows = entities.filter(isGroup).map(groupRowsOf);
    if (rows.length === 0) {
      return;
    }
    // One row per group: a catalog page may list an entity twice.
    const groups = new Map(rows.map(r => [r.group.group_ref, r]));
    const refs = [...groups.keys()];
    await this.removeGroupsIn(tx, refs);
    // Upserts: another replica may record the same group at the same time.
    await upsertRows(
      tx,
      'readiness_groups',
      ['group_ref'],
      [...groups.values()].map(r => r.group),
    );
    await upsertRows(
      tx,
      'readiness_group_parents',
      ['declared_by', 'child_ref', 'parent_ref'],
      [...groups.values()].flatMap(r => r.edges),
    );
  }

  /** Forgets groups that left the catalog, and what they declared. */
  async removeGroups(entityRefs: string[]): Promise<void> {
    const refs = entityRefs
      .filter(ref => ref.toLocaleLowerCase('en-US').startsWith('group:'))
      .map(ref => ref.toLocaleLowerCase('en-US'));
    if (refs.length > 0) {
      await this.db.transaction(tx => this.removeGroupsIn(tx, refs));
    }
  }

  private async removeGroupsIn(tx: Knex, refs: string[]): Promise<void> {
    for (const batch of chunk(refs, BATCH)) {
      await tx('readiness_group_parents')
        .whereIn('declared_by', batch)
        .delete();
      await tx('readiness_groups').whereIn('group_ref', batch).delete();
    }
  }

  /**
   * The groups and every group below them, each once however many paths
   * lead to it (cycles included): one recursive query.
   */
  async withDescendants(roots: string[]): Promise<string[]> {
    if (roots.length === 0) {
      return [];
    }
    const seed = roots
      .map(() => 'select cast(? as text), cast(? as text)')
      .join(' union ');
    const rows: Array<{ descendant: string }> = await this.db
      .raw(
        `${CLOSURE.replace('%SEED%', seed)}
       select distinct descendant from closure`,
        roots.flatMap(r => [r, r]),
      )
      .then(result => (Array.isArray(result) ? result : result.rows));
    return rows.map(r => r.descendant);
  }

  /**
   * Every (group, descendant) pair, a group paired with itself included:
   * what rolls up into what.
   */
  async closure(): Promise<Array<{ ancestor: string; descendant: string }>> {
    const seed = `select cast(group_ref as text), cast(group_ref as text)
      from readiness_groups`;
    const result = await this.db.raw(
      `${CLOSURE.replace('%SEED%', seed)}
       select ancestor, descendant from closure`,
    );
    return Array.isArray(result) ? result : result.rows;
  }

  /** Stored groups by lowercase ref. */
  async groups(refs?: readonly string[]): Promise<Map<string, GroupRow>> {
    const found = new Map<string, GroupRow>();
    if (refs === undefined) {
      const rows = await this.db<GroupRow>('readiness_groups').select();
      rows.forEach(r => found.set(r.group_ref, r));
      return found;
    }
    for (const batch of chunk([...refs], BATCH)) {
      const rows = await this.db<GroupRow>('readiness_groups')
        .whereIn('group_ref', batch)
        .select();
      rows.forEach(r => found.set(r.group_ref, r));
    }
    return found;
  }
}
