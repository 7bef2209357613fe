import { Module } from '@nestjs/common';
import { MetaController } from './meta.controller';
import { MetaService } from './meta.service';

/** GET /meta: the declared models (lead fields, stages, enums) as the console reads them. */
@Module({ controllers: [MetaController], providers: [MetaService] })
export class MetaModule {}
