import { Inject } from '@nestjs/common';
import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandExecutor } from '../../cqrs/command-executor';
import { ConfirmationProof, FamilyConfirmationView, heldEnrollment } from './answer-family-confirmation.handler';

/**
 * What a family is asked to confirm, for the emailed link's token or the family's signed-in
 * parent; anyone else gets the same 404 as for no such enrollment. Read from the enrollment's
 * stream, so the answer is the one the confirmation itself would decide on.
 */
export class GetFamilyConfirmation implements IQuery {
  constructor(
    readonly enrollmentId: string,
    readonly proof: ConfirmationProof,
  ) {}
}

@QueryHandler(GetFamilyConfirmation)
export class GetFamilyConfirmationHandler implements IQueryHandler<GetFamilyConfirmation, FamilyConfirmationView> {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ enrollmentId, proof }: GetFamilyConfirmation): Promise<FamilyConfirmationView> {
    return (await heldEnrollment(this.executor, this.config.jwtSecret, enrollmentId, proof)).view;
  }
}
