import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { CreditController } from './credit.controller';
import { CreditService } from './credit.service';

/** 首引人积分 (DESIGN §11). */
@Module({
  imports: [UsersModule],
  controllers: [CreditController],
  providers: [CreditService],
})
export class CreditModule {}
