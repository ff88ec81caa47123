// The bench's indexer threads enter here, as the bundled `halong` command's threads enter its main.
import { isIndexerThread, runIndexerThread } from '@halong/core/node';

if (isIndexerThread()) void runIndexerThread();
