import { ApiProperty } from '@nestjs/swagger';

export class CreatedUserResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) email!: string;
  @ApiProperty({ enum: ['admin', 'auditor'] }) role!: 'admin' | 'auditor';
  @ApiProperty({ type: String }) displayName!: string;
}
