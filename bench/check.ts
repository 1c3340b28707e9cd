import type { SubgraphName } from '../subgraphs/kit/config';
import type { Ids } from '../tools/demo/population';
import { compareAnswers, NORMALISATION, type Answer, type Difference } from './compare';
import { Direct } from './direct';
import { requestHeaders } from './headers';
import { apiSchema, referenceAnswer } from './reference';
import { requestSource, type GraphQLRequest, type WorkloadName } from './workloads';

/**
 * The answer check: before a system is timed on a workload, its answers to a sample of that
 * workload's requests must equal the direct baseline's. A system that answers differently is
 * reported WRONG, with its first difference, and not measured on that workload.
 */

/** Requests per workload in the sample: the first ones the timed runs send (seed 1). */
export const SAMPLE_SIZE = 20;

interface Sample {
  workload: WorkloadName;
  requests: GraphQLRequest[];
  expected: Answer[];
}

export interface AnswerCheck {
  workload: WorkloadName;
  /** `reference` for the direct baseline itself. */
  verdict: 'correct' | 'WRONG' | 'reference';
  requests: number;
  wrong: number;
  /** The first wrong answer: its variables and first difference. */
  example?: { variables: Record<string, unknown>; difference: Difference };
}

/**
 * The sample of each workload and the direct baseline's answers to it (writes included: the
 * baseline performs them, on the write mix's own workers, like the timed runs).
 */
export async function referenceSamples(
  urls: Record<SubgraphName, string>,
  ids: Ids,
  totalWorkers: number,
  workloads: WorkloadName[],
  size = SAMPLE_SIZE,
): Promise<Sample[]> {
  const direct = await Direct.open(urls);
  const schema = apiSchema();
  try {
    const samples: Sample[] = [];
    for (const workload of workloads) {
      const next = requestSource(workload, ids, totalWorkers, 1);
      const requests = Array.from({ length: size }, next);
      const expected: Answer[] = [];
      for (const request of requests) {
        const answer = (await referenceAnswer(direct, schema, request)) as Answer;
        if (answer.errors?.length)
          throw new Error(
            `the direct baseline cannot answer ${workload} ${JSON.stringify(request.variables)}: ${answer.errors[0].message}`,
          );
        expected.push(answer);
      }
      samples.push({ workload, requests, expected });
    }
    return samples;
  } finally {
    await direct.close();
  }
}

async function ask(url: string, request: GraphQLRequest): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: requestHeaders(),
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    try {
      const answer = JSON.parse(text) as Answer;
      if (res.status === 200 || answer.errors?.length) return answer;
    } catch {
      // not JSON: reported below
    }
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
  } catch (error) {
    return { errors: [{ message: (error as Error).message }] };
  }
}

/** Sends a system every sampled request, one at a time, and compares each answer. */
export async function checkAnswers(url: string, samples: Sample[]): Promise<AnswerCheck[]> {
  const out: AnswerCheck[] = [];
  for (const s of samples) {
    const check: AnswerCheck = {
      workload: s.workload,
      verdict: 'correct',
      requests: s.requests.length,
      wrong: 0,
    };
    for (let k = 0; k < s.requests.length; k++) {
      const difference = compareAnswers(
        s.expected[k],
        await ask(url, s.requests[k]),
        NORMALISATION[s.workload],
      );
      if (!difference) continue;
      check.verdict = 'WRONG';
      check.wrong += 1;
      check.example ??= { variables: s.requests[k].variables, difference };
    }
    out.push(check);
  }
  return out;
}

/** The direct baseline's own line in the report: it is the reference. */
export function referenceChecks(samples: Sample[]): AnswerCheck[] {
  return samples.map((s) => ({
    workload: s.workload,
    verdict: 'reference',
    requests: s.requests.length,
    wrong: 0,
  }));
}
