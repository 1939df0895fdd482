import { describe, expect, it } from 'vitest';
import { EVENT_TYPE, LEASE_STATUS } from '../dataset/catalog.ts';
import { eventRecordAt } from '../dataset/eventRecords.ts';
import { generateDataset } from '../dataset/generate.ts';
import { formatMtDateTime } from '../time.ts';

describe('dataset generator', () => {
  const ds = generateDataset(42, 'small');

  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateDataset(42, 'small');
    expect(again.company).toEqual(ds.company);
    expect(again.counts()).toEqual(ds.counts());
    expect(Array.from(again.events.date.subarray(0, ds.events.length))).toEqual(Array.from(ds.events.date.subarray(0, ds.events.length)));
    expect(again.prospects.map((p) => p.customer.email)).toEqual(ds.prospects.map((p) => p.customer.email));
    const other = generateDataset(7, 'small');
    expect(other.company.apiKey).not.toBe(ds.company.apiKey);
  });

  it('has the small profile: 3 properties in different zones, a few hundred leads, a few thousand events', () => {
    const c = ds.counts();
    expect(c.properties).toBe(3);
    expect(new Set(ds.properties.map((p) => p.timeZone)).size).toBe(3);
    expect(ds.properties.map((p) => p.state)).toEqual(['CO', 'NY', 'CA']);
    expect(c.prospects).toBe(300);
    expect(c.events).toBe(3000);
    expect(c.leads).toBeGreaterThan(100);
    expect(c.applicants).toBeGreaterThan(20);
    expect(c.residents).toBeGreaterThan(20);
    expect(c.leases).toBe(c.residents);
  });

  it('keeps all seeded history in the two years before the anchor', () => {
    const start = ds.anchorMs - 731 * 86_400_000;
    const dates = Array.from(ds.events.date.subarray(0, ds.events.length));
    expect(Math.min(...dates)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...dates)).toBeLessThanOrEqual(ds.anchorMs);
    expect(formatMtDateTime(ds.anchorMs)).toBe('06/30/2026 23:59:59.999000 MDT');
  });

  it('links residents: lease → application → prospect → customer', () => {
    for (const lease of ds.leases) {
      const p = ds.prospectByAppId.get(lease.applicationId);
      expect(p?.leaseId).toBe(lease.id);
      expect(p?.customer.customerId).toBe(lease.customerId);
      expect(p?.propertyId).toBe(lease.propertyId);
      expect(ds.unitById.get(lease.unitId)?.propertyId).toBe(lease.propertyId);
    }
    expect(ds.leases.some((l) => l.leaseStatusTypeId === LEASE_STATUS.current)).toBe(true);
  });

  it('gives applicants and residents an Application (131) event', () => {
    const withApp = ds.prospects.filter((p) => ds.stageOf(p) !== 'lead' && p.eventCount >= 2);
    expect(withApp.length).toBeGreaterThan(0);
    for (const p of withApp) {
      expect(ds.eventIndexes(p).some((i) => ds.events.type[i] === EVENT_TYPE.application)).toBe(true);
    }
  });

  it('pins the first application’s events around the 2025 DST transitions', () => {
    const p = ds.prospects[0];
    if (!p) throw new Error('no prospect');
    const dates = ds.eventIndexes(p).map((i) => formatMtDateTime(eventRecordAt(ds, i).dateMs));
    expect(dates).toContain('03/09/2025 01:30:00.000000 MST');
    expect(dates).toContain('03/09/2025 03:00:00.000000 MDT');
    expect(dates).toContain('11/02/2025 01:30:00.000000 MDT');
    expect(dates).toContain('11/02/2025 01:30:00.000000 MST');
  });

  it('rebuilds call and email data for seeded events', () => {
    let calls = 0;
    let emails = 0;
    for (let i = 0; i < ds.events.length; i++) {
      const e = eventRecordAt(ds, i);
      if (e.typeId === EVENT_TYPE.callIncoming || e.typeId === EVENT_TYPE.callOutgoing) {
        calls++;
        expect(e.callData?.audioLink).toMatch(/^https:\/\//);
      }
      if (e.typeId === EVENT_TYPE.emailOutgoing) {
        emails++;
        expect(e.emailData?.to).toBe(ds.prospectByAppId.get(e.applicationId)?.customer.email);
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(emails).toBeGreaterThan(100);
  });
});
