import '@testing-library/jest-dom';

// Page tests render the whole leaderboard with MUI tables; on a busy
// two-core CI machine one can take longer than Jest's default five seconds.
jest.setTimeout(30_000);
