import { Router } from 'express';
import type { AppContext } from '../app';

export function commitmentsRoutes(_ctx: AppContext): Router {
  const router = Router();
  return router;
}
