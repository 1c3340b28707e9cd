import { loadMonitorConfig } from '../../subgraphs/monitor/config';
import {
  clockOf,
  jobCause,
  parseJobCause,
  reviewRunAt,
  startOfTokyoDay,
} from '../../subgraphs/monitor/calendar';

describe("the monitor's pipeline settings", () => {
  const env = { NODE_ENV: 'test', AUTH_SECRET: 'x'.repeat(32) };

  it('reads each registry where the gateway does, its port by default', () => {
    const config = loadMonitorConfig({ ...env, TAX_URL: 'http://tax.internal:9000/graphql' });
    expect(config.registryUrls).toEqual({
      residence: 'http://127.0.0.1:4001/graphql',
      employment: 'http://127.0.0.1:4002/graphql',
      insurance: 'http://127.0.0.1:4003/graphql',
      tax: 'http://tax.internal:9000/graphql',
      municipality: 'http://127.0.0.1:4006/graphql',
    });
    expect(config.followIntervalMs).toBe(1000);
    expect(config.today).toBeNull();
  });

  it('takes MONITOR_TODAY as the evaluation date and refuses one that is not a date', () => {
    const config = loadMonitorConfig({ ...env, MONITOR_TODAY: '2027-03-31' });
    expect(clockOf(config.today)()).toBe('2027-03-31');
    expect(() => loadMonitorConfig({ ...env, MONITOR_TODAY: 'tomorrow' })).toThrow(/MONITOR_TODAY/);
    expect(() => loadMonitorConfig({ ...env, MONITOR_FOLLOW_INTERVAL_MS: '0' })).toThrow(
      /MONITOR_FOLLOW_INTERVAL_MS/,
    );
  });

  it('schedules a review at midnight in Asia/Tokyo, 15:00 UTC the day before', () => {
    expect(startOfTokyoDay('2027-01-01').toISOString()).toBe('2026-12-31T15:00:00.000Z');
    expect(reviewRunAt('2027-01-01', '2026-12-31')).toEqual(startOfTokyoDay('2027-01-01'));
  });

  it("runs a review at once when the monitor's clock has reached its day", () => {
    // A batch evaluated as of 12-24 and stored once the clock reads 2027-01-07: its review of
    // 01-02 is due now, whatever the queue's real time (the calendar took 01-07's reviews before).
    expect(reviewRunAt('2027-01-02', '2027-01-07')).toBeUndefined();
    expect(reviewRunAt('2027-01-07', '2027-01-07')).toBeUndefined();
  });

  it("carries a job's cause and source in one field", () => {
    expect(parseJobCause(jobCause('DATA_CHANGE', 'TAX'))).toEqual({
      cause: 'DATA_CHANGE',
      source: 'TAX',
    });
    expect(parseJobCause(jobCause('CALENDAR'))).toEqual({ cause: 'CALENDAR', source: null });
  });
});
