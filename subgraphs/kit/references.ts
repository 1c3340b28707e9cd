import { notFound, sourceUnavailable } from './errors';

export type ReferencedType = 'Worker' | 'Employer';

export interface Reference {
  type: ReferencedType;
  id: string;
  /** The input field that carried the id, named in the NOT_FOUND error. */
  field: string;
}

const OWNER: Record<ReferencedType, 'residence' | 'employment'> = {
  Worker: 'residence',
  Employer: 'employment',
};

/**
 * Checks that entities owned by another registry exist, through the federation protocol: an
 * `_entities` call to the owning subgraph, never a read of its database.
 */
export class ReferenceClient {
  constructor(
    private readonly urls: { residence: string | null; employment: string | null },
    /** Credentials for a call to the owning registry. */
    private readonly headers: (
      owner: 'residence' | 'employment',
    ) => Promise<Record<string, string>> = async () => ({}),
  ) {}

  /** Throws NOT_FOUND for the first reference the owner does not know. */
  async assertExist(references: Reference[]): Promise<void> {
    for (const type of Object.keys(OWNER) as ReferencedType[]) {
      const refs = references.filter((r) => r.type === type);
      const url = this.urls[OWNER[type]];
      if (refs.length === 0 || url === null) continue;
      const found = await this.fetchIds(
        url,
        type,
        refs.map((r) => r.id),
      );
      const missing = refs.find((r, i) => found[i] !== r.id);
      if (missing) throw notFound(type, missing.id, missing.field);
    }
  }

  private async fetchIds(
    url: string,
    type: ReferencedType,
    ids: string[],
  ): Promise<(string | null)[]> {
    const query = `query Exists($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`;
    let body: { data?: { _entities?: ({ id: string } | null)[] }; errors?: { message: string }[] };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await this.headers(OWNER[type])) },
        body: JSON.stringify({
          query,
          variables: { r: ids.map((id) => ({ __typename: type, id })) },
        }),
        signal: AbortSignal.timeout(10_000),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw sourceUnavailable(OWNER[type], (error as Error).message);
    }
    const entities = body.data?._entities;
    // An entity the owner does not know is a null without an error; a null WITH an error is a
    // read that failed (its database down, say): unknown, not absent — never NOT_FOUND.
    if (!entities || body.errors?.length)
      throw sourceUnavailable(OWNER[type], body.errors?.[0]?.message ?? 'no data');
    return entities.map((e) => e?.id ?? null);
  }
}
