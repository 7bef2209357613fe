import { Injectable } from '@nestjs/common';
import { User } from './user.entity';

const TTL_MS = 5_000;

/**
 * Authenticated requests look the caller up on every call (so deactivation and role changes apply at
 * once); a few seconds of per-process caching keeps that lookup off the hot path. Changes made in this
 * process invalidate immediately; other replicas see them within TTL_MS.
 */
@Injectable()
export class UserCache {
  private readonly entries = new Map<string, { user: User; expiresAt: number }>();

  get(id: string): User | undefined {
    const entry = this.entries.get(id);
    if (!entry || entry.expiresAt < Date.now()) return undefined;
    return entry.user;
  }

  set(user: User): void {
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(user.id, { user, expiresAt: Date.now() + TTL_MS });
  }

  invalidate(id: string): void {
    this.entries.delete(id);
  }
}
