/**
 * Issue 19, item 11: concurrent requests never mix up their log keys. The logger is one per
 * process; the request id and route of each line come from the request's own async context.
 */
import { instrument } from '../../lambda/api/instrument';
import { problems } from '../../lambda/api/problem';
import { logger } from '../../lambda/observability';
import { apiEvent } from './events';

describe('per-request log context', () => {
  it('40 interleaved requests each log their own request id and route', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    logger.setLogLevel('INFO');
    try {
      const handler = instrument(async (event) => {
        // each request awaits a different while, so their awaits interleave
        await new Promise((r) => setTimeout(r, (Number(event.requestContext.requestId.slice(1)) * 7) % 23));
        throw problems.notFound(event.routeKey);
      });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => {
          const e = apiEvent('GET', `/r/${i}`);
          return handler({ ...e, requestContext: { ...e.requestContext, requestId: `q${i}` } });
        }),
      );
    } finally {
      logger.setLogLevel('SILENT');
      spy.mockRestore();
    }
    const refused = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('request refused'))
      .map((l) => JSON.parse(l) as { requestId: string; route: string });
    expect(refused).toHaveLength(40);
    for (const l of refused) expect(l.route).toBe(`GET /r/${l.requestId.slice(1)}`);
  });
});
