/* ferry-pager.h: reading an offset/limit endpoint page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Library endpoints that list many things answer one page at a time:
 * GET <path>?…&offset=N&limit=M → {"<items member>": [...], "total": T}.
 * ferry_pager_run_async() reads such an endpoint from offset 0 to its end,
 * handing each page's items to PAGE_FUNC as they arrive (so a caller can
 * show the first rows before the last page is in), and stops:
 *
 * - at the end: an empty page, offset ≥ total, or (when the server gives
 *   no total) a page shorter than asked for;
 * - at MAX_ITEMS items (bounded: a server that never ends cannot make it
 *   loop forever; the result says it was truncated);
 * - when PAGE_FUNC returns FALSE (the caller has what it wants);
 * - on the first error (the items handed over before stay the caller's).
 *
 * A server that caps the page size below what was asked simply gives
 * shorter pages: the next offset is the number of items read so far.
 * GUI-free; the cancellable is checked before every page and PAGE_FUNC is
 * never called after a cancellation.
 *
 * Large listings (ferry-discovery: folders, searches, users) set more:
 * - TOTAL_HEADER: the total is read from that response header first
 *   (X-MSTR-Total-Count), the body's total member second;
 * - MAX_IN_FLIGHT > 1: once a total is known, up to that many pages are
 *   requested at once (at offset page × limit; a server that caps the page
 *   size shows it on the first page, and the limit asked for follows),
 *   while the pages are still handed over one at a time and in order;
 * - FERRY_PAGER_IN_THREAD: PAGE_FUNC runs in a worker thread (one page at a
 *   time, the page's JSON released there too), so 100 000 objects never
 *   block the main loop and only a few pages of JSON are alive at a time;
 * - ITEMS_FUNC: finds the items of a page of any shape.
 *
 * Used by FerryMigrationMonitor and ferry_library_list_migrations_async()
 * for /api/migrations, and by ferry-discovery for every listing.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_PAGER_NONE          = 0,
  FERRY_PAGER_IN_THREAD     = 1 << 0, /* PAGE_FUNC runs in a worker thread */
  FERRY_PAGER_REQUIRE_ITEMS = 1 << 1, /* a page without its items is an error */
  FERRY_PAGER_REQUIRE_TOTAL = 1 << 2, /* no total: the first page is all there is */
} FerryPagerFlags;

/* The items of one page (a new reference; NULL without ERROR: the page has
 * none) and *TOTAL, the count the body gives (already -1). */
typedef JsonArray *(*FerryPagerItemsFunc) (JsonNode  *page,
                                           gint64    *total,
                                           GError   **error);

/* On the main thread after each page was handed over: DONE items so far of
 * TOTAL (-1 while unknown). */
typedef void (*FerryPagerProgressFunc) (guint64  done,
                                        gint64   total,
                                        gpointer user_data);

/**
 * FerryPagerOptions:
 * @items_member: the member holding the page's array ("data")
 * @total_member: (nullable): the member holding the total count ("total");
 *   NULL: the server gives none
 * @page_size: the limit asked for (0: 1000)
 * @max_items: stop after this many items (0: 1 000 000)
 * @flags: the request flags of every page
 * @project_id: (nullable): the X-MSTR-ProjectID of every page (listings
 *   inside a project: folders, searches)
 * @total_header: (nullable): a response header holding the total count,
 *   preferred to @total_member ("X-MSTR-Total-Count")
 * @max_in_flight: how many pages may be requested at once when the total is
 *   known (0: 1, one page after the other)
 * @pager_flags: #FerryPagerFlags
 * @items_func: (nullable): finds a page's items and total instead of
 *   @items_member and @total_member
 * @progress: (nullable): told after each page; @progress_data is borrowed
 *   until the run is over
 *
 * Zero-initialise and set what differs ({ .items_member = "data", … }):
 * members added later default to 0/NULL.
 */
typedef struct
{
  const char       *items_member;
  const char       *total_member;
  guint             page_size;
  guint64           max_items;
  FerryRequestFlags flags;
  const char       *project_id;
  const char       *total_header;
  guint             max_in_flight;
  FerryPagerFlags   pager_flags;
  FerryPagerItemsFunc items_func;
  FerryPagerProgressFunc progress;
  gpointer          progress_data;
} FerryPagerOptions;

/* One page: ITEMS (borrowed) starts at OFFSET; TOTAL is the server's count
 * (-1 when it gives none). Return FALSE to stop reading: with ERROR set,
 * the run fails with it. On the main thread, or in a worker thread with
 * FERRY_PAGER_IN_THREAD. */
typedef gboolean (*FerryPagerPageFunc) (JsonArray *items,
                                        guint64    offset,
                                        gint64     total,
                                        gpointer   user_data,
                                        GError   **error);

/* PATH may carry a query already ("/api/migrations?x=y"): "&offset=…&limit=…"
 * is appended, otherwise "?offset=…&limit=…" (nothing before "offset" when
 * PATH ends in '?' or '&'). PAGE_FUNC_DATA is freed with
 * PAGE_FUNC_NOTIFY once the run is over (before CALLBACK). */
void     ferry_pager_run_async  (FerryConnection         *connection,
                                 const char              *path,
                                 const FerryPagerOptions *options,
                                 FerryPagerPageFunc       page_func,
                                 gpointer                 page_func_data,
                                 GDestroyNotify           page_func_notify,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data);
/* A parsed run: each page's body is read by PARSE_FUNC instead of json-glib
 * (for a reader made for speed, ferry-search-parse.h). In a worker thread,
 * several pages at once as they arrive (in any order): BODY is the answer
 * (checked to be JSON by its type; HTTP_STATUS for errors); the function
 * returns what it made of it (freed with PARSED_FREE) and sets *N_ITEMS and
 * *TOTAL (the body's total, already -1), or returns NULL with ERROR set,
 * which fails the run. */
typedef gpointer (*FerryPagerParseFunc)  (GBytes    *body,
                                          guint      http_status,
                                          guint     *n_items,
                                          gint64    *total,
                                          GError   **error);
/* One parsed page, handed over in order as FerryPagerPageFunc is: its first
 * N_ITEMS items (fewer than parsed when MAX_ITEMS cuts the page). */
typedef gboolean (*FerryPagerParsedFunc) (gpointer   parsed,
                                          guint      n_items,
                                          guint64    offset,
                                          gint64     total,
                                          gpointer   user_data,
                                          GError   **error);

/* ferry_pager_run_async() with PARSE_FUNC reading the bodies (OPTIONS'
 * items_member, total_member and items_func are not used; finish with
 * ferry_pager_run_finish()). Pages are requested with
 * FERRY_REQUEST_JSON_BYTES. */
void     ferry_pager_run_parsed_async (FerryConnection         *connection,
                                       const char              *path,
                                       const FerryPagerOptions *options,
                                       FerryPagerParseFunc      parse_func,
                                       GDestroyNotify           parsed_free,
                                       FerryPagerParsedFunc     parsed_func,
                                       gpointer                 parsed_func_data,
                                       GDestroyNotify           parsed_func_notify,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);

/* The number of items handed over, or -1 with ERROR set. *TRUNCATED
 * (nullable) is TRUE when MAX_ITEMS stopped the reading. */
gint64   ferry_pager_run_finish (GAsyncResult            *result,
                                 gboolean                *truncated,
                                 GError                 **error);

G_END_DECLS
