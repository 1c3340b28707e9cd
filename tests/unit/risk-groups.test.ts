/** riskOverview's pages of groups (subgraphs/monitor/views/groups.ts). */
import type { GraphQLError } from 'graphql';
import {
  DEFAULT_GROUPS,
  groupPage,
  MAX_GROUPS,
  pageOf,
  type GroupPosition,
} from '../../subgraphs/monitor/views/groups';
import { encodeCursor } from '../../subgraphs/monitor/views/page';

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as GraphQLError).extensions;
  }
  return null;
};

describe('groupPage', () => {
  it('defaults to 100 groups and accepts 1 to 1000', () => {
    expect(groupPage({})).toEqual({ size: DEFAULT_GROUPS, from: null });
    expect(groupPage({ groupsFirst: 1 }).size).toBe(1);
    expect(groupPage({ groupsFirst: MAX_GROUPS }).size).toBe(MAX_GROUPS);
  });

  it('refuses a size out of bounds and a cursor not its own, naming the argument', () => {
    for (const groupsFirst of [0, -1, MAX_GROUPS + 1, 2.5])
      expect(refused(() => groupPage({ groupsFirst }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'groupsFirst',
      });
    for (const groupsAfter of [
      'nope',
      encodeCursor(['a', 1]),
      encodeCursor([1]),
      encodeCursor([-1, 'k']),
    ])
      expect(refused(() => groupPage({ groupsAfter }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'groupsAfter',
      });
  });

  it('reads back the cursor of a page', () => {
    expect(groupPage({ groupsAfter: encodeCursor([12, 'VN']) }).from).toEqual([12, 'VN']);
  });
});

describe('pageOf', () => {
  const all: { group: string; position: GroupPosition }[] = [
    ['c', 5],
    ['a', 9],
    ['b', 5],
    ['d', 1],
    ['e', 9],
  ].map(([key, n]) => ({ group: key as string, position: [n as number, key as string] }));

  it('orders by workers descending then key, and pages through every group once', () => {
    const seen: string[] = [];
    let from: GroupPosition | null = null;
    for (;;) {
      const page: ReturnType<typeof pageOf<string>> = pageOf(all, { size: 2, from });
      expect(page.groupCount).toBe(5);
      seen.push(...page.groups);
      if (!page.groupsPageInfo.hasNextPage) break;
      from = groupPage({ groupsAfter: page.groupsPageInfo.endCursor }).from;
    }
    expect(seen).toEqual(['a', 'e', 'b', 'c', 'd']);
  });

  it('answers an empty page after the last group', () => {
    const page = pageOf(all, { size: 10, from: [1, 'd'] });
    expect(page).toEqual({
      groups: [],
      groupCount: 5,
      groupsPageInfo: { hasNextPage: false, endCursor: null },
    });
  });
});
