import { Global, Module } from '@nestjs/common';
import { TeamsController } from '../teams/teams.controller';
import { TeamsRepository } from '../teams/teams.repository';
import { TeamsService } from '../teams/teams.service';
import { UserCache } from './user-cache';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users and teams: who works here, in which team, with which roles. */
@Global()
@Module({
  controllers: [UsersController, TeamsController],
  providers: [UsersRepository, UsersService, UserCache, TeamsRepository, TeamsService],
  exports: [UsersRepository, UsersService, UserCache, TeamsRepository],
})
export class UsersModule {}
