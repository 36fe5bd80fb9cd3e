import type { ColumnType } from 'kysely';

/** Column shapes shared by the table interfaces. Numeric and bigint come back as strings; `date` as `YYYY-MM-DD`. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default (`now()`): optional on insert. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Numeric = ColumnType<string, string | number | undefined, string | number>;
export type PlainDate = ColumnType<string, string, string>;
export type Json = ColumnType<unknown, string | undefined, string>;
export type BigCount = ColumnType<string, string | number | undefined, string | number>;
