import { deriveId, isUuid } from './ids';

describe('deriveId', () => {
  // Ids derived so far are stored in the log and the read models: the same names must keep giving them.
  it.each([
    [['event', '8834fb64-d082-557a-8779-9061a4f1df49', '0'], 'f3b09405-a2f4-5c8e-87c7-7e04f793dc1c'],
    [['bootstrap-admin', 'owner@cedarheights.test'], '788cf453-0ba0-5556-aae8-73b0be470591'],
    [['parent', 'Zoë@example.com'], '2de43608-2fbc-5b7c-b80c-6681a5411c16'],
    [[''], '56cf68a6-3553-5cdf-9aaf-aa3af493edcb'],
  ])('%j gives %s, as it always has', (parts, id) => {
    expect(deriveId(...parts)).toBe(id);
  });

  it('gives version 5 ids of the RFC variant, all four variant digits among them', () => {
    const variants = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = deriveId('v', String(i));
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('5');
      variants.add(id[19]);
    }
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b']);
  });
});
