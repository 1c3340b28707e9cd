import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReferenceClient } from '../../subgraphs/kit/references';

/** A registry's `_entities` answer over real HTTP, as the owner would send it. */
async function owner(answer: object): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const ref = { type: 'Worker' as const, id: 'w-1', field: 'workerId' };

describe('reference checks through the owner', () => {
  it('an entity the owner does not know is NOT_FOUND, naming the input field', async () => {
    const o = await owner({ data: { _entities: [null] } });
    try {
      const client = new ReferenceClient({ residence: o.url, employment: null });
      await expect(client.assertExist([ref])).rejects.toMatchObject({
        extensions: { code: 'NOT_FOUND', field: 'workerId' },
      });
    } finally {
      await o.close();
    }
  });

  it('a read that failed at the owner is SOURCE_UNAVAILABLE, not NOT_FOUND', async () => {
    const o = await owner({
      data: { _entities: [null] },
      errors: [
        { message: "The residence registry's database did not answer", path: ['_entities', 0] },
      ],
    });
    try {
      const client = new ReferenceClient({ residence: o.url, employment: null });
      await expect(client.assertExist([ref])).rejects.toMatchObject({
        extensions: { code: 'SOURCE_UNAVAILABLE', source: 'residence' },
      });
    } finally {
      await o.close();
    }
  });

  it('an entity the owner knows passes', async () => {
    const o = await owner({ data: { _entities: [{ id: 'w-1' }] } });
    try {
      const client = new ReferenceClient({ residence: o.url, employment: null });
      await expect(client.assertExist([ref])).resolves.toBeUndefined();
    } finally {
      await o.close();
    }
  });
});
