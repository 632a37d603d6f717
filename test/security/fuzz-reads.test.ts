/** Hostile input against the routes that list and read scenarios and runs (see fuzzKit.ts). */
import { ROUTES } from '../../lambda/api/routes';
import { fuzzRoutes, startFuzzServer } from './fuzzKit';

startFuzzServer();
fuzzRoutes(
  ROUTES.filter((r) => r.method === 'GET' && (r.handler === 'scenarios' || r.handler === 'runs')),
  false,
);
