/* ferry-sandbox-sessions.h: the sessions of logged-in users
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-store.h"

G_BEGIN_DECLS

/* What /api/packages keeps in a session (ferry-sandbox-packages.c). */
typedef struct _SbHolder SbHolder;

typedef struct
{
  char       *token;        /* X-MSTR-AuthToken */
  char       *cookie;       /* JSESSIONID value */
  SbAccount  *account;      /* borrowed */
  gint64      last_used_us; /* monotonic */
  gboolean    expired;
  /* Owned by the session, made by ferry-sandbox-packages.c: the package
   * holder (at most one), freed with HOLDER_FREE, and the import processes
   * (id → process, NULL until the first one). */
  SbHolder       *holder;
  GDestroyNotify  holder_free;
  GHashTable     *imports;
} SbSession;

typedef struct _SbSessions SbSessions;

SbSessions *sb_sessions_new             (void);
void        sb_sessions_free            (SbSessions  *sessions);
/* A new session for ACCOUNT (a login: counted). */
SbSession  *sb_sessions_add             (SbSessions  *sessions,
                                         SbAccount   *account);
/* NULL when TOKEN is NULL or unknown. */
SbSession  *sb_sessions_lookup          (SbSessions  *sessions,
                                         const char  *token);
void        sb_sessions_end             (SbSessions  *sessions,
                                         const char  *token);
/* Every session expired: the next request of each is refused. */
void        sb_sessions_expire_all      (SbSessions  *sessions);
/* Ends every session. */
void        sb_sessions_clear           (SbSessions  *sessions);
guint       sb_sessions_get_login_count (SbSessions  *sessions);
/* Frees every session marked expired or idle for more than IDLE_LIMIT_US
 * microseconds, with its package holder and imports; answers how many. */
guint       sb_sessions_reap            (SbSessions  *sessions,
                                         gint64       idle_limit_us);
/* The sessions kept (live or expired but not yet freed). */
guint       sb_sessions_get_count       (SbSessions  *sessions);

G_END_DECLS
