// Who people are and how they prove it: Google identities, server-side sessions, artist profiles.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt } from './columns';
import { locale, sessionKind, userRole } from './enums';

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Google's stable subject id: users are keyed by it, never by email (emails change). */
    googleSub: text('google_sub').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    avatarUrl: text('avatar_url'),
    locale: locale('locale').notNull().default('en'),
    role: userRole('role').notNull().default('user'),
    /**
     * The UTS #39 confusable skeleton of `displayName`, written by the database (trigger
     * users_name_skeleton, migration 0009) on every insert or rename; the '' sent on insert is replaced.
     * Two names look alike exactly when their skeletons are equal.
     */
    nameSkeleton: text('name_skeleton')
      .notNull()
      .$defaultFn(() => ''),
    /**
     * Made up by the demo seed of `npm start` (server/src/demo/), never by a person signing in: clients
     * show a "Demo" badge on such artists' styles. Production refuses the seed (DEMO_CONTENT).
     */
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_google_sub_key').on(t.googleSub),
    // Artist names are unique by look; a buyer may share a name with anyone until they become an artist.
    uniqueIndex('users_artist_name_skeleton_key')
      .on(t.nameSkeleton)
      .where(sql`${t.role} = 'artist'`),
  ],
);

/**
 * Unicode's confusables.txt (UTS #39): each source character and the prototype it looks like, read by the
 * name_skeleton() SQL function. Loaded and reloaded by migrations only (0009: version 13.0.0).
 */
export const nameConfusables = pgTable('name_confusables', {
  source: text('source').primaryKey(),
  prototype: text('prototype').notNull(),
});

export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the bearer/cookie token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    kind: sessionKind('kind').notNull(),
    /** For desktop sessions: the device name shown in the web's list of signed-in devices. */
    label: text('label'),
    createdAt: createdAt(),
    lastUsedAt: at('last_used_at').defaultNow().notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

/** One-time codes of the desktop loopback sign-in (RFC 8252), exchanged once with the PKCE verifier. */
export const desktopAuthCodes = pgTable('desktop_auth_codes', {
  id: id(),
  codeHash: text('code_hash').notNull().unique(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  codeChallenge: text('code_challenge').notNull(),
  redirectUri: text('redirect_uri').notNull(),
  createdAt: createdAt(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
});

export const artistProfiles = pgTable('artist_profiles', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  contactEmail: text('contact_email').notNull(),
  /** Object key of the normalised signature PNG; replaced by a new key, never overwritten in place. */
  signatureKey: text('signature_key').notNull(),
  bio: text('bio'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A sign-in in progress: the OpenID `state`, `nonce` and PKCE verifier live here, server-side, and the
 * row is bound to the browser that started it by a cookie. Used once: a replayed callback finds it used.
 */
export const authFlows = pgTable(
  'auth_flows',
  {
    id: id(),
    stateHash: text('state_hash').notNull().unique(),
    /** SHA-256 of the HttpOnly cookie set on the browser that started the flow (login-CSRF defence). */
    browserBindingHash: text('browser_binding_hash').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    kind: sessionKind('kind').notNull(),
    returnTo: text('return_to').notNull().default('/'),
    /** Desktop (RFC 8252) flows: the app's PKCE challenge, loopback redirect and its own state. */
    desktopChallenge: text('desktop_challenge'),
    desktopRedirectUri: text('desktop_redirect_uri'),
    desktopState: text('desktop_state'),
    createdAt: createdAt(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
  },
  (t) => [index('auth_flows_expires_idx').on(t.expiresAt)],
);
