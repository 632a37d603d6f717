/** Shared set-up of the service tests: base-year prices, a cost record and a shared context. */
import type { Assumptions } from '../../../lambda/engine/defaults';
import type { YearPrices } from '../../../lambda/engine/prices';
import { type CostOut, costOut, type DeliveryModel, type SharedContext } from '../../../lambda/engine/services/types';

export const PX0: YearPrices = { staff: 1, hardware: 1, storage: 1, energy: 1, other: 1 };

export function out(): CostOut {
  return costOut();
}

export function ctx(
  a: Assumptions,
  delivery: DeliveryModel,
  sharers = 2,
  px: YearPrices = PX0,
  sinceLive = 10,
): SharedContext {
  return { a, px, delivery, sharers, sinceLive };
}
