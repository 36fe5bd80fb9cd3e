import { describe, expect, it } from 'vitest';
import { configureSmsTables, smsqLogTable, smsqSendTable, allSmsTables } from './mysql.js';

describe('QTmsg table guard', () => {
  configureSmsTables(['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_10']);

  it('names configured tables by name or agent number', () => {
    expect(smsqSendTable('SMSQ_SEND_2')).toBe('SMSQ_SEND_2');
    expect(smsqSendTable(10)).toBe('SMSQ_SEND_10');
    expect(smsqLogTable(1, '202611')).toBe('SMSQ_SEND_1_202611');
    expect(allSmsTables()).toEqual(['SMSQ_SEND_1', 'SMSQ_SEND_2', 'SMSQ_SEND_10']);
  });

  it.each([
    'SMSQ_SEND_1; DROP TABLE x',
    'SMSQ_SEND_3',
    'SMSQ_SEND',
    'smsq_send_1',
    'SMSQ_SEND_1`',
    '`SMSQ_SEND_1`',
    'SMSQ_SEND_1 ',
    '',
  ])('refuses %j', (name) => {
    expect(() => smsqSendTable(name)).toThrow(/not configured/);
  });

  it('refuses unconfigured agent numbers and bad log months', () => {
    expect(() => smsqSendTable(3)).toThrow(/not configured/);
    expect(() => smsqLogTable('SMSQ_SEND_1', '202613')).toThrow(/invalid log month/);
    expect(() => smsqLogTable('SMSQ_SEND_1', '2026111; DROP')).toThrow(/invalid log month/);
    expect(() => smsqLogTable('SMSQ_SEND_9', '202611')).toThrow(/not configured/);
  });
});
