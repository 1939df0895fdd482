import type { MethodDef } from './types.ts';

export const getStatus: MethodDef = {
  versions: ['r1'],
  handle: () => ({ result: { status: 'Success', message: 'API service is available and running.' } }),
};
