import { notFound } from '../errors.ts';
import { enumList, inWindow, instantParam, integerList, page } from '../query.ts';
import { idParam, list, type Operation } from './types.ts';

export const propertyOperations: Operation[] = [
  {
    method: 'GET',
    path: '/v1/rentals',
    operationId: 'ExternalApiRentals_GetAllRentals',
    handle: ({ state, query: q }) => {
      const ids = integerList(q, 'propertyids');
      const status = enumList(q, 'status', ['Active', 'InActive'])?.[0];
      const from = instantParam(q, 'lastupdatedfrom');
      const to = instantParam(q, 'lastupdatedto');
      const rows = state.dataset.rentals.filter(
        (r) => (!ids || ids.includes(r.id)) && (status === undefined || (status === 'Active') === r.message.IsActive) && inWindow(r.updated, from, to),
      );
      return list(page(q, rows));
    },
  },
  {
    method: 'GET',
    path: '/v1/rentals/{propertyId}',
    operationId: 'ExternalApiRentals_GetRentalById',
    handle: ({ state, params }) => {
      const id = idParam(params, 'propertyId');
      const row = state.dataset.rentals.find((r) => r.id === id);
      if (!row) throw notFound('Rental property', id);
      return { status: 200, body: row.message };
    },
  },
  {
    method: 'GET',
    path: '/v1/rentals/units',
    operationId: 'ExternalApiRentalUnits_GetAllRentalUnits',
    handle: ({ state, query: q }) => {
      const ids = integerList(q, 'propertyids');
      const from = instantParam(q, 'lastupdatedfrom');
      const to = instantParam(q, 'lastupdatedto');
      return list(page(q, state.dataset.units.filter((u) => (!ids || ids.includes(u.propertyId)) && inWindow(u.updated, from, to))));
    },
  },
  {
    method: 'GET',
    path: '/v1/rentals/units/{unitId}',
    operationId: 'ExternalApiRentalUnits_GetRentalUnitById',
    handle: ({ state, params }) => {
      const id = idParam(params, 'unitId');
      const row = state.dataset.units.find((u) => u.id === id);
      if (!row) throw notFound('Rental unit', id);
      return { status: 200, body: row.message };
    },
  },
  {
    method: 'GET',
    path: '/v1/users',
    operationId: 'ExternalApiUsers_GetAllUsers',
    handle: ({ state, query: q }) => {
      const types = enumList(q, 'usertypes', ['Staff', 'RentalOwner', 'Vendor']);
      const status = enumList(q, 'status', ['Inactive', 'Active'])?.[0];
      const roleIds = integerList(q, 'roleids');
      const rows = state.dataset.users.filter((u) => {
        const userTypes = (u.message.UserTypes as string[] | null) ?? [];
        const role = u.message.UserRole as { Id: number } | null;
        return (!types || types.some((t) => userTypes.includes(t))) && (status === undefined || (status === 'Active') === u.message.IsActive) && (!roleIds || (role !== null && roleIds.includes(role.Id)));
      });
      return list(page(q, rows));
    },
  },
  {
    method: 'GET',
    path: '/v1/users/{userId}',
    operationId: 'ExternalApiUsers_GetUserById',
    handle: ({ state, params }) => {
      const id = idParam(params, 'userId');
      const row = state.dataset.users.find((u) => u.id === id);
      if (!row) throw notFound('User', id);
      return { status: 200, body: row.message };
    },
  },
];
