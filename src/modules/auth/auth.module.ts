import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.jwt.secret)
          throw new Error('No JWT secret: main.ts resolves it (JWT_SECRET or the zero-setup secret file) before building the app');
        return {
          // a KeyObject, built once: given a string, jsonwebtoken tries it as a public key on every verify (7% of CPU under load)
          secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')),
          signOptions: { algorithm: 'HS256', expiresIn: config.jwt.expiresInSeconds },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginRateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
