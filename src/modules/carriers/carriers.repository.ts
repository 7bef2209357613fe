import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Carrier, CarrierEvent, ZoneOutline } from './carrier.entity';
import { CarrierOutline } from './geojson.validator';

export interface CarrierListSql {
  where: string[];
  params: unknown[];
  orderBy: string;
  limit: number;
}

/** Data access for carriers, their history and the parks' outlines; writes join the caller's transaction. */
@Injectable()
export class CarriersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async insert(fields: Partial<Carrier>, manager: EntityManager): Promise<string> {
    const result = await manager.getRepository(Carrier).insert(fields);
    return (result.identifiers[0] as { id: string }).id;
  }

  /** A carrier by id; `forUpdate` locks its row for the rest of the transaction. */
  findById(id: string, manager?: EntityManager, forUpdate = false): Promise<Carrier | null> {
    return this.manager(manager)
      .getRepository(Carrier)
      .findOne({ where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findByCode(code: string, manager?: EntityManager): Promise<Carrier | null> {
    return this.manager(manager).getRepository(Carrier).findOneBy({ code });
  }

  /** Writes the changes and bumps the version, only if the version is still `expectedVersion`. */
  async updateVersioned(id: string, expectedVersion: number, changes: Partial<Carrier>, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .getRepository(Carrier)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version: expectedVersion })
      .execute();
    return result.affected === 1;
  }

  /** Selects a page of ids with the text of their sort key (for the next cursor), then the carriers in that order. */
  async list(sql: CarrierListSql, sortExpression: string): Promise<Array<{ carrier: Carrier; sortKey: string | null }>> {
    const params = [...sql.params, sql.limit];
    const rows: Array<{ id: string; sort_key: string | null }> = await this.dataSource.query(
      `SELECT c.id, (${sortExpression})::text AS sort_key FROM carriers c
       WHERE ${sql.where.length ? sql.where.join(' AND ') : 'true'}
       ORDER BY ${sql.orderBy} LIMIT $${params.length}`,
      params,
    );
    const carriers = await this.dataSource.getRepository(Carrier).findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(carriers.map((c) => [c.id, c]));
    return rows.flatMap((row) => {
      const carrier = byId.get(row.id);
      return carrier ? [{ carrier, sortKey: row.sort_key }] : [];
    });
  }

  /** Every carrier the filters match, in code order (the export and the plan). */
  async listAll(where: string[], params: unknown[]): Promise<Carrier[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT c.id FROM carriers c WHERE ${where.length ? where.join(' AND ') : 'true'} ORDER BY c.code`,
      params,
    );
    const carriers = await this.dataSource.getRepository(Carrier).findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(carriers.map((c) => [c.id, c]));
    return rows.flatMap((row) => byId.get(row.id) ?? []);
  }

  async appendEvent(event: Pick<CarrierEvent, 'carrierId' | 'kind' | 'actorId' | 'data'>, manager: EntityManager): Promise<void> {
    await manager.query(`INSERT INTO carrier_events (carrier_id, kind, actor_id, data) VALUES ($1, $2, $3, $4)`, [
      event.carrierId,
      event.kind,
      event.actorId,
      JSON.stringify(event.data),
    ]);
  }

  /** The carrier's newest events, newest first. */
  history(carrierId: string, limit: number): Promise<CarrierEvent[]> {
    return this.dataSource.getRepository(CarrierEvent).find({ where: { carrierId }, order: { at: 'DESC', id: 'DESC' }, take: limit });
  }

  parkOutlines(): Promise<ZoneOutline[]> {
    return this.dataSource.getRepository(ZoneOutline).find({ order: { zoneCode: 'ASC' } });
  }

  async saveParkOutline(zoneCode: string, outline: CarrierOutline, updatedBy: string | null, manager?: EntityManager): Promise<void> {
    await this.manager(manager).query(
      `INSERT INTO zone_outlines (zone_code, outline, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (zone_code) DO UPDATE SET outline = EXCLUDED.outline, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [zoneCode, JSON.stringify(outline), updatedBy],
    );
  }
}
