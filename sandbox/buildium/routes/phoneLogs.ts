import { notFound } from '../errors.ts';
import { dateParam, enumList, integerList, integerParam, page } from '../query.ts';
import { idParam, list, type Operation } from './types.ts';

export const phoneLogOperations: Operation[] = [
  {
    method: 'GET',
    path: '/v1/communications/phonelogs',
    operationId: 'ExternalApiPhoneLogs_GetPhoneLogs',
    handle: ({ state, query: q }) => {
      const from = dateParam(q, 'fromdate');
      const to = dateParam(q, 'todate');
      const staff = integerList(q, 'loggedbystaffuserids');
      const subject = q.get('subject');
      const participant = integerParam(q, 'participantentityid');
      const participantType = enumList(q, 'participantentitytype', ['Vendor', 'RentalOwner', 'RentalTenant', 'AssociationOwner'])?.[0];
      const agreement = integerParam(q, 'unitagreementid');
      const rows = state.dataset.phoneLogs.filter(
        (l) =>
          (from === undefined || l.day >= from) &&
          (to === undefined || l.day <= to) &&
          (!staff || staff.includes((l.message.LoggedByStaffUser as { Id: number } | null)?.Id ?? -1)) &&
          (subject === null || subject === '' || String(l.message.Subject ?? '').toLowerCase().includes(subject.toLowerCase())) &&
          (participant === undefined || l.participantId === participant) &&
          (participantType === undefined || l.participantType === participantType) &&
          (agreement === undefined || l.unitAgreementId === agreement),
      );
      return list(page(q, rows));
    },
  },
  {
    method: 'GET',
    path: '/v1/communications/phonelogs/{phoneLogId}',
    operationId: 'ExternalApiPhoneLogs_GetPhoneLogById',
    handle: ({ state, params }) => {
      const id = idParam(params, 'phoneLogId');
      const row = state.dataset.phoneLogs.find((l) => l.id === id);
      if (!row) throw notFound('Phone log', id);
      return { status: 200, body: row.message };
    },
  },
];
