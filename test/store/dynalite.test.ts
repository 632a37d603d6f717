import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedStore } from '../../lambda/local/embeddedStore';
import { storeContract } from './contract';

storeContract('dynalite (the embedded store)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharesim-dynalite-'));
  const s = await startEmbeddedStore(dir);
  return {
    endpoint: s.endpoint,
    stop: async () => {
      await s.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
