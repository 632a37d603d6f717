/**
 * Per-route throttles on the HTTP API's stage: the routes that compute (simulate, inline plans)
 * or start work (runs, planning runs) get stricter limits than the stage's default, so a burst
 * of them cannot take the whole stage's rate from reads. API Gateway applies a route's limit
 * and the stage's, whichever is reached first; past either it answers 429 before any Lambda runs.
 */
import type { CfnStage, HttpStage, IHttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/** Requests a second (steady) and at once (burst), by route key; the stage default covers the rest. */
export const ROUTE_THROTTLES: Readonly<Record<string, Throttle>> = {
  'POST /v1/simulate': { rateLimit: 5, burstLimit: 10 },
  'POST /v1/partnerships/plan': { rateLimit: 2, burstLimit: 5 },
  'POST /v1/scenarios/{id}/runs': { rateLimit: 5, burstLimit: 10 },
};

/** Set the route settings on the stage; it must be created after the routes it names. */
export function applyRouteThrottles(stage: HttpStage, routes: ReadonlyMap<string, IHttpRoute>): void {
  const cfn = stage.node.defaultChild as CfnStage;
  // RouteSettings is a free-form map in CloudFormation's own spelling (PascalCase)
  const settings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
  for (const [key, t] of Object.entries(ROUTE_THROTTLES)) {
    const route = routes.get(key);
    if (!route) throw new Error(`a throttle names ${key}, which is not a route`);
    settings[key] = { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit };
    stage.node.addDependency(route);
  }
  cfn.routeSettings = settings;
}
