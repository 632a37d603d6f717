import { presets } from '../../engine/presets';
import { json, type RawHandler } from '../http';
import { instrument } from '../instrument';

const body = presets();
export const run: RawHandler = async () => json(200, body, { 'cache-control': 'public, max-age=300' });
export const handler = instrument(run);
