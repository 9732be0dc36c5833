// Integration tests talk to real services; give them room (`testTimeout` is not a per-project option).
jest.setTimeout(120_000);
