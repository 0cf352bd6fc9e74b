import type { Upcaster } from '../event-store/upcasting';

/**
 * TeacherRegistered v1 → v2: `maxStudents` became `seats`, the word the seat events
 * (TeacherSeatTaken, TeacherSeatReleased) use for what it counts.
 */
export const teacherRegisteredV1toV2: Upcaster = {
  type: 'TeacherRegistered',
  fromVersion: 1,
  upcast(data) {
    const { maxStudents, ...rest } = data as { maxStudents: number } & Record<string, unknown>;
    return { ...rest, seats: maxStudents };
  },
};
