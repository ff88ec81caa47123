import { isIndexerThread, runIndexerThread } from '@halong/core/node';
import { runCli } from './run-cli';

// The indexer's worker threads run this same file (see thread-entry.ts).
if (isIndexerThread()) {
  void runIndexerThread();
} else {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Client libraries may hold sockets a moment after the work is done; don't hang on them.
    setTimeout(() => process.exit(code), 500).unref();
  });
}
