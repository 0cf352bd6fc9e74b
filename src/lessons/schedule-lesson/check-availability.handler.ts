import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../shared/clock';
import { AvailabilityCheck, LessonBooking, LessonRequest } from './lesson-booking';

/** Whether a booking would fit now, without booking. */
export class CheckLessonAvailability implements IQuery {
  constructor(readonly request: LessonRequest) {}
}

@QueryHandler(CheckLessonAvailability)
export class CheckLessonAvailabilityHandler implements IQueryHandler<CheckLessonAvailability, AvailabilityCheck> {
  constructor(
    private readonly booking: LessonBooking,
    private readonly clock: Clock,
  ) {}

  async execute({ request }: CheckLessonAvailability): Promise<AvailabilityCheck> {
    const result = await this.booking.check(request, this.clock.now());
    // Which lessons fill a slot is the academy's business, not another family's.
    if (request.requestedBy === 'family') result.conflicts = result.conflicts.map(({ lessonId: _hidden, ...c }) => c);
    return result;
  }
}
