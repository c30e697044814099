import {
  allowedTransitions,
  canTransition,
  CLOSED_STATUSES,
  direction,
  isOpen,
  isOverdue,
  isQuiet,
  OPEN_STATUSES,
  STATUSES,
  today,
} from '../../src/commitments/commitment-status';

describe('commitment statuses', () => {
  it('counts open, in progress and stalled as open, and the rest as closed', () => {
    for (const s of OPEN_STATUSES) expect(isOpen(s)).toBe(true);
    for (const s of CLOSED_STATUSES) expect(isOpen(s)).toBe(false);
    expect(isOpen('nonsense')).toBe(false);
  });

  it('lets an open commitment move to any status, including the same one as a progress note', () => {
    for (const from of OPEN_STATUSES) for (const to of STATUSES) expect(canTransition(from, to)).toBe(true);
  });

  it('lets a closed commitment only be reopened or noted, never moved to another closed status', () => {
    expect(allowedTransitions('fulfilled')).toEqual(['fulfilled', 'open', 'in_progress']);
    expect(canTransition('broken', 'in_progress')).toBe(true);
    expect(canTransition('withdrawn', 'open')).toBe(true);
    expect(canTransition('superseded', 'superseded')).toBe(true);
    expect(canTransition('fulfilled', 'broken')).toBe(false);
    expect(canTransition('broken', 'stalled')).toBe(false);
    expect(canTransition('partially_fulfilled', 'fulfilled')).toBe(false);
  });

  it('refuses unknown statuses on either side', () => {
    expect(canTransition('open', 'done')).toBe(false);
    expect(canTransition('done', 'open')).toBe(false);
  });
});

describe('overdue and quiet', () => {
  const base = { status: 'open', madeOn: '2015-10-21', dueOn: '2015-11-01', lastFollowUpOn: null };

  it('is overdue when open and due before today, not on the due day itself', () => {
    expect(isOverdue(base, '2015-11-02')).toBe(true);
    expect(isOverdue(base, '2015-11-01')).toBe(false);
    expect(isOverdue({ ...base, dueOn: null }, '2030-01-01')).toBe(false);
    expect(isOverdue({ ...base, status: 'fulfilled' }, '2030-01-01')).toBe(false);
    expect(isOverdue({ ...base, status: 'stalled' }, '2030-01-01')).toBe(true);
  });

  it('is quiet after 30 days without a follow-up, counting from the last one or else from the day it was made', () => {
    expect(isQuiet(base, '2015-11-19')).toBe(false);
    expect(isQuiet(base, '2015-11-20')).toBe(true);
    expect(isQuiet({ ...base, lastFollowUpOn: '2015-11-10' }, '2015-11-20')).toBe(false);
    expect(isQuiet({ ...base, lastFollowUpOn: '2015-11-10' }, '2015-12-10')).toBe(true);
    expect(isQuiet({ ...base, status: 'broken' }, '2016-06-01')).toBe(false);
  });

  it("gives today as YYYY-MM-DD in the app's time zone, not the server's", () => {
    expect(today('Europe/Oslo', new Date('2016-01-27T12:00:00Z'))).toBe('2016-01-27');
    // 23:30 UTC on the 27th is already the 28th in Oslo, and still the 27th in New York.
    expect(today('Europe/Oslo', new Date('2016-01-27T23:30:00Z'))).toBe('2016-01-28');
    expect(today('America/New_York', new Date('2016-01-28T03:00:00Z'))).toBe('2016-01-27');
  });
});

describe('direction', () => {
  it('is ours when the party is of the home country, theirs otherwise', () => {
    expect(direction('NO')).toBe('ours');
    expect(direction('RU')).toBe('theirs');
    expect(direction('RU', 'ru')).toBe('ours');
    expect(direction('NO', 'FI')).toBe('theirs');
  });
});
