import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

const POSTGRES_IDS: TestDatabaseId[] = [
  'POSTGRES_18',
  'POSTGRES_17',
  'POSTGRES_16',
  'POSTGRES_15',
  'POSTGRES_14',
  'POSTGRES_13',
];

/**
 * SQLite always, plus every PostgreSQL whose connection string is set in
 * BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING. Containers are
 * never started: a developer without PostgreSQL still runs the suite.
 */
export function createTestDatabases(): TestDatabases {
  const ids: TestDatabaseId[] = [
    ...POSTGRES_IDS.filter(id =>
      Boolean(
        process.env[
          `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`
        ],
      ),
    ),
    'SQLITE_3',
  ];
  const databases = TestDatabases.create({ ids, disableDocker: true });
  afterAll(() => {
    // Printed outside Jest's console capture so CI logs show the engines.
    process.stdout.write(
      `\n[readiness] ${
        expect.getState().testPath?.split('/src/')[1]
      } ran on: ${ids.join(', ')}\n`,
    );
  });
  return databases;
}
