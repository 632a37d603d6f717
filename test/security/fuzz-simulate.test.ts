/** Hostile input against POST /v1/simulate, the route that runs the engine on whatever it is given: see fuzzKit.ts. */
import { ROUTES } from '../../lambda/api/routes';
import { fuzzRoutes, startFuzzServer } from './fuzzKit';

startFuzzServer();
fuzzRoutes(
  ROUTES.filter((r) => r.handler === 'simulate'),
  false,
);
