/**
 * The gateway's admission control over real HTTP: never more than `limit` requests executing, the
 * rest served in arrival order, none lost, and a client that gave up while waiting is skipped.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { admission } from '../../gateway/admission';

async function serve(limit: number) {
  const gate = admission(limit);
  const held: (() => void)[] = [];
  const order: number[] = [];
  let peak = 0;
  const app = express();
  app.get('/op/:n', gate, (req, res) => {
    peak = Math.max(peak, gate.active);
    order.push(Number(req.params.n));
    held.push(() => res.send(req.params.n));
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settle = async (count: number) => {
    while (held.length < count) await new Promise((r) => setTimeout(r, 10));
  };
  return {
    gate,
    url,
    order,
    held,
    settle,
    peak: () => peak,
    close: () => new Promise((r) => server.close(r)),
  };
}

it('runs at most `limit` requests at once and the rest in arrival order', async () => {
  const s = await serve(2);
  const responses: Promise<string>[] = [];
  for (let n = 1; n <= 5; n++) {
    responses.push(fetch(`${s.url}/op/${n}`).then((r) => r.text()));
    await new Promise((r) => setTimeout(r, 20)); // arrival order is request order
  }
  await s.settle(2);
  expect(s.gate.active).toBe(2);
  expect(s.order).toEqual([1, 2]);
  while (s.order.length < 5 || s.held.length) {
    s.held.shift()?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(await Promise.all(responses)).toEqual(['1', '2', '3', '4', '5']);
  expect(s.order).toEqual([1, 2, 3, 4, 5]);
  expect(s.peak()).toBe(2);
  expect(s.gate.active).toBe(0);
  await s.close();
});

it('skips a request whose client went away while it waited', async () => {
  const s = await serve(1);
  const first = fetch(`${s.url}/op/1`).then((r) => r.text());
  await s.settle(1);
  const gone = new AbortController();
  const abandoned = fetch(`${s.url}/op/2`, { signal: gone.signal }).catch(() => 'aborted');
  await new Promise((r) => setTimeout(r, 50));
  gone.abort();
  expect(await abandoned).toBe('aborted');
  await new Promise((r) => setTimeout(r, 50));
  const third = fetch(`${s.url}/op/3`).then((r) => r.text());
  await new Promise((r) => setTimeout(r, 50));
  s.held.shift()?.();
  await s.settle(1);
  s.held.shift()?.();
  expect([await first, await third]).toEqual(['1', '3']);
  expect(s.order).toEqual([1, 3]);
  expect(s.gate.active).toBe(0);
  await s.close();
});
