/**
 * The gateway's admission control over real HTTP: never more than `limit` requests executing, the
 * rest served in arrival order, none lost, and a client that gave up while waiting is skipped; one
 * caller (header x-caller) never holds more than `perCaller` slots, and a freed slot goes to the
 * waiting caller holding the fewest.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { admission } from '../../gateway/admission';

async function serve(limit: number, perCaller = limit) {
  const gate = admission({ limit, perCaller, caller: (req) => String(req.headers['x-caller']) });
  const held: (() => void)[] = [];
  const order: (number | string)[] = [];
  let peak = 0;
  const app = express();
  app.get('/op/:n', gate, (req, res) => {
    peak = Math.max(peak, gate.active);
    const n = String(req.params.n);
    order.push(/^\d+$/.test(n) ? Number(n) : n);
    held.push(() => res.send(n));
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

const send = (url: string, caller: string, n: string) =>
  fetch(`${url}/op/${n}`, { headers: { 'x-caller': caller } }).then((r) => r.text());
const pause = () => new Promise((r) => setTimeout(r, 20));

it('keeps a slot for other callers: one caller never holds more than perCaller', async () => {
  const s = await serve(4, 3);
  const flood = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((n) => send(s.url, 'a', n));
  await s.settle(3);
  await pause();
  expect(s.order).toEqual(['a1', 'a2', 'a3']);
  const other = send(s.url, 'b', 'b1');
  await s.settle(4);
  expect(s.order).toEqual(['a1', 'a2', 'a3', 'b1']);
  while (s.order.length < 7 || s.held.length) {
    s.held.shift()?.();
    await pause();
  }
  expect(await other).toBe('b1');
  expect(await Promise.all(flood)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  expect(s.peak()).toBe(4);
  await s.close();
});

it('gives a freed slot to the waiting caller holding the fewest, callers taking turns', async () => {
  const s = await serve(2, 2);
  const all = ['a1', 'a2', 'a3', 'a4'].map((n) => send(s.url, 'a', n));
  await s.settle(2);
  for (const [caller, n] of [
    ['b', 'b1'],
    ['c', 'c1'],
    ['b', 'b2'],
  ]) {
    all.push(send(s.url, caller, n));
    await pause();
  }
  // a holds both slots; a3, a4, b1, c1, b2 wait.
  expect(s.order).toEqual(['a1', 'a2']);
  s.held.shift()!(); // a1 done: b (holding 0) goes before a (holding 1)
  await s.settle(2);
  expect(s.order.at(-1)).toBe('b1');
  // Then, ties broken by turn: a2 done -> a3 (a's turn before c), b1 done -> c1, a3 done -> b2.
  while (s.order.length < 7 || s.held.length) {
    s.held.shift()?.();
    await pause();
  }
  expect(s.order).toEqual(['a1', 'a2', 'b1', 'a3', 'c1', 'b2', 'a4']);
  await Promise.all(all);
  expect(s.gate.active).toBe(0);
  await s.close();
});
