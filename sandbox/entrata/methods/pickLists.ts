import {
  CUSTOMER_RELATIONSHIP_TYPES,
  EVENT_RESULTS,
  EVENT_SUB_TYPES,
  EVENT_TYPES,
  LEAD_SOURCES,
  LEAD_STATUSES,
  LIST_ITEM_TYPES,
  PS_PRODUCTS,
} from '../dataset/catalog.ts';
import type { Dataset, Property } from '../dataset/model.ts';
import { optionalIdList, requiredId } from '../params.ts';
import type { MethodDef } from './types.ts';
import { accessibleProperty } from './types.ts';

const agentName = (a: { firstName: string; lastName: string }): string => `${a.firstName} ${a.lastName}`;

/** r1: PascalCase containers, numeric ids, the property node keyed by property id (§2.4). */
function pickListsR1(ds: Dataset, properties: Property[]): unknown {
  const Property: Record<string, unknown> = {};
  for (const p of properties) {
    Property[String(p.id)] = {
      '@attributes': { Id: p.id },
      LeasingAgents: {
        LeasingAgent: (ds.agentsByProperty.get(p.id) ?? []).map((a) => ({ '@attributes': { name: agentName(a), Id: String(a.id) } })),
      },
      LeadSources: {
        LeadSource: LEAD_SOURCES.map((s) => ({ '@attributes': { name: s.name, Id: s.id, WebVisible: String(s.webVisible) } })),
      },
    };
  }
  return {
    EventTypes: { EventType: EVENT_TYPES.map((t) => ({ '@attributes': { name: t.name, Id: t.id, entrataName: t.entrataName } })) },
    Property,
    EventResults: { EventResult: EVENT_RESULTS.map((r) => ({ name: r.name, Id: r.id })) },
    LeadStatuses: {
      LeadStatus: LEAD_STATUSES.map((s) => ({ '@attributes': { Id: s.id, name: s.name, leaseIntervalTypeName: s.leaseIntervalTypeName } })),
    },
  };
}

/**
 * r2: camelCase, every value a string inside `@attributes`, one property, results per event type
 * with their system default. `leadSources` under `property` is our addition (unconfirmed for r2).
 */
function pickListsR2(ds: Dataset, p: Property): unknown {
  const attrs = (o: Record<string, string | number | boolean>): { '@attributes': Record<string, string> } => ({
    '@attributes': Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)])),
  });
  return {
    eventTypes: { eventType: EVENT_TYPES.map((t) => attrs({ name: t.name, id: t.id, entrataName: t.entrataName })) },
    eventSubTypes: { eventSubType: EVENT_SUB_TYPES.map((s) => attrs({ name: s.name, id: s.id, eventTypeId: s.eventTypeId })) },
    property: {
      '@attributes': { id: String(p.id) },
      leasingAgents: { leasingAgent: (ds.agentsByProperty.get(p.id) ?? []).map((a) => attrs({ name: agentName(a), id: a.id })) },
      leadSources: { leadSource: LEAD_SOURCES.map((s) => attrs({ name: s.name, id: s.id, webVisible: s.webVisible })) },
      quoteProvisions: { quoteProvision: [attrs({ id: 1193, name: 'Standard Quote' })] },
    },
    eventResults: {
      eventResult: EVENT_RESULTS.map((r) =>
        attrs({ name: r.name, id: r.id, eventTypeId: r.eventTypeId, defaultEventResultId: r.defaultId, defaultEventResult: r.defaultName }),
      ),
    },
    leadStatuses: {
      leadStatus: LEAD_STATUSES.map((s) => attrs({ id: s.id, name: s.name, leaseIntervalTypeName: s.leaseIntervalTypeName })),
    },
    psProducts: { psProduct: PS_PRODUCTS.map((x) => attrs(x)) },
    listItemTypes: {
      listItemType: LIST_ITEM_TYPES.map((t) => ({
        ...attrs({ id: t.id, name: t.name }),
        listItems: { listItem: t.items.map((i) => attrs(i)) },
      })),
    },
    customerRelationshipTypes: { customerRelationshipType: CUSTOMER_RELATIONSHIP_TYPES.map((c) => attrs(c)) },
  };
}

export const getLeadPickLists: MethodDef = {
  versions: ['r1', 'r2'],
  handle({ ds, params, version }) {
    if (version === 'r2') return { result: pickListsR2(ds, accessibleProperty(ds, requiredId(params, 'propertyId'))) };
    const ids = optionalIdList(params, 'propertyIds');
    return { result: pickListsR1(ds, ids ? ids.map((id) => accessibleProperty(ds, id)) : ds.properties) };
  },
};
