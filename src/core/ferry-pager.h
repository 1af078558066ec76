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
 * Used by FerryMigrationMonitor for /api/migrations. The two other pagers
 * can move onto it:
 * - ferry_library_list_migrations_async(): the same endpoint; its page
 *   callback appends the records to its array (items "data", total
 *   "total", page size 1000).
 * - ferry-discovery's Pager (folders, searches): items "result" (or the
 *   array its page_items() finds), with project_id; it also reads the
 *   total from the X-MSTR-Total-Count header and keeps several pages in
 *   flight, delivered in order: two options to add here (a total header
 *   name, a number of pages in flight) before it switches.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

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
} FerryPagerOptions;

/* One page: ITEMS (borrowed) starts at OFFSET; TOTAL is the server's count
 * (-1 when it gives none). Return FALSE to stop reading. */
typedef gboolean (*FerryPagerPageFunc) (JsonArray *items,
                                        guint64    offset,
                                        gint64     total,
                                        gpointer   user_data);

/* PATH may carry a query already ("/api/migrations?x=y"): "&offset=…&limit=…"
 * is appended, otherwise "?offset=…&limit=…". PAGE_FUNC_DATA is freed with
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
/* The number of items handed over, or -1 with ERROR set. *TRUNCATED
 * (nullable) is TRUE when MAX_ITEMS stopped the reading. */
gint64   ferry_pager_run_finish (GAsyncResult            *result,
                                 gboolean                *truncated,
                                 GError                 **error);

G_END_DECLS
