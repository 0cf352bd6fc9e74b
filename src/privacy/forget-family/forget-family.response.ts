import { ApiProperty } from '@nestjs/swagger';
import { INSTANT } from '../../shared/http/openapi';

export class ForgottenFamilyResponse {
  @ApiProperty({ type: String, format: 'uuid' }) familyId!: string;
  @ApiProperty({ enum: ['forgotten'] }) status!: 'forgotten';
  @ApiProperty(INSTANT) forgottenAt!: string;
  @ApiProperty({ type: Boolean, description: 'false when the family had been forgotten before (nothing new was done)' })
  erasedNow!: boolean;
  @ApiProperty({ type: Number }) students!: number;
  @ApiProperty({ type: Number }) enrollments!: number;
  @ApiProperty({ type: Number }) lessons!: number;
}
