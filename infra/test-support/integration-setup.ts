// Integration tests talk to real engines: a consumer-group join alone can take seconds.
jest.setTimeout(180_000);
