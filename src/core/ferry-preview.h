/* ferry-preview.h: what a migration will do, object by object, before it runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview reads, and only reads: both projects' inventories page by
 * page (GET /api/searches/results with ancestors, several pages in flight,
 * each page added to a FerryInventoryBuilder in the search's worker
 * thread), for object migrations the dependents that "include dependents"
 * pulls in (the metadata search, "what the item uses", recursive), and for
 * deletes whether other target objects still use the object. Then, in a
 * GTask thread, every object the migration touches is evaluated with
 * ferry-rules against the target's copy: the rule that applies, the
 * target's state and the outcome (create, replace, keep existing,
 * duplicate, skip, delete, fail). Nothing is ever sent that changes either
 * server.
 *
 * What is touched:
 *   project merge      every object of the source project (the root folder
 *                      aside: it keeps its place in the target);
 *   object migration   the content items (their own action), the objects
 *                      their "include dependents" pulls in (defaultAction),
 *                      and, for project packages, the folders above them
 *                      that the target lacks (created on the way).
 * The first mention of an id wins, as on the server.
 */

#pragma once

#include <gio/gio.h>

/* not ferry-core.h, which includes this header */
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-connection.h"
#include "ferry-object-info.h"
#include "ferry-discovery.h"
#include "ferry-inventory.h"
#include "ferry-compare.h"
#include "ferry-toc-settings.h"
#include "ferry-rules.h"
#include "ferry-library-api.h"
#include "ferry-migration.h"
#include "ferry-migration-list.h"
#include "ferry-job.h"
#include "ferry-environment.h"
#include "ferry-plan.h"

G_BEGIN_DECLS

/**
 * FerryPreviewOrigin: why an object is in the migration
 * @FERRY_PREVIEW_ORIGIN_PROJECT: a project merge takes every object
 * @FERRY_PREVIEW_ORIGIN_CONTENT: a content item of an object migration
 * @FERRY_PREVIEW_ORIGIN_DEPENDENT: pulled in by "include dependents"
 * @FERRY_PREVIEW_ORIGIN_FOLDER: a folder above a migrated object that the
 *   target lacks
 */
typedef enum
{
  FERRY_PREVIEW_ORIGIN_PROJECT,
  FERRY_PREVIEW_ORIGIN_CONTENT,
  FERRY_PREVIEW_ORIGIN_DEPENDENT,
  FERRY_PREVIEW_ORIGIN_FOLDER,
} FerryPreviewOrigin;

#define FERRY_PREVIEW_N_OUTCOMES (FERRY_OUTCOME_FAIL + 1)

/* --- One object ----------------------------------------------------------------- */

/* Immutable once the result is handed out. Properties (read-only): "id",
 * "name", "path", "type-name", "outcome" (FerryOutcome), "rule",
 * "explanation". */
#define FERRY_TYPE_PREVIEW_ITEM (ferry_preview_item_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreviewItem, ferry_preview_item, FERRY, PREVIEW_ITEM, GObject)

const char        *ferry_preview_item_get_id                 (FerryPreviewItem *self);
const char        *ferry_preview_item_get_name               (FerryPreviewItem *self);
/* "\Public Objects\Reports", or NULL when unknown. */
const char        *ferry_preview_item_get_path               (FerryPreviewItem *self);
int                ferry_preview_item_get_object_type        (FerryPreviewItem *self);
int                ferry_preview_item_get_subtype            (FerryPreviewItem *self);
/* "Custom group", "Report", … or "Type 77". */
const char        *ferry_preview_item_get_type_name          (FerryPreviewItem *self);
FerryPreviewOrigin ferry_preview_item_get_origin             (FerryPreviewItem *self);
/* NULL when the source does not have the object (a content item that is
 * not there). */
const char        *ferry_preview_item_get_source_version     (FerryPreviewItem *self);
/* Milliseconds since the epoch, or -1. */
gint64             ferry_preview_item_get_source_modified    (FerryPreviewItem *self);
/* NULL when the target has no copy. */
const char        *ferry_preview_item_get_target_version     (FerryPreviewItem *self);
gint64             ferry_preview_item_get_target_modified    (FerryPreviewItem *self);
FerryTargetState   ferry_preview_item_get_target_state       (FerryPreviewItem *self);
FerryRuleKind      ferry_preview_item_get_rule_kind          (FerryPreviewItem *self);
FerryConflictAction ferry_preview_item_get_action            (FerryPreviewItem *self);
FerryOutcome       ferry_preview_item_get_outcome            (FerryPreviewItem *self);
/* Which rule applied: "object-type rule Filter: use_existing". */
const char        *ferry_preview_item_get_rule               (FerryPreviewItem *self);
/* The rule, the target's state and the outcome, or why the object fails. */
const char        *ferry_preview_item_get_explanation        (FerryPreviewItem *self);

/* --- The result ------------------------------------------------------------------ */

/* Properties (read-only): "items" (GListModel of FerryPreviewItem),
 * "undo-possible", "failure". */
#define FERRY_TYPE_PREVIEW_RESULT (ferry_preview_result_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreviewResult, ferry_preview_result, FERRY, PREVIEW_RESULT, GObject)

/* The objects, by folder path and then by name. */
GListModel        *ferry_preview_result_get_items            (FerryPreviewResult *self);
guint              ferry_preview_result_get_n_items          (FerryPreviewResult *self);
guint              ferry_preview_result_get_count            (FerryPreviewResult *self,
                                                              FerryOutcome        outcome);
/* The item with ID (case-insensitive), or NULL. */
FerryPreviewItem  *ferry_preview_result_lookup               (FerryPreviewResult *self,
                                                              const char         *id);
gboolean           ferry_preview_result_get_undo_possible    (FerryPreviewResult *self);
/* What the import did, once it has (imports are all or nothing, and the
 * preview predicts them object by object): "12 objects updated, 3 added",
 * with deleted, added as copies and kept as they were when there are any;
 * "Nothing changed" when nothing did. New. */
char              *ferry_preview_result_dup_summary          (FerryPreviewResult *self);
/* Whether the import asks before it runs: it deletes objects (delete),
 * duplicates them (keep_both), or cannot be undone. */
gboolean           ferry_preview_result_get_needs_confirmation (FerryPreviewResult *self);
/* When any object fails: the sentence saying that (and why) the whole
 * migration will fail; else NULL. Imports are all or nothing. */
const char        *ferry_preview_result_get_failure          (FerryPreviewResult *self);
/* How many objects each side's inventory held. */
guint              ferry_preview_result_get_n_source_objects (FerryPreviewResult *self);
guint              ferry_preview_result_get_n_target_objects (FerryPreviewResult *self);

/* --- Computing ------------------------------------------------------------------ */

/* The pure part, in any thread: SOURCE and TARGET are the two inventories
 * (the configuration's for configuration and project security packages),
 * CONTENT a GPtrArray of FerryContentItem (NULL for a project merge; the
 * caller must not change the items while this runs), DEPENDENTS the ids
 * (any case) "include dependents" pulls in (NULL: none). SET decides; a
 * project merge is ferry_rule_set_get_project_merge (SET). */
FerryPreviewResult *ferry_preview_compute                   (FerryRuleSet       *set,
                                                              FerryPackageType    package_type,
                                                              FerryInventory     *source,
                                                              FerryInventory     *target,
                                                              GPtrArray          *content,
                                                              GHashTable         *dependents,
                                                              GCancellable       *cancellable,
                                                              GError            **error);

/* Called on the caller's main context while reading: MESSAGE ("Reading
 * Development… 1 200 of 9 000 objects") and FRACTION (0–1, or -1 while
 * unknown). */
typedef void (*FerryPreviewProgressFunc) (const char *message,
                                          double      fraction,
                                          gpointer    user_data);

/* The whole preview: reads, computes in a thread, checks deletes. SETTINGS
 * and CONTENT (FerryContentItem; NULL or empty for project merges) are
 * copied at the call. SOURCE_PROJECT_ID and TARGET_PROJECT_ID are ignored
 * for configuration and project security packages' objects (they live in
 * the configuration). */
void                ferry_preview_run_async                  (FerryConnection          *source,
                                                              const char               *source_project_id,
                                                              const char               *source_name,
                                                              FerryConnection          *target,
                                                              const char               *target_project_id,
                                                              const char               *target_name,
                                                              FerryTocSettings         *settings,
                                                              GListModel               *content,
                                                              FerryPreviewProgressFunc  progress,
                                                              gpointer                  progress_data,
                                                              GDestroyNotify            progress_destroy,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
FerryPreviewResult *ferry_preview_run_finish                 (GAsyncResult             *result,
                                                              GError                  **error);

const char         *ferry_preview_origin_to_string           (FerryPreviewOrigin        origin);
/* "Create", "Replace", "Keep existing", … (translated, capitalised for
 * buttons and badges) */
const char         *ferry_outcome_get_label                  (FerryOutcome              outcome);
/* A symbolic icon name for the outcome. */
const char         *ferry_outcome_get_icon_name              (FerryOutcome              outcome);

G_END_DECLS
