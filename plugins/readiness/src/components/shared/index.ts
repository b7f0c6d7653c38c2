export * from './StateChip';
export * from './LevelBadge';
export * from './useEntityScorecard';
export * from './freshness';
export * from './ErrorState';
export * from './rating';
export * from './entityTitles';
