// The whole API: one router per domain, merged here. `AppRouter` is what clients import for types.
import { artistsRouter } from '../domains/artists/router';
import { authRouter } from '../domains/auth/router';
import { healthRouter } from '../domains/health/router';
import { paymentsRouter } from '../domains/payments/router';
import { profileRouter } from '../domains/profile/router';
import { stylesRouter } from '../domains/styles/router';
import { tokensRouter } from '../domains/tokens/router';
import { trainingRouter } from '../domains/training/router';
import { generationRouter } from '../domains/generation/router';
import { licensesRouter } from '../domains/licenses/router';
import { notificationsRouter } from '../domains/notifications/router';
import { commentsRouter } from '../domains/comments/router';
import { followsRouter } from '../domains/follows/router';
import { galleryRouter } from '../domains/gallery/router';
import { likesRouter } from '../domains/likes/router';
import { router } from './init';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  profile: profileRouter,
  artists: artistsRouter,
  styles: stylesRouter,
  tokens: tokensRouter,
  training: trainingRouter,
  generation: generationRouter,
  licenses: licensesRouter,
  notifications: notificationsRouter,
  gallery: galleryRouter,
  likes: likesRouter,
  comments: commentsRouter,
  follows: followsRouter,
  payments: paymentsRouter,
});

export type AppRouter = typeof appRouter;
