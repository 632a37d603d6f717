/**
 * The embedded store of `npm start`: dynalite (a DynamoDB-compatible server on LevelDB) on
 * loopback, its data on disk under the data directory so it survives restarts. It runs in a
 * worker thread of its own, so its request handling and LevelDB work leave the API's event loop
 * (and the machine's second core) free.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';

export interface EmbeddedStore {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** Plain JavaScript (no TypeScript loader in the thread): dynalite is required by absolute path. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require(workerData.dynalite);
const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// The only client is the API's SDK, whose sockets stay pooled: closing them after Node's
// default 5 s of idleness races their reuse (ECONNRESET on the next request).
server.keepAliveTimeout = 10 * 60000;
server.once('error', (e) => parentPort.postMessage({ error: String(e && e.message || e) }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  // close the pooled keep-alive sockets too, or close() waits out their long idle timeout
  server.close(() => parentPort.postMessage({ closed: true }));
  server.closeAllConnections();
});
`;

export async function startEmbeddedStore(dataDir: string): Promise<EmbeddedStore> {
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { dynalite: require.resolve('dynalite'), path: path.join(dataDir, 'dynamodb') },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port?: number; error?: string }) =>
      m.port ? resolve(m.port) : reject(new Error(`the embedded store did not start: ${m.error}`)),
    );
    worker.once('error', reject);
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      });
      await worker.terminate();
    },
  };
}
