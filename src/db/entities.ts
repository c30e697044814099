import { Agreement, AgreementParty } from '../agreements/agreement.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { User } from '../auth/user.entity';
import { CalendarFeed } from '../calendar/calendar-feed.entity';
import { Commitment } from '../commitments/commitment.entity';
import { FollowUp } from '../commitments/follow-up.entity';
import { Meeting, MeetingParticipant } from '../meetings/meeting.entity';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation, NegotiationParty } from '../negotiations/negotiation.entity';
import { Note } from '../notes/note.entity';
import { Official, OfficialPosition } from '../officials/official.entity';
import { OutboxMail } from '../mail/outbox.entity';
import { FormSubmission } from '../web/form-submission.entity';
import { RateLimit } from '../web/rate-limit.entity';
import { AppSecret } from './app-secret.entity';
import { StoredSession } from './session.entity';

// Every table the migrations create, except TypeORM's own (migrations, typeorm_metadata):
// test/db/schema.test.ts fails when an entity and its table differ.
export const entities = [
  User,
  StoredSession,
  RateLimit,
  AppSecret,
  AuditEvent,
  Ministry,
  Official,
  OfficialPosition,
  Negotiation,
  NegotiationParty,
  Meeting,
  MeetingParticipant,
  Note,
  Agreement,
  AgreementParty,
  Commitment,
  FollowUp,
  FormSubmission,
  CalendarFeed,
  OutboxMail,
];
