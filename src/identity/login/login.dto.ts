import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../shared/http/validators';

export class LoginDto {
  @ApiProperty({ example: 'admin@cedarheights.local' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
