import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error answer (ProblemFilter): for OpenAPI. Some add details of their own. */
export class ProblemResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict' })
  error!: string;

  @ApiProperty({ description: 'a plain sentence; a list of them for invalid input', oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message!: string | string[];

  @ApiPropertyOptional({ description: 'a stable code for programs, e.g. LESSONS_OUTSIDE_NEW_AVAILABILITY' })
  code?: string;
}
