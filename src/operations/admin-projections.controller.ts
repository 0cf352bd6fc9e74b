import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/auth/auth.decorators';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/projections')
export class AdminProjectionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({
    description:
      'Every projection and saga: checkpoint, status, lag, parked events, last error, and activeIn: the instance running it (`instance` is the one answering)',
  })
  async list() {
    return { instance: this.subscriptions.instance, items: await this.subscriptions.statuses() };
  }

  @Get('parked')
  @Roles('admin')
  @ApiOkResponse({ description: 'Events a projection or saga gave up on, with the error' })
  async parked(@Query('name') name?: string) {
    return { items: await this.subscriptions.parked(name) };
  }

  @Post(':name/rebuild')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'Replayed from position 0: events and events/s' })
  rebuild(@Param('name') name: string) {
    return this.subscriptions.rebuild(name);
  }
}
