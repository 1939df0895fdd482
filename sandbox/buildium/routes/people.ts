import { notFound } from '../errors.ts';
import { enumList, inWindow, instantParam, integerList, integerParam, page } from '../query.ts';
import { idParam, list, type Operation } from './types.ts';

const APPLICATION_STATUSES = ['Undecided', 'Approved', 'Rejected', 'AddedToLease', 'Cancelled', 'Deferred', 'New', 'Draft', 'AddedToDraftLease'];

export const peopleOperations: Operation[] = [
  {
    method: 'GET',
    path: '/v1/applicants',
    operationId: 'ExternalApiApplicants_GetApplicants',
    handle: ({ state, query: q }) => {
      const entityId = integerParam(q, 'entityid');
      const entityType = enumList(q, 'entitytype', ['Rental', 'RentalOwner'])?.[0];
      const statuses = enumList(q, 'applicationstatuses', APPLICATION_STATUSES);
      const unitIds = integerList(q, 'unitids');
      const from = instantParam(q, 'lastupdatedfrom');
      const to = instantParam(q, 'lastupdatedto');
      const rows = state.dataset.applicants.filter(
        (a) =>
          (entityId === undefined || entityType === 'RentalOwner' || a.propertyId === entityId) &&
          (!statuses || statuses.includes(a.message.Status as string)) &&
          (!unitIds || unitIds.includes(a.unitId)) &&
          inWindow(a.updated, from, to),
      );
      return list(page(q, rows));
    },
  },
  {
    method: 'GET',
    path: '/v1/applicants/{applicantId}',
    operationId: 'ExternalApiApplicants_GetApplicantById',
    handle: ({ state, params }) => {
      const id = idParam(params, 'applicantId');
      const row = state.dataset.applicants.find((a) => a.id === id);
      if (!row) throw notFound('Applicant', id);
      return { status: 200, body: row.message };
    },
  },
  {
    method: 'GET',
    path: '/v1/applicants/{applicantId}/applications',
    operationId: 'ExternalApiApplicantApplications_GetApplicationsForApplicant',
    handle: ({ state, params, query: q }) => {
      const id = idParam(params, 'applicantId');
      const row = state.dataset.applicants.find((a) => a.id === id);
      if (!row) throw notFound('Applicant', id);
      const apps = ((row.message.Applications as Array<Record<string, unknown>> | null) ?? []).map((a) => ({ message: { ...a, Application: [] } }));
      return list(page(q, apps));
    },
  },
  {
    method: 'GET',
    path: '/v1/leases',
    operationId: 'ExternalApiLeases_GetLeases',
    handle: ({ state, query: q }) => {
      const ids = integerList(q, 'propertyids');
      const statuses = enumList(q, 'leasestatuses', ['Active', 'Past', 'Future']);
      const from = instantParam(q, 'lastupdatedfrom');
      const to = instantParam(q, 'lastupdatedto');
      const rows = state.dataset.leases.filter((l) => (!ids || ids.includes(l.propertyId)) && (!statuses || statuses.includes(l.message.LeaseStatus as string)) && inWindow(l.updated, from, to));
      return list(page(q, rows));
    },
  },
  {
    method: 'GET',
    path: '/v1/leases/{leaseId}',
    operationId: 'ExternalApiLeases_GetLeaseById',
    handle: ({ state, params }) => {
      const id = idParam(params, 'leaseId');
      const row = state.dataset.leases.find((l) => l.id === id);
      if (!row) throw notFound('Lease', id);
      return { status: 200, body: row.message };
    },
  },
  {
    method: 'GET',
    path: '/v1/leases/tenants',
    operationId: 'ExternalApiRentalTenants_GetAllTenants',
    handle: ({ state, query: q }) => {
      const ids = integerList(q, 'propertyids');
      const unitIds = integerList(q, 'unitids');
      const termStatuses = enumList(q, 'leasetermstatuses', ['Active', 'Past', 'Future']);
      const from = instantParam(q, 'lastupdatedfrom');
      const to = instantParam(q, 'lastupdatedto');
      const leaseStatus = new Map(state.dataset.leases.map((l) => [l.id, l.message.LeaseStatus as string]));
      const rows = state.dataset.tenants.filter(
        (t) =>
          (!ids || t.propertyIds.some((p) => ids.includes(p))) &&
          (!unitIds || t.unitIds.some((u) => unitIds.includes(u))) &&
          (!termStatuses || t.leaseIds.some((l) => termStatuses.includes(leaseStatus.get(l) ?? ''))) &&
          inWindow(t.updated, from, to),
      );
      return list(page(q, rows));
    },
  },
  {
    method: 'GET',
    path: '/v1/leases/tenants/{tenantId}',
    operationId: 'ExternalApiRentalTenants_GetTenantById',
    handle: ({ state, params }) => {
      const id = idParam(params, 'tenantId');
      const row = state.dataset.tenants.find((t) => t.id === id);
      if (!row) throw notFound('Tenant', id);
      return { status: 200, body: row.message };
    },
  },
];
