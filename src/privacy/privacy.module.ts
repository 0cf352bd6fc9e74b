import { Module } from '@nestjs/common';
import { ForgetFamilyController } from './forget-family/forget-family.controller';
import { ForgetFamilyService } from './forget-family/forget-family.service';

/** Families' personal data: encrypted in the log (see EncryptingEventStore), erased on request. */
@Module({
  controllers: [ForgetFamilyController],
  providers: [ForgetFamilyService],
})
export class PrivacyModule {}
