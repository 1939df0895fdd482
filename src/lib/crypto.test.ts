import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sealer } from './crypto.ts';

const key = randomBytes(32);
const sealer = new Sealer(key);

describe('Sealer', () => {
  it('round-trips text, including non-ASCII and empty strings', () => {
    for (const text of ['{"apiKey":"k"}', 'mañana — 東京', '']) expect(sealer.open(sealer.seal(text))).toBe(text);
  });

  it('uses a random IV per value, so equal inputs seal differently', () => {
    const a = sealer.seal('same');
    const b = sealer.seal('same');
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
    expect(a).not.toContain('same');
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const sealed = sealer.seal('secret value');
    const parts = sealed.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const i of [1, 2, 3]) {
      const tampered = parts.map((p, j) => (j === i ? flip(p) : p)).join('.');
      expect(() => sealer.open(tampered)).toThrow();
    }
  });

  it('refuses a value sealed with another key', () => {
    const other = new Sealer(randomBytes(32));
    expect(() => other.open(sealer.seal('secret'))).toThrow();
  });

  it('refuses malformed input and keys of the wrong size', () => {
    expect(() => sealer.open('plain text')).toThrow(/not a sealed value/);
    expect(() => sealer.open('v2.a.b.c')).toThrow(/not a sealed value/);
    expect(() => new Sealer(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('fingerprints the key stably without revealing it', () => {
    expect(new Sealer(Buffer.from(key)).fingerprint()).toBe(sealer.fingerprint());
    expect(new Sealer(randomBytes(32)).fingerprint()).not.toBe(sealer.fingerprint());
    expect(sealer.fingerprint()).not.toContain(key.toString('hex'));
  });
});
