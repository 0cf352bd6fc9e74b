import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../identity/auth/auth.decorators';
import { ForgetFamilyService } from './forget-family.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/families')
export class ForgetFamilyController {
  constructor(private readonly service: ForgetFamilyService) {}

  /** Erases a family (its parent account id): idempotent, a second call answers the same. */
  @Post(':id/forget')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: '{familyId, status: forgotten, forgottenAt, erasedNow, students, enrollments, lessons}' })
  @ApiNotFoundResponse({ description: 'no family with this id' })
  forget(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.service.forget(id);
  }
}
