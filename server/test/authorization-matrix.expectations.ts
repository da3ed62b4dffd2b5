/**
 * The authorization matrix's specification (issue 16, item 7): who may call each tRPC procedure and each
 * HTTP route, and what everyone else gets. authorization-matrix.test.ts enumerates the procedures from
 * `appRouter` and the routes from Fastify, and fails on one missing here or listed here but gone.
 *
 * The truth is the services' own rules, read from them: a caller who may not see a resource usually gets
 * the same NOT_FOUND as for one that does not exist (generations, images, comments, purchases, sessions,
 * notifications); styles are the exception, FORBIDDEN to another artist (styles/service.ts lockOwnStyle,
 * training/style-access.ts loadOwnStyle: ids are unguessable, and the owner check came from the issue).
 *
 * The table is kept by domain (server/src/domains/<domain>/), in one file per group below, and joined
 * here into the one table the tests read; the callers, rules and resources it speaks of are in
 * authorization-matrix.rules.ts. A procedure sits in the file of its domain's group (the domain is its
 * path's first part; each domain has one group): listed in another file, this module throws as it loads.
 */
import { ACCOUNT_PROCEDURES } from './authorization-matrix.expectations.accounts';
import { CONTENT_PROCEDURES } from './authorization-matrix.expectations.content';
import { MONEY_PROCEDURES } from './authorization-matrix.expectations.money';
import { SOCIAL_PROCEDURES } from './authorization-matrix.expectations.social';
import type { ProcedureTable } from './authorization-matrix.rules';

export {
  REFUSALS,
  expectedOutcome,
  type Caller,
  type Case,
  type Outcome,
  type ProcedureTable,
  type Refusal,
  type Rule,
  type World,
} from './authorization-matrix.rules';
export {
  ROUTES,
  UNKNOWN_ID,
  type RouteCheck,
  type RouteRule,
} from './authorization-matrix.expectations.routes';

/** Each group's file (authorization-matrix.expectations.<group>.ts), the domains it holds, its table. */
const GROUPS: { group: string; domains: string[]; procedures: ProcedureTable }[] = [
  { group: 'accounts', domains: ['health', 'auth', 'profile', 'artists'], procedures: ACCOUNT_PROCEDURES },
  {
    group: 'content',
    domains: ['styles', 'training', 'generation', 'licenses', 'gallery'],
    procedures: CONTENT_PROCEDURES,
  },
  {
    group: 'social',
    domains: ['notifications', 'likes', 'comments', 'follows'],
    procedures: SOCIAL_PROCEDURES,
  },
  { group: 'money', domains: ['tokens', 'payments'], procedures: MONEY_PROCEDURES },
];

/** Every procedure's cases, keyed by its path, from all the groups. */
export const PROCEDURES: ProcedureTable = joinGroups();

function joinGroups(): ProcedureTable {
  const joined: ProcedureTable = {};
  const groupOf = new Map<string, string>();
  for (const { group, domains } of GROUPS) {
    for (const domain of domains) {
      const other = groupOf.get(domain);
      if (other) throw new Error(`the domain ${domain} is given to the groups ${other} and ${group}`);
      groupOf.set(domain, group);
    }
  }
  for (const { group, procedures } of GROUPS) {
    for (const [path, cases] of Object.entries(procedures)) {
      const home = groupOf.get(path.split('.')[0]!);
      if (home !== group)
        throw new Error(
          `${path} is in authorization-matrix.expectations.${group}.ts, but its domain ` +
            (home ? `is the group ${home}'s` : 'is in no group: give it to one in GROUPS'),
        );
      joined[path] = cases;
    }
  }
  return joined;
}
