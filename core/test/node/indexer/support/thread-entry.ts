// What the bundled `halong` command does first thing, for the integration test's threads.
import { isIndexerThread, runIndexerThread } from '@halong/core/node';

if (isIndexerThread()) void runIndexerThread();
