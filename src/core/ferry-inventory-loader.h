/* ferry-inventory-loader.h: one project's inventory, read page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one inventory loader: every object of a project (or of the
 * configuration) with its folders (GET /api/searches/results with
 * getAncestors, page by page: ferry_discovery_search_pages_async()), added
 * to a FerryInventoryBuilder in the search's worker thread and indexed in
 * another, so the main loop never waits. Progress goes to the caller's
 * main context after each page; cancelling stops it.
 *
 * ferry_compare_projects_async() reads two of them at once and compares
 * them (ferry_compare_async()): the Compare page, the preview and the
 * migration editor use these.
 */

#pragma once

#include <gio/gio.h>

#include "ferry-compare.h"
#include "ferry-connection.h"
#include "ferry-discovery.h"
#include "ferry-inventory.h"

G_BEGIN_DECLS

/* PROJECT_ID NULL: the configuration's objects. Progress: objects read so
 * far and the total (0 while unknown). */
void            ferry_inventory_load_async   (FerryConnection     *connection,
                                              const char          *project_id,
                                              FerryProgressFunc    progress,
                                              gpointer             progress_data,
                                              GDestroyNotify       progress_destroy,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* The inventory (a new reference), or NULL with ERROR (the server's, or
 * G_IO_ERROR_CANCELLED). N_ITEMS (may be NULL): the objects read. */
FerryInventory *ferry_inventory_load_finish  (GAsyncResult        *result,
                                              guint64             *n_items,
                                              GError             **error);

/* FerryCompareSide: ferry-compare.h */
/* Progress of one side: DONE objects read of TOTAL (0 while unknown);
 * FINISHED once that side's inventory is complete (DONE = TOTAL = its
 * objects). When both have finished the comparison itself runs. */
typedef void (*FerryCompareProgressFunc) (FerryCompareSide  side,
                                          guint64           done,
                                          guint64           total,
                                          gboolean          finished,
                                          gpointer          user_data);

/* Reads both projects at once and compares them. A side that fails stops
 * the other. */
void                ferry_compare_projects_async  (FerryConnection          *source,
                                                   const char               *source_project_id,
                                                   FerryConnection          *target,
                                                   const char               *target_project_id,
                                                   FerryCompareProgressFunc  progress,
                                                   gpointer                  progress_data,
                                                   GDestroyNotify            progress_destroy,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
/* The result, or NULL with ERROR; FAILED_SIDE (may be NULL) receives the
 * side that could not be read, or -1 (the comparison itself, or
 * cancelled). */
FerryCompareResult *ferry_compare_projects_finish (GAsyncResult             *result,
                                                   int                      *failed_side,
                                                   GError                  **error);

G_END_DECLS
