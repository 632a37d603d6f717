/** Hostile input against the routes that store (scenarios, runs): see fuzzKit.ts. */
import { ROUTES } from '../../lambda/api/routes';
import { fuzzRoutes, startFuzzServer } from './fuzzKit';

startFuzzServer();
fuzzRoutes(
  ROUTES.filter((r) => (r.method === 'POST' || r.method === 'PUT') && r.handler !== 'simulate'),
  false,
);
