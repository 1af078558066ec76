/* ferry-migration-editor.h: define, preview and run a migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window of its own (not modal: the main window stays usable) with three
 * pages — 1 What (name, source and target, kind, package type, the objects
 * of an object migration), 2 Rules (FerrySettingsEditor, bound to the
 * editor's FerryTocSettings), 3 Preview (FerryPreviewView) — and Run. Back
 * and Next/Run sit in the bar at the bottom, with the reason next to them
 * when something blocks them; plans open and save from the header bar, and
 * for object migrations "Save Package…" writes the .mmp file.
 *
 * What is defined is a FerryMigrationDraft (core): the pages bind to it,
 * its blocked-reason blocks Next and Run, Run takes its spec, plans go in
 * and out through it. The pages (FerryMigrationWhatPage, with the objects
 * table FerryMigrationContentList; FerrySettingsEditor;
 * FerryMigrationPreviewPage) and the progress under them
 * (FerryMigrationRunBar) are sub-widgets.
 *
 * Run: the preview is the confirmation — Run starts at once, unless the
 * preview deletes objects, duplicates them (keep_both) or cannot be undone;
 * then an AdwMessageDialog asks (default response "run", destructive when
 * it deletes; Escape cancels). Run starts a FerryJob
 * (ferry_migration_job_new) on the monitor and emits "job-started"; the
 * editor then becomes the migration's live page (page 4,
 * FerryMigrationLivePage): "Importing into Production…" with the job's step
 * and progress, then "Imported into Production" with what changed, and the
 * buttons Undo (Ctrl+Z; asks once, then "Undoing…", "Undone: Production is
 * back as it was"), Show in Migrations and Done; a failure says what failed,
 * with Retry (Log In Again) and Show in Migrations. The pages before it are
 * not shown again. A desktop notification says when it ends while the
 * window is not active. A package saved to a file shows its progress in
 * the bar under the pages (FerryMigrationRunBar).
 *
 * Closing: an editor whose draft the user changed (and that has not run)
 * asks "Save the Migration Plan?" — Discard (destructive), Save Plan…
 * (default: saves through the file chooser, then closes) or Cancel
 * (Escape). The changed draft is kept in a FerryDraftFile meanwhile, so that
 * it survives a crash or a quit; it is removed when the editor closes
 * normally (Discard, Run, Save Plan, Done).
 *
 * Focus: each page's primary button (Next, Run, Done) is the default widget
 * (Enter) and takes the focus as soon as it can (unless the user is typing).
 *
 * Actions (group "editor"): editor.back, editor.next, editor.run,
 * editor.undo, editor.done, editor.show-migration, editor.open-plan,
 * editor.save-plan, editor.save-package, editor.refresh-preview,
 * editor.retry, editor.log-in.
 *
 * Template children a test may drive: next_button (Next), run_button (Run),
 * undo_button (Undo), done_button (Done), show_button (Show in Migrations),
 * retry_button, back_button, live_page.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-migration-live-page.h"
#include "ferry-plan.h"
#include "ferry-preview-view.h"
#include "ferry-settings-editor.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_MIGRATION_EDITOR_PAGE_WHAT,
  FERRY_MIGRATION_EDITOR_PAGE_RULES,
  FERRY_MIGRATION_EDITOR_PAGE_PREVIEW,
  FERRY_MIGRATION_EDITOR_PAGE_RUN,      /* the live page, once a migration ran */
} FerryMigrationEditorPage;

#define FERRY_TYPE_MIGRATION_EDITOR (ferry_migration_editor_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationEditor, ferry_migration_editor, FERRY, MIGRATION_EDITOR, AdwWindow)

/* SOURCE and TARGET are environments (connected: the editor reads through
 * their connections). SELECTED_OBJECT_IDS: the objects selected in the
 * source pane (NULL or empty: a project merge is the default kind); their
 * names, types and folders are read from the source.
 *
 * Properties: "settings" (FerryTocSettings, read-only: the one the editor
 * edits), "name", "page" (FerryMigrationEditorPage as int), "job"
 * (FerryJob, read-only: the last one started), "blocked-reason" (string,
 * read-only: why Next/Run cannot go on, or NULL), "environments"
 * (GListModel of FerryEnvironment: where another target can be chosen).
 *
 * Signal "job-started" (FerryJob *job): a migration (or package) job was
 * started; the window hands it to the Migrations view. The editor keeps
 * showing its progress.
 *
 * Signal "show-migration" (const char *migration_id): "Show in Migrations"
 * was pressed. Unless a handler stops it (g_signal_stop_emission), the
 * default handler activates "win.show-migrations" with the id (a string
 * parameter) on the window the editor is transient for, and presents it. */
FerryMigrationEditor *ferry_migration_editor_new        (GtkWindow              *parent,
                                                         FerryEnvironment       *source,
                                                         const char             *source_project_id,
                                                         const char             *source_project_name,
                                                         FerryEnvironment       *target,
                                                         const char             *target_project_id,
                                                         const char             *target_project_name,
                                                         const char * const     *selected_object_ids);

/* An editor that changes the package of MIGRATION (created on SOURCE, not
 * yet requested for import; api.md §5.2 E) instead of defining a new
 * migration: it reads the source's record (GET ?showContent=all) and fills
 * the draft from it; the name, the objects and the rules can change,
 * source, target and kind are fixed (insensitive, the tooltip says why).
 * States the source refuses (not created, import requested or done, a
 * package uploaded from a file, not on SOURCE) are said on the first page
 * before anything can be edited, and block Next. The last step's primary
 * button is "Update Package": a FerryPackageEditJob through MONITOR; the
 * live page ends "Package Updated" (Show in Migrations, Done). TARGET (may
 * be NULL) is the migration's target, for the preview. */
FerryMigrationEditor *ferry_migration_editor_new_for_edit (GtkWindow             *parent,
                                                           FerryMigrationMonitor *monitor,
                                                           FerryEnvironment      *source,
                                                           FerryEnvironment      *target,
                                                           FerryMigration        *migration);
/* The migration whose package an edit editor changes, or NULL. */
const char           *ferry_migration_editor_get_edit_migration_id (FerryMigrationEditor *self);

/* More objects of the source project (e.g. selected in the source pane);
 * returns how many were not there yet. */
guint                 ferry_migration_editor_add_objects    (FerryMigrationEditor *self,
                                                             const char * const   *object_ids);

/* Names, types and folders of the content's objects from the source
 * project's INVENTORY (e.g. the Compare page's), so that the source need
 * not be listed again to name them. */
void                  ferry_migration_editor_describe_from_inventory (FerryMigrationEditor *self,
                                                                      FerryInventory       *inventory);

/* The saved environments, for choosing another target (and for matching a
 * plan's target). */
void                  ferry_migration_editor_set_environments (FerryMigrationEditor *self,
                                                               GListModel           *environments);

/* Where the editor's jobs run (the application's monitor); NULL until set
 * or until the editor runs a job without one. */
FerryMigrationMonitor *ferry_migration_editor_get_monitor   (FerryMigrationEditor  *self);
void                  ferry_migration_editor_set_monitor    (FerryMigrationEditor  *self,
                                                             FerryMigrationMonitor *monitor);

/* What the editor defines (the settings and the content are the draft's). */
FerryMigrationDraft  *ferry_migration_editor_get_draft      (FerryMigrationEditor *self);
FerryTocSettings     *ferry_migration_editor_get_settings   (FerryMigrationEditor *self);
/* The objects of an object migration (GListModel of FerryContentItem). */
GListStore           *ferry_migration_editor_get_content    (FerryMigrationEditor *self);
const char           *ferry_migration_editor_get_name       (FerryMigrationEditor *self);
void                  ferry_migration_editor_set_name       (FerryMigrationEditor *self,
                                                             const char           *name);
gboolean              ferry_migration_editor_get_project_merge (FerryMigrationEditor *self);
void                  ferry_migration_editor_set_project_merge (FerryMigrationEditor *self,
                                                                gboolean              project_merge);
FerryPackageType      ferry_migration_editor_get_package_type (FerryMigrationEditor *self);
/* As if chosen in the drop-down: settings that stop applying are cleared
 * (schema updates outside project packages, the replaced objects' ACL in
 * project security packages). */
void                  ferry_migration_editor_set_package_type (FerryMigrationEditor *self,
                                                               FerryPackageType      package_type);
FerryEnvironment     *ferry_migration_editor_get_source     (FerryMigrationEditor *self);
const char           *ferry_migration_editor_get_source_project_id (FerryMigrationEditor *self);
FerryEnvironment     *ferry_migration_editor_get_target     (FerryMigrationEditor *self);
const char           *ferry_migration_editor_get_target_project_id (FerryMigrationEditor *self);
/* Another target (TARGET must be connected to preview or run). */
void                  ferry_migration_editor_set_target     (FerryMigrationEditor *self,
                                                             FerryEnvironment     *target,
                                                             const char           *project_id,
                                                             const char           *project_name);

FerryMigrationEditorPage ferry_migration_editor_get_page    (FerryMigrationEditor *self);
void                  ferry_migration_editor_set_page       (FerryMigrationEditor *self,
                                                             FerryMigrationEditorPage page);
/* Why the current page cannot go on (the text next to Next/Run), or NULL. */
const char           *ferry_migration_editor_get_blocked_reason (FerryMigrationEditor *self);

/* The whole definition as a plan (new), and back. Loading matches the
 * plan's target by name and URL among the environments: when it is not
 * available the editor keeps its current target and says so. */
FerryPlan            *ferry_migration_editor_dup_plan       (FerryMigrationEditor *self);
void                  ferry_migration_editor_load_plan      (FerryMigrationEditor *self,
                                                             const FerryPlan      *plan);
/* The notice shown after a plan was opened against other environments, or NULL. */
const char           *ferry_migration_editor_get_plan_notice (FerryMigrationEditor *self);
/* Save and open without the file chooser (tests; the actions use it). */
void                  ferry_migration_editor_save_plan_to_file   (FerryMigrationEditor *self,
                                                                  GFile                *file);
void                  ferry_migration_editor_open_plan_from_file (FerryMigrationEditor *self,
                                                                  GFile                *file);

/* Starts the preview now (Next to page 3 does). */
void                  ferry_migration_editor_refresh_preview (FerryMigrationEditor *self);
FerryPreviewView     *ferry_migration_editor_get_preview_view (FerryMigrationEditor *self);
FerrySettingsEditor  *ferry_migration_editor_get_settings_editor (FerryMigrationEditor *self);

/* Starts the migration without asking (Run asks first when the preview
 * deletes, duplicates or cannot be undone) and shows the live page. */
FerryJob             *ferry_migration_editor_run            (FerryMigrationEditor *self);
/* The undo started from the live page (the monitor runs it), or NULL. */
FerryJob             *ferry_migration_editor_get_undo_job   (FerryMigrationEditor *self);
/* Starts the undo of the migration the editor ran, without asking (Undo
 * asks first); NULL, with a toast saying why, when it is not available. */
FerryJob             *ferry_migration_editor_undo           (FerryMigrationEditor *self);
FerryMigrationLivePage *ferry_migration_editor_get_live_page (FerryMigrationEditor *self);
/* Creates the package (object migrations) and saves it to FILE. */
FerryJob             *ferry_migration_editor_save_package_to_file (FerryMigrationEditor *self,
                                                                   GFile                *file);
FerryJob             *ferry_migration_editor_get_job        (FerryMigrationEditor *self);

/* Never lose work: whether closing asks ("Save the Migration Plan?":
 * Discard, Save Plan…, Cancel), the question while shown, and the file the
 * unsaved draft is kept in (set: a recovered draft's, to go on with it). */
gboolean              ferry_migration_editor_get_modified   (FerryMigrationEditor *self);
GtkWidget            *ferry_migration_editor_get_close_dialog (FerryMigrationEditor *self);
FerryDraftFile       *ferry_migration_editor_get_draft_file (FerryMigrationEditor *self);
void                  ferry_migration_editor_set_draft_file (FerryMigrationEditor *self,
                                                             GFile                *file);

G_END_DECLS
