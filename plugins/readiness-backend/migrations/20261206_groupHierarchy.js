// @ts-check

const {
  parseEntityRef,
  stringifyEntityRef,
} = require('@backstage/catalog-model');

/**
 * A group ref as rollups store owners (full, lowercase), or undefined for
 * anything that is not a Group ref. A copy of the store's logic as it was
 * when this migration was written: migrations do not follow later code.
 *
 * @param {unknown} value
 * @param {string} namespace
 * @returns {string | undefined}
 */
function groupRef(value, namespace) {
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
 * The rows one stored Group entity declares: itself, and each parent/child
 * pair from its relations (childOf, parentOf) and spec (parent, children).
 *
 * @param {string} entityRef
 * @param {any} entity
 */
function groupRowsOf(entityRef, entity) {
  const namespace = entity.metadata?.namespace ?? 'default';
  const self = /** @type {string} */ (groupRef(entityRef, namespace));
  /** @type {Map<string, {declared_by: string, child_ref: string, parent_ref: string}>} */
  const edges = new Map();
  /** @param {string | undefined} child @param {string | undefined} parent */
  const add = (child, parent) => {
    if (child && parent && child !== parent) {
      edges.set(`${child} ${parent}`, {
        declared_by: self,
        child_ref: child,
        parent_ref: parent,
      });
    }
  };
  for (const relation of entity.relations ?? []) {
    if (relation.type === 'childOf')
      add(self, groupRef(relation.targetRef, namespace));
    if (relation.type === 'parentOf')
      add(groupRef(relation.targetRef, namespace), self);
  }
  add(self, groupRef(entity.spec?.parent, namespace));
  for (const child of Array.isArray(entity.spec?.children)
    ? entity.spec.children
    : []) {
    add(groupRef(child, namespace), self);
  }
  return {
    group: {
      group_ref: self,
      entity_ref: entityRef,
      title:
        typeof entity.metadata?.title === 'string'
          ? entity.metadata.title
          : null,
    },
    edges: [...edges.values()],
  };
}

/**
 * The org hierarchy: which groups are parents of which, as the catalog's
 * Group entities declare it, so leaderboards and gap views of a group can
 * include its descendant groups without reading entity bodies.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // One row per present Group entity: its ref as rollups store owners
  // (lowercase), its ref as the catalog spells it (for visibility), and
  // its display title.
  await knex.schema.createTable('readiness_groups', table => {
    table.string('group_ref', 255).primary();
    table.string('entity_ref', 255).notNullable();
    table.text('title').nullable();
  });
  // One row per parent/child pair a group declares, in either direction
  // (its own parent, or its children), so a changed group replaces exactly
  // what it said before.
  await knex.schema.createTable('readiness_group_parents', table => {
    table.string('declared_by', 255).notNullable();
    table.string('child_ref', 255).notNullable();
    table.string('parent_ref', 255).notNullable();
    table.primary(['declared_by', 'child_ref', 'parent_ref']);
    // Descendants are walked from parent to child.
    table.index(['parent_ref', 'child_ref'], 'readiness_group_parents_idx');
  });

  // Groups already stored: written once here, since unchanged entities are
  // not written again by the next catalog read.
  let last = '';
  for (;;) {
    const rows = await knex('readiness_entities')
      .where('kind', 'group')
      .whereNull('removed_at')
      .andWhere('entity_ref', '>', last)
      .orderBy('entity_ref')
      .limit(200)
      .select('entity_ref', 'entity');
    if (rows.length === 0) {
      break;
    }
    last = rows[rows.length - 1].entity_ref;
    for (const row of rows) {
      const { group, edges } = groupRowsOf(
        row.entity_ref,
        JSON.parse(row.entity),
      );
      await knex('readiness_groups')
        .insert(group)
        .onConflict('group_ref')
        .merge();
      for (const edge of edges) {
        await knex('readiness_group_parents')
          .insert(edge)
          .onConflict(['declared_by', 'child_ref', 'parent_ref'])
          .ignore();
      }
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_group_parents');
  await knex.schema.dropTable('readiness_groups');
};
