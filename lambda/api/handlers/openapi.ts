import { json, type RawHandler } from '../http';
import { instrument } from '../instrument';
import { openApiDocument } from '../openapi';

export const run: RawHandler = async () => json(200, openApiDocument(), { 'cache-control': 'public, max-age=300' });
export const handler = instrument(run);
