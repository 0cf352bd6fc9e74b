import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { ForgottenFamilyResponse } from './forget-family.response';
import { Roles } from '../../identity/auth/auth.decorators';
import { ForgetFamilyService } from './forget-family.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1/admin/families')
export class ForgetFamilyController {
  constructor(private readonly service: ForgetFamilyService) {}

  /** Erases a family (its parent account id): idempotent, a second call answers the same. */
  @Post(':id/forget')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ operationId: 'forgetFamily', summary: "Erase a family's personal data (idempotent)" })
  @ApiOkResponse({ description: 'forgotten: what was erased', type: ForgottenFamilyResponse })
  @ApiProblems(400, 401, 403, [404, 'no family with this id'], 409, 503)
  forget(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.service.forget(id);
  }
}
