import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { LessonRow } from '../../../projections/lessons/lesson.entity';
import { StudentRow } from '../../../projections/students/student.entity';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { isEvent } from '../../event-store/stored-event';
import { Clock } from '../../shared/clock';
import { notFound } from '../../shared/domain-error';
import { TeacherDeactivated, teacherStream } from '../teacher.events';

export interface HandoverLesson {
  lessonId: string;
  startsAt: string;
  endsAt: string;
  studentId: string;
  studentName: string;
  seriesId: string | null;
}

export interface HandoverStudent {
  studentId: string;
  studentName: string;
  /** null: waiting for a teacher of the instrument with room */
  teacherId: string | null;
}

export interface TeacherHandover {
  teacherId: string;
  active: boolean;
  /** the teacher's lessons still to come, for the office to let go ahead, reassign or cancel */
  futureLessons: HandoverLesson[];
  /** the students the teacher had when deactivated, and who teaches them now */
  students: HandoverStudent[];
}

/** What the office has to settle when a teacher leaves (admins only). */
export class GetTeacherHandover {
  constructor(readonly teacherId: string) {}
}

@QueryHandler(GetTeacherHandover)
export class GetTeacherHandoverHandler implements IQueryHandler<GetTeacherHandover, TeacherHandover> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ teacherId }: GetTeacherHandover): Promise<TeacherHandover> {
    const em = this.em.fork();
    const teacher = await em.findOne(TeacherRow, { id: teacherId });
    if (!teacher) throw notFound('TEACHER_NOT_FOUND', `no teacher ${teacherId}`);
    const lessons = await em.find(
      LessonRow,
      { teacherId, status: 'scheduled', startsAt: { $gt: this.clock.now() } },
      { orderBy: { startsAt: 'asc', id: 'asc' }, limit: 1000 },
    );
    const [departure] = teacher.active
      ? []
      : (await this.store.readStream(teacherStream(teacherId), { direction: 'backwards', limit: 50 })).filter(
          isEvent<TeacherDeactivated>('TeacherDeactivated'),
        );
    const formerIds = departure ? departure.data.students : [];
    const students = await em.find(StudentRow, {
      id: { $in: [...new Set([...formerIds, ...lessons.map((l) => l.studentId)])] },
    });
    const byId = new Map(students.map((s) => [s.id, s]));
    const name = (id: string) => {
      const s = byId.get(id);
      return s ? `${s.firstName} ${s.lastName}` : '';
    };
    return {
      teacherId,
      active: teacher.active,
      futureLessons: lessons.map((l) => ({
        lessonId: l.id,
        startsAt: l.startsAt.toISOString(),
        endsAt: l.endsAt.toISOString(),
        studentId: l.studentId,
        studentName: name(l.studentId),
        seriesId: l.seriesId,
      })),
      students: formerIds.map((id) => ({
        studentId: id,
        studentName: name(id),
        teacherId: byId.get(id)?.teacherId ?? null,
      })),
    };
  }
}
