import { User } from '../auth/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Ministry } from '../ministries/ministry.entity';
import { Official, OfficialPosition } from '../officials/official.entity';
import { Note } from '../notes/note.entity';
import { Agreement } from '../agreements/agreement.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { Meeting } from '../meetings/meeting.entity';
import { Commitment } from '../commitments/commitment.entity';
import { FollowUp } from '../commitments/follow-up.entity';

export const entities = [User, AuditEvent, Ministry, Official, OfficialPosition, Note, Agreement, Negotiation, Meeting, Commitment, FollowUp];
