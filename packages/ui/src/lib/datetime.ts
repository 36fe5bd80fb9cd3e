const KST_DATE_TIME = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** Every instant shown in the UI is Korea time, whatever the browser's zone. */
export function formatKst(instant: Date | number): string {
  return KST_DATE_TIME.format(instant);
}
