/* ferry-sandbox-routes.h: the route table: every endpoint of the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

typedef void (*SbHandler) (SbContext *ctx);

typedef enum
{
  SB_ROUTE_DEFAULT = 0,        /* a session is required (401 ERR009) */
  SB_ROUTE_PUBLIC  = 1 << 0,   /* no session needed */
  SB_ROUTE_STORAGE = 1 << 1,   /* shared storage needed (503 ERR016) */
} SbRouteFlags;

/* One row: METHOD and PATTERN below /MicroStrategyLibrary ("/api/…").
 * A pattern segment "{id}" matches any segment (the handler finds it in
 * ctx->id); a last segment of two stars matches one or more segments.
 *
 * The HTTP layer dispatches on the table: the first row whose pattern
 * matches the path names the route (NAME, or the pattern); the row of that
 * pattern with the request's method handles it (405 ERR001 when there is
 * none; 404 ERR004 when no pattern matches). Before the handler it checks,
 * in this order: the session (unless SB_ROUTE_PUBLIC), the shared storage
 * (SB_ROUTE_STORAGE) and the privileges (at least one of the bits of
 * PRIVILEGES, when not 0: 403 ERR014). */
typedef struct
{
  const char   *method;
  const char   *pattern;
  SbHandler     handler;
  SbRouteFlags  flags;
  guint         privileges;    /* SbPrivileges, any of them */
  const char   *name;          /* for the request counters; NULL: PATTERN */
} SbRoute;

extern const SbRoute sb_routes[];
extern const guint   sb_n_routes;

G_END_DECLS
