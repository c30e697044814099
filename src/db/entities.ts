import { User } from '../auth/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Ministry } from '../ministries/ministry.entity';
import { Official, OfficialPosition } from '../officials/official.entity';

export const entities = [User, AuditEvent, Ministry, Official, OfficialPosition];
