/* ferry-compare.h: two inventories side by side, object by object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry_compare() joins a source and a target FerryInventory on the object
 * id (a hash join, linear in the two sizes) and gives every object a state
 * (design.md, "Compare"):
 *
 *   ONLY_IN_SOURCE / ONLY_IN_TARGET  the id is on one side only;
 *   IDENTICAL        same id and version, same parent folder;
 *   MOVED            same id and version, another parent folder;
 *   NEWER_IN_SOURCE  same id, other version, dateModified later in the source;
 *   NEWER_IN_TARGET  same id, other version, dateModified later in the target
 *                    OR EQUAL: equal times with different versions count as
 *                    newer in the target, as the conflict rules do
 *                    (api.md: "other version, target newer or equal time",
 *                    where use_newer keeps the target's copy).
 *
 * A moved object whose version also differs is NEWER_IN_SOURCE or
 * NEWER_IN_TARGET with `moved` set (the move is shown, the state says what
 * differs). `moved` is also set on MOVED entries. An object is only "moved"
 * when both sides know its parent folder (see FerryInventoryItem.parent_id)
 * and the folder ids differ: a renamed folder moves nothing.
 *
 * The result is immutable and reference-counted, so it can be built in a
 * worker thread (ferry_compare_async()) and read anywhere.
 */

#pragma once

#include <gio/gio.h>

#include "ferry-inventory.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_DIFF_STATE_ONLY_IN_SOURCE,
  FERRY_DIFF_STATE_ONLY_IN_TARGET,
  FERRY_DIFF_STATE_IDENTICAL,
  FERRY_DIFF_STATE_NEWER_IN_SOURCE,
  FERRY_DIFF_STATE_NEWER_IN_TARGET,
  FERRY_DIFF_STATE_MOVED,
} FerryDiffState;

#define FERRY_DIFF_N_STATES 6

#define FERRY_TYPE_DIFF_STATE (ferry_diff_state_get_type ())
GType ferry_diff_state_get_type (void) G_GNUC_CONST;

/**
 * FerryCompareEntry:
 * @id: the object's id (borrowed from an inventory of the result)
 * @source_index: the object's index in the source inventory, or -1
 * @target_index: the object's index in the target inventory, or -1
 * @state: what the comparison found
 * @moved: in both, and the parent folders differ (set on MOVED entries and
 *   on NEWER_IN_x entries that also moved)
 *
 * One object of the comparison. Read-only, owned by the result.
 */
typedef struct
{
  const char     *id;
  gint32          source_index;
  gint32          target_index;
  FerryDiffState  state;
  gboolean        moved;
} FerryCompareEntry;

typedef enum
{
  FERRY_COMPARE_SIDE_SOURCE,
  FERRY_COMPARE_SIDE_TARGET,
} FerryCompareSide;

/**
 * FerryFolderDifferences:
 * @n_differences: how many objects below the folder (at any depth, folders
 *   included) are not identical, counting the objects this side has
 * @counts: of those, how many in each state (counts[IDENTICAL] is 0)
 * @worst: the state that matters most among them: a version that differs
 *   (NEWER_IN_TARGET, then NEWER_IN_SOURCE), then an object on one side
 *   only (ONLY_IN_TARGET, then ONLY_IN_SOURCE), then MOVED
 *
 * What a folder holds that differs, on one side. Read-only, owned by the
 * result; computed with the comparison, so a folder not listed yet has it.
 */
typedef struct
{
  guint          n_differences;
  guint          counts[FERRY_DIFF_N_STATES];
  FerryDiffState worst;
} FerryFolderDifferences;

typedef struct _FerryCompareResult FerryCompareResult;

#define FERRY_TYPE_COMPARE_RESULT (ferry_compare_result_get_type ())
GType                     ferry_compare_result_get_type      (void) G_GNUC_CONST;

/* Synchronous: fine for a few thousand objects; for more, use
 * ferry_compare_async() off the main thread. */
FerryCompareResult       *ferry_compare                      (FerryInventory      *source,
                                                              FerryInventory      *target);

/* Runs the comparison in a GTask worker thread; CALLBACK runs in the
 * thread-default main context of the caller. Cancelling CANCELLABLE ends
 * the work within a few thousand objects with G_IO_ERROR_CANCELLED. */
void                      ferry_compare_async                (FerryInventory      *source,
                                                              FerryInventory      *target,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
FerryCompareResult       *ferry_compare_finish               (GAsyncResult        *result,
                                                              GError             **error);

FerryCompareResult       *ferry_compare_result_ref           (FerryCompareResult  *self);
void                      ferry_compare_result_unref         (FerryCompareResult  *self);

FerryInventory           *ferry_compare_result_get_source    (FerryCompareResult  *self);
FerryInventory           *ferry_compare_result_get_target    (FerryCompareResult  *self);

/* Entries: first every source object in source order, then the objects
 * only in the target in target order. Iterate with an index:
 *   for (guint i = 0; i < ferry_compare_result_get_n_entries (r); i++)
 *     entry = ferry_compare_result_get_entry (r, i); */
guint                     ferry_compare_result_get_n_entries (FerryCompareResult  *self);
const FerryCompareEntry  *ferry_compare_result_get_entry     (FerryCompareResult  *self,
                                                              guint                index);
/* The entry of the object with ID (case-insensitive), or NULL. */
const FerryCompareEntry  *ferry_compare_result_lookup        (FerryCompareResult  *self,
                                                              const char          *id);
/* The entry's object in the source / target inventory, or NULL if absent. */
const FerryInventoryItem *ferry_compare_result_get_source_item (FerryCompareResult      *self,
                                                                const FerryCompareEntry *entry);
const FerryInventoryItem *ferry_compare_result_get_target_item (FerryCompareResult      *self,
                                                                const FerryCompareEntry *entry);

/* How many entries have STATE. */
guint                     ferry_compare_result_get_count     (FerryCompareResult  *self,
                                                              FerryDiffState       state);
/* How many entries have `moved` set (MOVED plus NEWER_IN_x that moved). */
guint                     ferry_compare_result_get_n_moved   (FerryCompareResult  *self);

/* The differences below FOLDER_ID (case-insensitive) on SIDE, or NULL when
 * nothing below it differs (or SIDE has no such folder). */
const FerryFolderDifferences *ferry_compare_result_get_folder_differences (FerryCompareResult *self,
                                                                          FerryCompareSide    side,
                                                                          const char         *folder_id);
/* How much STATE matters in a folder's mark (see FerryFolderDifferences.worst):
 * 0 for IDENTICAL, higher is worse. */
guint                     ferry_diff_state_severity          (FerryDiffState       state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryCompareResult, ferry_compare_result_unref)

G_END_DECLS
