// These suites start real servers, emulators and test backends; on a busy
// two-core CI machine a first request can take longer than Jest's default
// five seconds without anything being wrong.
jest.setTimeout(60_000);
