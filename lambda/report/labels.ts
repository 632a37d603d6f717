/** What each cost line is called on the page and in the CSV. */
import type { Service } from '../engine/model';

export const SERVICE_LABELS: Readonly<Record<Service | 'governance' | 'transition', string>> = {
  dataCentre: 'Data centre',
  storage: 'Storage',
  serviceDesk: 'Service desk',
  specialists: 'Specialists',
  network: 'Network',
  contact: 'Citizen contact',
  governance: 'Partnership governance',
  transition: 'Transition (one-off)',
};
