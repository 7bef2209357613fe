import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, databaseUrlOf } from '../config/app.config';
import { buildDataSourceOptions } from './typeorm-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => buildDataSourceOptions({ url: databaseUrlOf(config), poolSize: config.dbPoolSize }),
    }),
  ],
})
export class DatabaseModule {}
