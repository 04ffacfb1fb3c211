// Integration tests wait on real servers (group joins, retry tiers); each test still bounds its own waits.
jest.setTimeout(120_000);
