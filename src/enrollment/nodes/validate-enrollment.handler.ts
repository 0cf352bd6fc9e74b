import { EntityManager } from '@mikro-orm/postgresql';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DateTime } from 'luxon';
import { TeacherRow } from '../../../projections/teachers/teacher.entity';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandExecutor } from '../../cqrs/command-executor';
import { enrollmentDecider } from '../enrollment.decider';
import { enrollmentStream } from '../enrollment.events';
import { ValidateEnrollment, enrollmentOf } from './node-commands';
import { selectRows } from '../../database/select-rows';

@CommandHandler(ValidateEnrollment)
export class ValidateEnrollmentHandler implements ICommandHandler<ValidateEnrollment> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly em: EntityManager,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ enrollmentId, context, trigger }: ValidateEnrollment) {
    const e = await enrollmentOf(this.executor, enrollmentId, trigger);
    const teachers = await selectRows(this.em, TeacherRow, 'active AND instruments @> ?::text[]', [
      [e.application.instrument],
    ]);
    const withRoom = teachers.filter((t) => t.currentStudents < t.maxStudents).length;
    // The age counts on the academy's calendar day.
    const today = DateTime.fromISO(context.issuedAt, { zone: this.config.academyTimezone }).toISODate()!;
    await this.executor.execute(
      enrollmentStream(enrollmentId),
      enrollmentDecider,
      { type: 'ValidateEnrollment', enrollmentId, at: today, teachersWithRoom: withRoom },
      context,
    );
  }
}
