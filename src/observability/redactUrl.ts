/**
 * A URL as it may be logged: the value of every query parameter that looks secret is replaced,
 * so an API key sent as `?api_key=lw_…` (or a token, password, signature…) never reaches a log
 * line. A parameter looks secret by its name, or by its value when that is a Leasewire API key
 * whatever the parameter is called. The rest of the URL is kept byte for byte.
 */
// Anywhere in the name (api_key, x-api-key, access_token, client_secret…), or as a whole word (key, auth, sig).
const SECRET_NAME = /api[_-]?key|token|secret|passw(?:or)?d|pwd|signature|credential|session|(?:^|[_-])(?:key|auth|authorization|sig)(?:$|[_-])/i;
const SECRET_VALUE = /^lw_/;
export const REDACTED = '[REDACTED]';

export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = decodeLoosely(pair.slice(0, eq));
      const value = decodeLoosely(pair.slice(eq + 1));
      return SECRET_NAME.test(name) || SECRET_VALUE.test(value.trim()) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q + 1)}${redacted}${hash < 0 ? '' : url.slice(hash)}`;
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
