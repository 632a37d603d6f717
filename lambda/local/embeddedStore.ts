/**
 * The embedded store of `npm start`: dynalite (a DynamoDB-compatible server on LevelDB) on
 * loopback, its data on disk under the data directory so it survives restarts. It runs in a
 * worker thread of its own, so its request handling and LevelDB work leave the API's event loop
 * (and the machine's second core) free.
 *
 * A full disk breaks LevelDB two ways: a failed write leaves the database refusing everything,
 * reads included, until it is opened again; and a failed write of its log throws where nothing
 * catches it, ending the thread. So the thread is supervised: `reopen()` closes and reopens the
 * database on the same port, and a thread that dies is started again on the same port and data
 * (storeHealth.ts decides when). The API's clients keep their endpoint throughout.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';

export interface EmbeddedStore {
  readonly endpoint: string;
  readonly dataPath: string;
  /** Reopen the database (a new thread if the old one died); resolves when it listens again. */
  reopen(): Promise<void>;
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
let port = workerData.port;
// LevelDB throws a failed log write (a full disk) where nothing catches it: keep the thread, and
// its database handle, so that a reopen can close it properly (a dead thread's lock lingers);
// the request it was serving will never be answered, so end every connection now
process.on('uncaughtException', (e) => {
  server.closeAllConnections();
  parentPort.postMessage({ fault: String((e && e.message) || e) });
});
server.on('error', (e) => parentPort.postMessage({ error: String((e && e.message) || e) }));
server.listen(port, '127.0.0.1', () => {
  port = server.address().port;
  parentPort.postMessage({ port });
});
parentPort.on('message', (m) => {
  if (m === 'close') {
    // close the pooled keep-alive sockets too, or close() waits out their long idle timeout
    server.close(() => parentPort.postMessage({ closed: true }));
    server.closeAllConnections();
  } else if (m === 'reopen') {
    // dynalite closes its database with the server, and reopens it when the server listens again
    server.close(() => server.listen(port, '127.0.0.1', () => parentPort.postMessage({ reopened: true })));
    server.closeAllConnections();
  }
});
`;

const REOPEN_TIMEOUT_MS = 15_000;

export async function startEmbeddedStore(
  dataDir: string,
  /** Told when the database fails outside any request's answer (a failed log write). */
  onFault?: (err: Error) => void,
): Promise<EmbeddedStore> {
  const dataPath = path.join(dataDir, 'dynamodb');
  let closing = false;
  let worker!: Worker;
  let alive = false;

  const spawn = (port: number): Promise<number> => {
    const w = new Worker(THREAD, {
      eval: true,
      workerData: { dynalite: require.resolve('dynalite'), path: dataPath, port },
    });
    worker = w;
    alive = true;
    // a thread that dies (LevelDB's unhandled IO error) is noted; the next reopen starts another
    w.on('error', () => undefined);
    w.on('message', (m: { fault?: string }) => {
      if (m.fault) onFault?.(new Error(`the embedded store failed: ${m.fault}`));
    });
    w.on('exit', () => {
      if (worker === w) alive = false;
    });
    return new Promise<number>((resolve, reject) => {
      const onMessage = (m: { port?: number; error?: string }) => {
        w.off('message', onMessage);
        if (m.port) resolve(m.port);
        else reject(new Error(`the embedded store did not start: ${m.error}`));
      };
      w.on('message', onMessage);
      w.once('exit', (code) => reject(new Error(`the embedded store's thread exited (${code}) as it started`)));
    });
  };

  const port = await spawn(0);

  const reopenThread = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const w = worker;
      const timer = setTimeout(() => {
        w.off('message', onMessage);
        reject(new Error('the embedded store did not reopen in time'));
      }, REOPEN_TIMEOUT_MS);
      const onMessage = (m: { reopened?: boolean; error?: string }) => {
        if (!m.reopened && !m.error) return;
        clearTimeout(timer);
        w.off('message', onMessage);
        if (m.reopened) resolve();
        else reject(new Error(`the embedded store did not reopen: ${m.error}`));
      };
      w.on('message', onMessage);
      w.postMessage('reopen');
    });

  let reopening: Promise<void> | undefined;
  const reopen = async (): Promise<void> => {
    if (closing) return;
    if (alive) {
      try {
        return await reopenThread();
      } catch {
        await worker.terminate();
        alive = false;
      }
    }
    await spawn(port);
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    dataPath,
    reopen: () => {
      reopening ??= reopen().finally(() => {
        reopening = undefined;
      });
      return reopening;
    },
    close: async () => {
      closing = true;
      if (alive)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, REOPEN_TIMEOUT_MS);
          const done = () => {
            clearTimeout(timer);
            resolve();
          };
          worker.once('message', done);
          worker.once('exit', done);
          worker.postMessage('close');
        });
      await worker.terminate();
    },
  };
}
