/* ferry-sandbox-context.h: what an endpoint handler is given: the request,
 * its session, the store, the server's settings and services, and the way
 * to answer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Handlers (ferry-sandbox-{discovery,packages,migrations}.c) and the jobs
 * they schedule see the server only through an SbHost and the SbContext of
 * their request: they never call into ferry-sandbox.c. Everything runs on
 * the sandbox's thread with the state lock held.
 */

#pragma once

#include <libsoup/soup.h>

#include "ferry-sandbox-search-cache.h"
#include "ferry-sandbox-sessions.h"

G_BEGIN_DECLS

/* The server's options, as its properties set them. */
typedef struct
{
  char    *state_dir;
  char    *shared_storage;     /* NULL: none */
  guint64  max_package_bytes;
  guint    session_timeout;    /* seconds of idleness */
  guint    work_delay_ms;      /* may change while running: read it with
                                * sb_host_get_work_delay_ms() */
  int      clock_offset_s;     /* this server's clock minus the real one */
} SbServerSettings;

/* What the server lends its handlers and jobs (owned by the server). */
typedef struct
{
  SbStore       *store;
  SbServerSettings settings;
  gboolean       tls;          /* served over https */
  SbSessions    *sessions;
  GHashTable    *searches;     /* metadata searchId → GPtrArray of object ids
                                * (element-type utf8), the project id first */
  SbSearchCache *search_cache;
  GRecMutex     *lock;         /* the state lock */
  GMainContext  *context;      /* the server thread's; NULL when stopped */
} SbHost;

guint       sb_host_get_work_delay_ms   (SbHost       *host);
/* How a job of N objects is paced: the work delay per object, at least one
 * object per tick, ticks no closer than 20 ms unless there is no delay. */
void        sb_host_job_pacing          (SbHost       *host,
                                         guint         n,
                                         guint        *interval_ms,
                                         guint        *per_tick);
/* Commit: one journal entry with every record and object changed since the
 * last commit (sb_store_commit()); PROJECT (may be NULL) also had its
 * settings changed. Durable soon after, outside the lock. */
void        sb_host_save                (SbHost       *host,
                                         SbProject    *project);
/* Run FUNC every INTERVAL_MS on the sandbox thread with the state lock
 * held, until it returns G_SOURCE_REMOVE. Returns the source id (for
 * sb_host_unschedule). */
guint       sb_host_schedule            (SbHost       *host,
                                         guint         interval_ms,
                                         GSourceFunc   func,
                                         gpointer      data,
                                         GDestroyNotify destroy);
void        sb_host_unschedule          (SbHost       *host,
                                         guint         source_id);

/* One request, as the HTTP layer hands it to a handler. */
typedef struct
{
  SbHost            *host;
  SbStore           *store;          /* host->store */
  SoupServerMessage *msg;
  const char        *method;
  const char        *path;           /* below /MicroStrategyLibrary: "/api/…" */
  char             **segments;       /* path segments after "api", percent-decoded */
  guint              n_segments;
  const char        *id;             /* the {id} of the route, or NULL */
  GHashTable        *query;          /* decoded query (never NULL) */
  SbSession         *session;        /* set by sb_request_require_session() */
  const char        *project_header; /* X-MSTR-ProjectID, NULL when absent or empty */
  gboolean           prefer_async;   /* Prefer: respond-async */
  GBytes            *body;           /* request body (never NULL) */
  JsonObject        *body_object;    /* the body parsed, once sb_request_parse_object() has */
  const char        *route;          /* route pattern for counters, set by the router */
  gboolean           replied;
} SbContext;

/* The end of a request: sets the answer's Date header from this server's
 * clock (settings.clock_offset_s) and frees what the context owns. */
void        sb_context_clear            (SbContext   *ctx);

/* Each sb_reply_* sets status and body of the message. */
void        sb_reply_json               (SbContext   *ctx,
                                         guint        status,
                                         JsonNode    *node);     /* takes ownership */
void        sb_reply_empty              (SbContext   *ctx,
                                         guint        status);
void        sb_reply_bytes              (SbContext   *ctx,
                                         guint        status,
                                         const char  *content_type,
                                         GBytes      *bytes,
                                         const char  *filename); /* Content-Disposition; may be NULL */
/* {"code", "message", "ticketId"} */
void        sb_reply_error              (SbContext   *ctx,
                                         guint        status,
                                         const char  *code,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (4, 5);
/* {"code", "iServerCode", "message", "ticketId"} */
void        sb_reply_error_iserver      (SbContext   *ctx,
                                         guint        status,
                                         const char  *code,
                                         gint64       iserver_code,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (5, 6);
/* Maps an SB_ERROR: INVALID/WRONG_LEVEL → 400 ERR006, NOT_FOUND → 404
 * ERR004 (or 400 ERR006 when IN_BODY), others → 400 ERR006. */
void        sb_reply_gerror             (SbContext   *ctx,
                                         const GError *error,
                                         gboolean     in_body);
/* 404 ERR004 "HTTP 404 Not Found" (route "unknown"). */
void        sb_reply_not_found          (SbContext   *ctx);
/* 405 ERR001 "HTTP 405 Method Not Allowed". */
void        sb_reply_method_not_allowed (SbContext   *ctx);
/* The x-mstr-total-count header. */
void        sb_reply_set_total          (SbContext   *ctx,
                                         guint        total);

/* Each returns FALSE after replying with the error. */
gboolean    sb_request_require_session  (SbContext   *ctx);   /* 401 ERR009 */
gboolean    sb_request_require_privileges (SbContext *ctx,
                                           guint      privileges); /* 403 ERR014 */
/* At least one of the bits of MASK, else as sb_request_require_privileges (MASK). */
gboolean    sb_request_require_any_privilege (SbContext *ctx,
                                              guint      mask);
gboolean    sb_request_require_prefer_async (SbContext *ctx);  /* 400 ERR005 */
/* X-MSTR-ProjectID required (400 ERR005) and known (404 ERR004). */
SbProject  *sb_request_require_project  (SbContext   *ctx);
/* The storage folder, or 503 ERR016 "The Storage Service is not configured
 * properly, please contact your administrator to configure Storage Service". */
const char *sb_request_require_storage  (SbContext   *ctx);
/* Body parsed as a JSON object (new ref), or 400 ERR006 "Invalid JSON". */
JsonObject *sb_request_parse_object     (SbContext   *ctx);
/* OBJECT.MEMBER as a string / an object; absent or null: *OUT = NULL and
 * TRUE, or with REQUIRED 400 ERR006 "'FIELD' is required". Another type:
 * 400 ERR006 naming FIELD, and FALSE. */
gboolean    sb_request_member_string    (SbContext    *ctx,
                                         JsonObject   *object,
                                         const char   *member,
                                         const char   *field,
                                         gboolean      required,
                                         const char  **out);
gboolean    sb_request_member_object    (SbContext    *ctx,
                                         JsonObject   *object,
                                         const char   *member,
                                         const char   *field,
                                         JsonObject  **out);

const char *sb_request_query            (SbContext   *ctx,
                                         const char  *key);
/* Case-insensitive true/false; absent → DEFAULT_VALUE; else 400 ERR006. */
gboolean    sb_request_query_bool       (SbContext   *ctx,
                                         const char  *key,
                                         gboolean     default_value,
                                         gboolean    *out);
/* Integer in [MIN, MAX]; absent → DEFAULT_VALUE; else 400 ERR006. */
gboolean    sb_request_query_int        (SbContext   *ctx,
                                         const char  *key,
                                         gint64       default_value,
                                         gint64       min,
                                         gint64       max,
                                         gint64      *out);
/* offset (0…) and limit (-1…, 0 → DEFAULT_LIMIT) query parameters. */
gboolean    sb_request_paging           (SbContext   *ctx,
                                         gint64       default_limit,
                                         gint64      *offset,
                                         gint64      *limit);
/* The value of cookie NAME, or NULL. */
char       *sb_request_cookie           (SbContext   *ctx,
                                         const char  *name);

G_END_DECLS
