/**
 * The embedded store of `npm start`: dynalite (a DynamoDB-compatible server on LevelDB) on
 * loopback, its data on disk under the data directory so it survives restarts.
 */
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface EmbeddedStore {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const server = dynalite({ path: path.join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // The only client is this process's SDK, whose sockets stay pooled: closing them after Node's
  // default 5 s of idleness races their reuse (ECONNRESET on the next request).
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    // close the pooled keep-alive sockets too, or close() waits out their long idle timeout
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
