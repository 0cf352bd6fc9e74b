import { Candidate, rankTeachers, score } from './teacher-matching';

const t = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  instruments: ['piano'],
  availability: { monday: [{ start: '15:00', end: '20:00' }] },
  currentStudents: 0,
  maxStudents: 10,
  registeredAt: new Date('2026-01-01T00:00:00Z'),
  ...over,
});
const prefs = { instrument: 'piano', preferredLessonDay: 'monday' as const, preferredLessonTime: 'evening' as const };

describe('teacher matching score', () => {
  it('adds 10 for the instrument, 5 for the day, 3 for the time of day, and up to 5 for a light load', () => {
    expect(score(t('a'), prefs)).toBe(10 + 5 + 3 + 5);
    expect(score(t('a', { currentStudents: 5 }), prefs)).toBe(10 + 5 + 3 + 2.5);
    expect(score(t('a'), { ...prefs, preferredLessonTime: 'morning' })).toBe(10 + 5 + 5);
    expect(score(t('a'), { ...prefs, preferredLessonDay: 'friday' })).toBe(10 + 5);
    expect(score(t('a'), { instrument: 'piano', preferredLessonDay: null, preferredLessonTime: null })).toBe(15);
  });

  it('excludes teachers of other instruments and teachers at capacity', () => {
    expect(score(t('a', { instruments: ['violin'] }), prefs)).toBeNull();
    expect(score(t('a', { currentStudents: 10 }), prefs)).toBeNull();
  });

  it('ranks by score, then fewer students, then earlier registration, then id', () => {
    const ranked = rankTeachers(
      [
        t('busy', { currentStudents: 8 }),
        t('friday', { availability: { friday: [{ start: '15:00', end: '20:00' }] } }),
        t('b-late', { registeredAt: new Date('2026-02-01T00:00:00Z') }),
        t('b-early'),
        t('a-early'),
        t('full', { currentStudents: 10 }),
      ],
      prefs,
    );
    expect(ranked.map((x) => x.id)).toEqual(['a-early', 'b-early', 'b-late', 'busy', 'friday']);
  });
});
