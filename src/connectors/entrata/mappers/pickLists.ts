import { field, items, str, type Obj } from '../envelope.ts';

/**
 * leads/getLeadPickLists r2 for one property (§2.4), read into plain lists. r1's PascalCase
 * containers are accepted too, so a tenant still on r1 shapes maps the same way.
 */
export interface PickLists {
  propertyXId: string;
  eventTypes: Array<{ id: string; name: string; entrataName: string | null }>;
  eventSubTypes: Array<{ id: string; name: string; eventTypeId: string }>;
  eventResults: Array<{ id: string; name: string; eventTypeId: string | null; defaultId: string | null; defaultName: string | null }>;
  leasingAgents: Array<{ id: string; name: string; email: string | null }>;
  leadSources: Array<{ id: string; name: string }>;
  leadStatuses: Array<{ id: string; name: string }>;
}

export function readPickLists(propertyXId: string, result: unknown): PickLists {
  const r = result as Obj;
  const props = items(field(r, 'property', 'Property'));
  const prop = props.find((p) => str(field(p, 'id', 'Id')) === propertyXId) ?? props[0];
  const list = <T>(container: unknown, child: string, f: (o: Obj) => T | null): T[] => items(container, child).flatMap((o) => ((v) => (v === null ? [] : [v]))(f(o)));
  return {
    propertyXId,
    eventTypes: list(field(r, 'eventTypes'), 'eventType', (o) => {
      const id = str(field(o, 'id', 'Id'));
      const name = str(field(o, 'name'));
      return id && name ? { id, name, entrataName: str(field(o, 'entrataName')) } : null;
    }),
    eventSubTypes: list(field(r, 'eventSubTypes'), 'eventSubType', (o) => {
      const id = str(field(o, 'id', 'Id'));
      const name = str(field(o, 'name'));
      const t = str(field(o, 'eventTypeId'));
      return id && name && t ? { id, name, eventTypeId: t } : null;
    }),
    eventResults: list(field(r, 'eventResults'), 'eventResult', (o) => {
      const id = str(field(o, 'id', 'Id'));
      const name = str(field(o, 'name'));
      return id && name
        ? { id, name, eventTypeId: str(field(o, 'eventTypeId')), defaultId: str(field(o, 'defaultEventResultId')), defaultName: str(field(o, 'defaultEventResult')) }
        : null;
    }),
    leasingAgents: list(prop && field(prop, 'leasingAgents'), 'leasingAgent', (o) => {
      const id = str(field(o, 'id', 'Id'));
      const name = str(field(o, 'name'));
      return id && name ? { id, name, email: str(field(o, 'email', 'emailAddress')) } : null;
    }),
    leadSources: list(prop && field(prop, 'leadSources'), 'leadSource', (o) => {
      const id = str(field(o, 'id', 'Id'));
      const name = str(field(o, 'name'));
      return id && name ? { id, name } : null;
    }),
    leadStatuses: list(field(r, 'leadStatuses'), 'leadStatus', (o) => {
      const id = str(field(o, 'id', 'Id'));
      const name = str(field(o, 'name'));
      return id && name ? { id, name } : null;
    }),
  };
}

