import { runCli } from './run-cli';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Client libraries may hold sockets a moment after the work is done; don't hang on them.
  setTimeout(() => process.exit(code), 500).unref();
});
