import { describeSchedule, parseJobSchedule, scheduleEnvName } from './job-schedule';

describe('job schedules', () => {
  it('reads intervals, cron expressions and off', () => {
    expect(parseJobSchedule('5m')).toEqual({ kind: 'interval', ms: 300_000 });
    expect(parseJobSchedule('90s')).toEqual({ kind: 'interval', ms: 90_000 });
    expect(parseJobSchedule('1h')).toEqual({ kind: 'interval', ms: 3_600_000 });
    expect(parseJobSchedule('250ms')).toEqual({ kind: 'interval', ms: 250 });
    expect(parseJobSchedule('0 3 * * *')).toEqual({ kind: 'cron', expression: '0 3 * * *' });
    expect(parseJobSchedule('*/30 * * * * *')).toEqual({ kind: 'cron', expression: '*/30 * * * * *' });
    expect(parseJobSchedule('OFF')).toEqual({ kind: 'off' });
  });

  it('refuses what it cannot run', () => {
    for (const bad of ['', 'soon', '5 minutes', '0ms', '99ms', '30d', '61 * * * *', '* * *', '1 2 3 4 5 6 7']) {
      expect(() => parseJobSchedule(bad)).toThrow();
    }
  });

  it('names the variable after the job, and describes a schedule', () => {
    expect(scheduleEnvName('lesson-reminders')).toBe('JOB_LESSON_REMINDERS_SCHEDULE');
    expect(scheduleEnvName('makeup-credit-expiry')).toBe('JOB_MAKEUP_CREDIT_EXPIRY_SCHEDULE');
    expect(describeSchedule(parseJobSchedule('5m'))).toBe('every 300000 ms');
    expect(describeSchedule(parseJobSchedule('0 3 * * *'))).toBe('cron "0 3 * * *"');
  });
});
