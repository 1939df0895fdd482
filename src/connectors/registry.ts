import type { IntegrationVendor } from '../domain/common.ts';
import type { Connector } from './connector.ts';
import { buildiumConnector } from './buildium/index.ts';
import { entrataConnector } from './entrata/index.ts';

/** The PMSs Leasewire can connect to. Adding one: implement Connector in a folder, list it here. */
const connectors: readonly Connector<never>[] = [entrataConnector as Connector<never>, buildiumConnector as Connector<never>];

export function connectorFor(vendor: string): Connector<unknown> | undefined {
  return connectors.find((c) => c.vendor === vendor) as Connector<unknown> | undefined;
}

export function supportedVendors(): IntegrationVendor[] {
  return connectors.map((c) => c.vendor);
}
