import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'] }) status!: 'ok' | 'unavailable';
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) eventStore!: 'up' | 'down';
  @ApiProperty({ type: String, description: 'which event store the app runs on', example: 'postgres' }) eventStoreAdapter!: string;
}

export class LiveResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}
