/** Hostile input against health, presets, OpenAPI, reports and DELETE, plus the fixed cases (see fuzzKit.ts). */
import { ROUTES } from '../../lambda/api/routes';
import { fuzzRoutes, startFuzzServer } from './fuzzKit';

startFuzzServer();
fuzzRoutes(
  ROUTES.filter(
    (r) => (r.method === 'GET' && r.handler !== 'scenarios' && r.handler !== 'runs') || r.method === 'DELETE',
  ),
  true,
);
