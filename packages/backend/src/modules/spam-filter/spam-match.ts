/**
 * Which running test a phone's report belongs to (SPEC § E): candidates are the running tests whose
 * callback is the report's sender number; the content decides, compared without whitespace (the
 * handset may re-wrap lines). A handset prefix such as `[Web발신]` is tolerated (the report contains
 * the sent text). A report whose content matches no candidate, or matches tests of two companies
 * equally well, is not matched — it is never attributed to another company's test by guess.
 */

export interface MatchCandidate {
  companyId: string;
  testId: string;
  smsText: string | null;
  lmsSubject: string | null;
  lmsText: string | null;
}

export interface ReportMatch {
  companyId: string;
  testId: string;
  messageType: 'S' | 'L';
}

const strip = (s: string): string => s.replace(/\s+/g, '');

function contentScore(report: string, expected: string | null): number {
  if (expected === null) return 0;
  const want = strip(expected);
  if (want === '') return 0;
  if (report === want) return 3;
  return report.includes(want) ? 2 : 0;
}

export function matchReport(candidates: readonly MatchCandidate[], content: string, reportedType: 'S' | 'L' | 'M'): ReportMatch | null {
  const report = strip(content);
  const typeHint = reportedType === 'S' ? 'S' : 'L';
  let best: { match: ReportMatch; score: number } | null = null;
  let tiedWithOtherTest = false;
  for (const c of candidates) {
    const options: Array<[ReportMatch['messageType'], number]> = [
      ['S', contentScore(report, c.smsText)],
      ['L', Math.max(contentScore(report, c.lmsText), contentScore(report, c.lmsText === null ? null : `${c.lmsSubject ?? ''}${c.lmsText}`))],
    ];
    for (const [type, raw] of options) {
      if (raw < 2) continue;
      // the reported type only breaks ties between the SMS and LMS of the same test
      const score = raw + (type === typeHint ? 0.5 : 0);
      if (best === null || score > best.score) {
        tiedWithOtherTest = false;
        best = { match: { companyId: c.companyId, testId: c.testId, messageType: type }, score };
      } else if (score === best.score && best.match.testId !== c.testId) {
        tiedWithOtherTest = true;
      }
    }
  }
  return best && !tiedWithOtherTest ? best.match : null;
}
