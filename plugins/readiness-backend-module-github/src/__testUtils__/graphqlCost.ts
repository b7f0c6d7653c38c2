import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/**
 * What GitHub charges for a GraphQL query, by its published rule
 * ("Rate limits and node limits for the GraphQL API"): every connection
 * costs one request per parent node it may be asked for, assuming every
 * `first`/`last` is reached; the sum divided by 100 and rounded is the
 * query's cost, one at least. A list fetched by `nodes(ids:)` multiplies
 * the connections under it by the number of ids. Also returns the node
 * count (GitHub refuses more than 500,000) and the connections asked
 * without `first` or `last`, or with more than 100, which GitHub refuses.
 */
export function graphqlCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): { cost: number; requests: number; nodes: number; problems: string[] } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(def.name.value, def);
    }
  }
  let requests = 0;
  let nodes = 0;
  const problems: string[] = [];

  const argument = (field: FieldNode, name: string) => {
    const arg = field.arguments?.find(a => a.name.value === name);
    return arg ? valueFromASTUntyped(arg.value, variables) : undefined;
  };

  const fieldOf = (
    type: GraphQLCompositeType,
    name: string,
  ): GraphQLField<unknown, unknown> | undefined =>
    isObjectType(type) || isInterfaceType(type)
      ? type.getFields()[name]
      : undefined;

  function walk(
    set: SelectionSetNode,
    type: GraphQLCompositeType,
    multiplier: number,
  ) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) as
              | GraphQLCompositeType
              | undefined)
          : type;
        if (on) walk(selection.selectionSet, on, multiplier);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const on =
          fragment &&
          (schema.getType(fragment.typeCondition.name.value) as
            | GraphQLCompositeType
            | undefined);
        if (fragment && on) walk(fragment.selectionSet, on, multiplier);
        continue;
      }
      const field = fieldOf(type, selection.name.value);
      if (!field || !selection.selectionSet) continue;
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      let inner = multiplier;
      if (named.name.endsWith('Connection')) {
        const first = argument(selection, 'first');
        const last = argument(selection, 'last');
        const size = Number(first ?? last);
        const where = `${type.name}.${selection.name.value}`;
        if (first === undefined && last === undefined) {
          problems.push(`${where}: a connection needs first or last`);
        } else if (!(size >= 1 && size <= 100)) {
          problems.push(`${where}: first/last must be 1 to 100, got ${size}`);
        }
        requests += multiplier;
        inner = multiplier * (Number.isFinite(size) ? size : 100);
        nodes += inner;
      } else if (selection.name.value === 'nodes' && type.name === 'Query') {
        const ids = argument(selection, 'ids');
        inner = multiplier * (Array.isArray(ids) ? ids.length : 1);
      }
      walk(selection.selectionSet, named, inner);
    }
  }

  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) {
      const root = {
        query: schema.getQueryType(),
        mutation: schema.getMutationType(),
        subscription: schema.getSubscriptionType(),
      }[def.operation];
      if (root) walk(def.selectionSet, root, 1);
    }
  }
  if (nodes > 500_000) {
    problems.push(`${nodes} nodes asked; GitHub refuses more than 500,000`);
  }
  return {
    cost: Math.max(1, Math.round(requests / 100)),
    requests,
    nodes,
    problems,
  };
}
