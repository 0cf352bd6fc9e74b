import { Body, Controller, Get, Header, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { Public } from '../../identity/auth/auth.decorators';
import { DomainError } from '../../shared/domain-error';
import { RateLimit } from '../../shared/http/rate-limit';
import { AnswerFamilyConfirmation, FamilyConfirmationView } from './answer-family-confirmation.handler';
import { GetFamilyConfirmation } from './family-confirmation.query';

export class ConfirmationLinkDto {
  @IsUUID() enrollment!: string;
  @IsString() @MaxLength(100) token!: string;
}
export class ConfirmationAnswerDto extends ConfirmationLinkDto {
  @IsIn(['confirm', 'decline']) answer!: 'confirm' | 'decline';
}

type Reply = { status(code: number): unknown };

/**
 * The page behind the emailed link. Opening it changes nothing (mail scanners open links too);
 * the family answers with one of its two buttons. Plain HTML forms: no script, same origin.
 */
@ApiExcludeController()
@Controller('enrollments/confirm')
export class ConfirmFamilyPage {
  constructor(
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get()
  @RateLimit('login')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async show(@Query() q: ConfirmationLinkDto, @Res({ passthrough: true }) res: Reply): Promise<string> {
    try {
      const view = await this.queries.execute<GetFamilyConfirmation, FamilyConfirmationView>(
        new GetFamilyConfirmation(q.enrollment, { token: q.token }),
      );
      return view.status === 'awaiting-family-confirmation' ? askPage(view, q) : answeredPage(view);
    } catch (err) {
      return failurePage(err, res);
    }
  }

  @Public()
  @Post()
  @HttpCode(200)
  @RateLimit('login')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async answer(@Body() body: ConfirmationAnswerDto, @Res({ passthrough: true }) res: Reply): Promise<string> {
    try {
      const view = await this.commands.execute(
        new AnswerFamilyConfirmation(body.enrollment, body.answer, { token: body.token }, this.contexts.create()),
      );
      return answeredPage(view);
    } catch (err) {
      return failurePage(err, res);
    }
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Cedar Heights Music Academy</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.5}
button{font:inherit;padding:.6rem 1.2rem;margin:.3rem .6rem .3rem 0;border-radius:.4rem;border:1px solid \
#555;cursor:pointer}
button.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
<p style="color:#555">Cedar Heights Music Academy</p></body></html>`;
}

function askPage(view: FamilyConfirmationView, link: ConfirmationLinkDto): string {
  const hidden = `<input type="hidden" name="enrollment" value="${escapeHtml(link.enrollment)}"><input \
type="hidden" name="token" value="${escapeHtml(link.token)}">`;
  const expires = view.expiresAt ? new Date(view.expiresAt).toUTCString() : '';
  return page(
    `Enroll ${view.studentFirstName} in ${view.instrument} lessons?`,
    `<p>Someone asked to enroll <strong>${escapeHtml(view.studentFirstName)}</strong> in \
${escapeHtml(view.instrument)} lessons using your family's email address.</p>
<p>If it was you or someone in your family, confirm it: we will add ${escapeHtml(view.studentFirstName)} to \
your family and book a first lesson. A card given with the request is added beside the one on file; your \
saved card stays the one we charge.</p>
<p>If not, tell us and nothing is created. Unanswered, the request expires on ${escapeHtml(expires)}.</p>
<form method="post" action="/enrollments/confirm">${hidden}
<button class="primary" type="submit" name="answer" value="confirm">Yes, enroll \
${escapeHtml(view.studentFirstName)}</button>
<button type="submit" name="answer" value="decline">This wasn't us</button></form>`,
  );
}

function answeredPage(view: FamilyConfirmationView): string {
  const name = escapeHtml(view.studentFirstName);
  switch (view.status) {
    case 'awaiting-family-confirmation':
      return page('Still waiting for your answer', `<p>Open the link from the email again to answer.</p>`);
    case 'declined':
      return page(
        'Thank you, nothing was created',
        `<p>The request to enroll ${name} was declined. Nothing changed for your family.</p>`,
      );
    case 'expired':
      return page(
        'This request has expired',
        `<p>The request to enroll ${name} was not confirmed in time. The enrollment form can be sent again.</p>`,
      );
    default:
      return page(
        `${view.studentFirstName} is being enrolled`,
        `<p>Thank you for confirming. We are adding ${name} to your family, assigning a \
${escapeHtml(view.instrument)} teacher and booking a first lesson; a welcome email follows with the details.</p>`,
      );
  }
}

function failurePage(err: unknown, res: Reply): string {
  if (!(err instanceof DomainError)) throw err;
  const status = err.kind === 'not_found' ? 404 : err.kind === 'conflict' ? 409 : err.kind === 'rejected' ? 422 : 400;
  res.status(status);
  const title =
    err.code === 'CONFIRMATION_EXPIRED'
      ? 'This request has expired'
      : status === 404
        ? 'This link is not valid'
        : 'This request was already answered';
  return page(title, `<p>${escapeHtml(err.message)}.</p>`);
}
