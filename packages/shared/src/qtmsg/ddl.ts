import { quoteIdent } from './tables.js';

/**
 * DDL of a QTmsg queue table (vendor contract, see product/QTMSG.md §1). Log tables are created
 * `LIKE` the queue table so their columns can never drift. `idx_app_etc1` is ours: the agent
 * ignores extra indexes, and every result read filters by run id (`app_etc1`) and batch tag.
 */
export function queueTableDdl(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (
  seqno INT NOT NULL AUTO_INCREMENT,
  dest_no VARCHAR(20) NULL,
  call_back VARCHAR(20) NULL,
  msg_contents MEDIUMTEXT NULL,
  msg_instm DATETIME DEFAULT CURRENT_TIMESTAMP,
  sendreq_time DATETIME DEFAULT CURRENT_TIMESTAMP,
  mobsend_time DATETIME NULL,
  repmsg_recvtm DATETIME NULL,
  status_code INT DEFAULT 100,
  mob_company VARCHAR(10) NULL,
  title_str VARCHAR(200) NULL,
  msg_type VARCHAR(10) DEFAULT 'S',
  rsv1 VARCHAR(10) DEFAULT '1',
  sender_code VARCHAR(9) DEFAULT '',
  bill_id VARCHAR(40) DEFAULT '',
  file_name1 VARCHAR(120) DEFAULT '',
  file_name2 VARCHAR(120) DEFAULT '',
  file_name3 VARCHAR(120) DEFAULT '',
  file_name4 VARCHAR(120) DEFAULT '',
  file_name5 VARCHAR(120) DEFAULT '',
  k_template_code VARCHAR(30) DEFAULT '',
  k_next_type VARCHAR(1) DEFAULT 'N',
  k_next_contents TEXT NULL,
  k_button_json VARCHAR(1024) DEFAULT '',
  k_etc_json VARCHAR(1024) DEFAULT '',
  k_oriseq VARCHAR(20) DEFAULT '',
  k_resyes VARCHAR(1) DEFAULT 'N',
  app_etc1 VARCHAR(50) NULL,
  app_etc2 VARCHAR(50) NULL,
  PRIMARY KEY (seqno),
  KEY idx_app_etc1 (app_etc1, app_etc2)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`;
}

export function logTableDdl(logTable: string, queueTable: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(logTable)} LIKE ${quoteIdent(queueTable)}`;
}

/** `YYYYMM` of a date's calendar month plus `offset` months (UTC fields of the given Date). */
export function yyyymmOf(date: Date, offset = 0): string {
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + offset;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${year}${String(month).padStart(2, '0')}`;
}
