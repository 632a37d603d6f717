/** What each cost line is called on the page and in the CSV: the registry's labels, and the partnership's own lines. */
import { SERVICE_DEFS, type Service } from '../engine/services/registry';

export type CostLine = Service | 'otherIt' | 'channelShift' | 'governance' | 'transition';

export const SERVICE_LABELS: Readonly<Record<CostLine, string>> = {
  ...(Object.fromEntries(SERVICE_DEFS.map((d) => [d.id, d.label])) as Record<Service, string>),
  otherIt: 'Devices and applications (not shared)',
  channelShift: 'Channel-shift programme (build, marketing, digital running, assisted digital)',
  governance: 'Partnership governance',
  transition: 'Transition (one-off)',
};
