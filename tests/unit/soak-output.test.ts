import { OutputWatcher } from '../../bench/soak/stack';
import { assertLoopback } from '../../bench/soak/net';

describe('soak output watcher', () => {
  it('counts a marker per service, also when a chunk boundary splits it', () => {
    const w = new OutputWatcher(['SoakmarkAk01x', 'SoakmarkAk02x']);
    w.feed('gateway', 'body: {"fullName":"Nguyen Van Soakmar');
    w.feed('gateway', 'kAk01x"}\n and SoakmarkAk01x again');
    w.feed('tax', 'nothing here');
    expect(w.count('SoakmarkAk01x')).toBe(2);
    expect(w.services('SoakmarkAk01x')).toEqual(['gateway']);
    expect(w.count('SoakmarkAk02x')).toBe(0);
    expect(w.samples.get('SoakmarkAk01x')).toContain('Nguyen Van');
  });
});

describe('soak loopback guard', () => {
  it('allows 127.0.0.0/8 only', () => {
    expect(() => assertLoopback('http://127.0.0.1:4000/graphql')).not.toThrow();
    expect(() => assertLoopback('http://127.1.2.3:4000/graphql')).not.toThrow();
    for (const url of [
      'http://10.0.0.1/',
      'http://example.com/',
      'http://[::1]:80/',
      'http://localhost/',
    ])
      expect(() => assertLoopback(url)).toThrow(/only 127/);
  });
});
