/* bench-util.h: helpers shared by the benchmarks in bench/: arguments,
 * times, memory, sorting, temporary folders, waiting for an async call, and
 * a bare synchronous HTTP client for the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only GLib, GIO, libsoup and json-glib: the benches that measure the
 * sandbox alone do not link the client's core or GTK, so nothing here may
 * need them.
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The toc settings of a project merge as
 * spec/project-merge-between-environments.md gives them (with a folder, a
 * type and an object rule): one text, so that bench-merge and bench-preview
 * measure the same merge. */
extern const char bench_merge_settings_json[];

/* Iterates the default main context until nothing is ready (timeouts and
 * frames not yet due aside). */
void          bench_drain           (void);
/* Iterates the default main context, waiting, for MS milliseconds. */
void          bench_spin_for        (guint         ms);

/* Positional argument INDEX (argv[1] is 1) as a whole number, or DEFAULT
 * when there are fewer arguments. Nothing is checked: a benchmark is run by
 * hand, and a word that is not a number reads as 0, as atoi() would. */
guint         bench_arg_uint        (int           argc,
                                     char        **argv,
                                     int           index,
                                     guint         default_value);

/* Milliseconds, and seconds, since START_US (a g_get_monotonic_time()). */
double        bench_ms_since        (gint64        start_us);
double        bench_seconds_since   (gint64        start_us);

/* The process's resident memory (VmRSS of /proc/self/status) in KiB, or -1:
 * what the whole process costs, allocator's slack and mappings included. */
long          bench_rss_kib         (void);
/* The bytes malloc has handed out and not had back (mallinfo2): what a
 * data structure keeps, without the allocator's free lists that RSS counts. */
gsize         bench_heap_in_use     (void);

/* Sorts N_VALUES doubles in place, smallest first; every bench picks its
 * own median or percentile from the sorted values. */
void          bench_sort_doubles    (double       *values,
                                     guint         n_values);

/* One measured figure for bench/run, on its own line of standard output:
 *   FERRY-BENCH<TAB>KEY<TAB>VALUE<TAB>UNIT
 * KEY names the figure (e.g. "compare.marks"; bench/run's table says which
 * keys it reads), VALUE is printed with "%.3f", UNIT is "ms", "s", "KiB",
 * "B" or "count". Everything else a bench prints is for people. */
void          bench_report          (const char   *key,
                                     double        value,
                                     const char   *unit);

/* Removes PATH and everything below it (a bench's temporary folder and its
 * sandboxes' state). A link is removed, never followed: a link to a folder
 * outside must not empty it. Errors are ignored: what is left is left. */
void          bench_remove_tree     (const char   *path);

/* A GAsyncReadyCallback for a blocking wait: stores a reference to RESULT
 * in the GAsyncResult * that USER_DATA points to. */
void          bench_result_cb       (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data);
/* Iterates the default main context until bench_result_cb() has filled
 * *SLOT; returns *SLOT (still owned by the slot). */
GAsyncResult *bench_wait_result     (GAsyncResult **slot);

/* --- a bare HTTP client ---------------------------------------------------- */

/* Plain libsoup with no client logic at all, to measure the sandbox (or to
 * stand beside FerryConnection, as bench-merge does): one session with a
 * cookie jar, the base URL, and the token the login answered. Zero it
 * before bench_client_login(); bench_client_clear() frees it. */
typedef struct
{
  SoupSession *session;
  char        *base;
  char        *token;
} BenchClient;

/* Headers a request may carry besides the token and project. */
typedef enum
{
  BENCH_REQUEST_NONE         = 0,
  BENCH_REQUEST_ACCEPT_JSON  = 1 << 0,   /* Accept: application/json, as FerryConnection sends */
  BENCH_REQUEST_PREFER_ASYNC = 1 << 1,   /* Prefer: respond-async */
} BenchRequestFlags;

/* A new session on BASE and POST /api/auth/login as administrator (standard
 * login, empty password); keeps the X-MSTR-AuthToken of the answer (the
 * session cookie stays in the jar). FLAGS go on the login request. Aborts
 * unless the answer is 204. */
void          bench_client_login    (BenchClient         *client,
                                     const char          *base,
                                     BenchRequestFlags    flags);
/* Sends METHOD PATH (below the base URL) synchronously with the token,
 * X-MSTR-ProjectID PROJECT (if not NULL), the headers of FLAGS and BODY as
 * application/json (if not NULL); returns the whole body of the answer and
 * its status in STATUS_OUT, and a reference to its headers in HEADERS_OUT
 * (if not NULL). Aborts when no answer comes at all. */
GBytes       *bench_client_request  (BenchClient         *client,
                                     const char          *method,
                                     const char          *path,
                                     const char          *project,
                                     BenchRequestFlags    flags,
                                     const char          *body,
                                     guint               *status_out,
                                     SoupMessageHeaders **headers_out);
/* The body of an answer parsed as JSON (mutable): NULL when it is empty
 * (or not JSON). */
JsonNode     *bench_json_from_bytes (GBytes              *body);
/* The string MEMBER of the object SECTION of a migration record
 * (packageInfo.status, importInfo.lastUpdatedDate), or NULL. */
const char   *bench_record_string   (JsonNode            *record,
                                     const char          *section,
                                     const char          *member);
/* Drops the session and frees the base URL and the token. */
void          bench_client_clear    (BenchClient         *client);

G_END_DECLS
