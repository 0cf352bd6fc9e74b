import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../user.events';

export class SignedInUserResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, example: 'admin@cedarheights.local' }) email!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: (typeof ROLES)[number];
}

/** What a sign-in, a refresh and a password change answer. */
export class SessionTokensResponse {
  @ApiProperty({ type: String, description: 'send as `Authorization: Bearer <accessToken>`' }) accessToken!: string;
  @ApiProperty({ type: String, description: 'for POST /api/v1/auth/refresh (used up by it) and /logout' })
  refreshToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ type: Number, description: 'seconds the access token is valid for', example: 900 }) expiresIn!: number;
  @ApiProperty({ type: Number, description: 'seconds the refresh token is valid for' }) refreshExpiresIn!: number;
  @ApiProperty({ type: SignedInUserResponse }) user!: SignedInUserResponse;
}

export class MeResponse {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String }) email!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: (typeof ROLES)[number];
  @ApiProperty({ type: String }) displayName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "a teacher's own teacher record" })
  teacherId!: string | null;
}

export class MessageResponse {
  @ApiProperty({ type: String }) message!: string;
}

export class OkResponse {
  @ApiProperty({ enum: [true], type: Boolean }) ok!: true;
}
