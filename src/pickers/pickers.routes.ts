import { Router } from 'express';
import type { AppContext } from '../app-context';
import { notFound } from '../web/errors';
import { queryString } from '../web/forms';
import { parseId } from '../web/records';
import { isPickerKind, searchRecords } from './pickers.service';

/** The type-ahead behind the record pickers: at most PICKER_LIMIT visible records, as JSON. */
export function pickersRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get('/:kind', async (req, res) => {
    const kind = req.params.kind;
    if (!isPickerKind(kind)) throw notFound('list');
    const results = await searchRecords(
      db,
      res.locals.scope,
      kind,
      queryString(req, 'q') ?? '',
      parseId(queryString(req, 'exclude', 10)) ?? undefined,
    );
    res.json({ results });
  });

  return router;
}
