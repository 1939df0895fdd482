import type { HttpRequestFn } from '../../src/lib/httpRequest.ts';

/**
 * The PMS transport of test apps that run no PMS: every call fails as a refused connection does,
 * so integrations saved there are checked as "unreachable" (and saved), and no test reaches a real
 * PMS on the internet. Tests that run the sandbox pass httpRequest instead.
 */
export const noPms: HttpRequestFn = () =>
  Promise.reject(Object.assign(new Error('connect ECONNREFUSED (this test runs no PMS)'), { code: 'ECONNREFUSED' }));
