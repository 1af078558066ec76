/* ferry-migration-preview-page.h: the migration editor's third page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preview of the draft (ferry_preview_run_async(), off the main
 * thread) in a FerryPreviewView: started on demand, again a moment after
 * each edit while the page shows, and when the view's Retry is clicked.
 * Above it, the pre-flight's checklist (FerryPreflightView).
 * Signal "changed" (no arguments): whether it runs, is out of date or
 * failed may have changed.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-preflight-view.h"
#include "ferry-preview-view.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_PREVIEW_PAGE (ferry_migration_preview_page_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationPreviewPage, ferry_migration_preview_page, FERRY, MIGRATION_PREVIEW_PAGE, AdwBin)

void              ferry_migration_preview_page_set_draft         (FerryMigrationPreviewPage *self,
                                                                  FerryMigrationDraft       *draft);
FerryPreviewView *ferry_migration_preview_page_get_view          (FerryMigrationPreviewPage *self);
/* The checklist "Before Running" above the preview (the editor gives it
 * its FerryPreflight). */
FerryPreflightView *ferry_migration_preview_page_get_preflight_view (FerryMigrationPreviewPage *self);
/* Previews now (a draft that cannot run shows why instead). */
void              ferry_migration_preview_page_refresh           (FerryMigrationPreviewPage *self);
/* The draft changed while the page shows: previews again in a moment. */
void              ferry_migration_preview_page_schedule_refresh  (FerryMigrationPreviewPage *self);
/* What is shown no longer matches the servers or the draft. */
void              ferry_migration_preview_page_set_stale         (FerryMigrationPreviewPage *self);
gboolean          ferry_migration_preview_page_get_stale         (FerryMigrationPreviewPage *self);
gboolean          ferry_migration_preview_page_get_running       (FerryMigrationPreviewPage *self);
/* Why the previewed migration cannot run, or NULL (newly allocated). */
char             *ferry_migration_preview_page_dup_blocked_reason (FerryMigrationPreviewPage *self);

G_END_DECLS
