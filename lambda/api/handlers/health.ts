import { ENGINE_VERSION } from '../../engine/simulate';
import { json, type RawHandler } from '../http';
import { instrument } from '../instrument';

export const run: RawHandler = async () => json(200, { status: 'ok', version: ENGINE_VERSION });
export const handler = instrument(run);
