/* ferry-migration-editor-private.h: shared by the editor's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FerryMigrationEditor is one class in two files: ferry-migration-editor.c
 * (the pages, the preview, blocked reasons, the GObject) and -actions.c
 * (running and its progress, retry, log in, plans, packages and the file
 * choosers), -preflight.c (the checks before Run), and -close.c (asking before closing a changed draft, keeping
 * it on disk). Its pages are template sub-widgets: FerryMigrationWhatPage,
 * FerrySettingsEditor, FerryMigrationPreviewPage. What is defined is the
 * FerryMigrationDraft's.
 */

#pragma once

#include <glib/gi18n.h>

#include "ferry-migration-content-list.h"
#include "ferry-migration-editor.h"
#include "ferry-migration-live-page.h"
#include "ferry-migration-preview-page.h"
#include "ferry-migration-run-bar.h"
#include "ferry-migration-what-page.h"

G_BEGIN_DECLS

struct _FerryMigrationEditor
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *notice_revealer;
  GtkLabel             *notice_label;
  GtkButton            *notice_close_button;
  AdwViewStack         *view_stack;
  FerryMigrationWhatPage *what_page;
  FerrySettingsEditor  *settings_editor;
  FerryMigrationPreviewPage *preview_page;
  FerryMigrationLivePage *live_page;
  FerryMigrationRunBar *run_status;
  GtkWidget            *back_button;
  GtkWidget            *next_button;
  GtkWidget            *run_button;
  GtkWidget            *undo_button;
  GtkWidget            *done_button;
  GtkWidget            *show_button;
  GtkWidget            *retry_button;
  GtkWidget            *login_button;
  GtkWidget            *blocked_box;
  GtkImage             *blocked_icon;
  GtkLabel             *blocked_label;

  /* what is defined: the draft owns it; settings and content are its */
  FerryMigrationDraft  *draft;
  FerryTocSettings     *settings;         /* the draft's */
  GListStore           *content;          /* the draft's: FerryContentItem */
  char                 *plan_notice;

  /* state */
  FerryMigrationEditorPage page;
  char                 *blocked_reason;
  GCancellable         *cancellable;       /* the editor's life */
  FerryJob             *job;
  FerryJob             *undo_job;          /* the undo started from the live page */
  char                 *run_summary;       /* what the run does, from its preview ("12 objects updated…") */
  gboolean              focus_pending;     /* the page's primary button takes the focus once it can */
  FerryMigrationMonitor *monitor;         /* runs the jobs: the window's, or the editor's own */
  GFile                *package_file;      /* the last "Save Package…" target, for Retry */

  /* the checks before Run (ferry-migration-editor-actions.c) */
  FerryPreflight       *preflight;         /* NULL until the Preview page is reached */
  char                 *preflight_key;     /* what it was made of */
  GCancellable         *preflight_cancellable;

  /* never lose work (ferry-migration-editor-close.c) */
  FerryDraftFile       *draft_file;        /* the unsaved draft on disk, once changed */
  GtkWidget            *close_dialog;      /* "Save the Migration Plan?" while shown */
  gboolean              close_confirmed;   /* Discard: closes without asking */
  gboolean              close_after_save;  /* Save Plan… from the question */

  /* edit mode (ferry-migration-editor-edit.c): a created package changed */
  char                 *edit_migration_id; /* NULL: a new migration */
  JsonObject           *edit_record;       /* its source record, showContent=all */
  char                 *edit_refusal;      /* why it cannot be edited, or NULL */
  gboolean              edit_loading;      /* the record is being read */
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_NAME,
  PROP_PAGE,
  PROP_JOB,
  PROP_BLOCKED_REASON,
  PROP_ENVIRONMENTS,
  PROP_MONITOR,
  N_PROPS
};

static inline FerryConnection *
connection_of (FerryEnvironment *environment)
{
  if (environment == NULL || ferry_environment_get_state (environment) != FERRY_CONNECTION_STATE_CONNECTED)
    return NULL;
  return ferry_environment_get_connection (environment);
}

static inline FerryEnvironment *
source_env (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_source (self->draft);
}

static inline FerryEnvironment *
target_env (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_target (self->draft);
}

static inline const char *
source_project_id (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_source_project_id (self->draft);
}

static inline const char *
target_project_id (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_target_project_id (self->draft);
}

static inline const char *
target_project_name (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_target_project_name (self->draft);
}

static inline const char *
environment_name (FerryEnvironment *environment)
{
  return environment != NULL ? ferry_environment_get_name (environment) : "";
}

static inline gboolean
is_merge (FerryMigrationEditor *self)
{
  return ferry_toc_settings_get_project_merge (self->settings);
}

static inline FerryPackageType
package_type (FerryMigrationEditor *self)
{
  return ferry_toc_settings_get_package_type (self->settings);
}

/* The project the objects come from (none for configuration packages). */
static inline const char *
source_project (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_package_source_project (self->draft);
}

static inline const char *
target_project (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_package_target_project (self->draft);
}

char *_ferry_migration_editor_blocked_reason_for (FerryMigrationEditor *self,
                                                  FerryMigrationEditorPage page);
void _ferry_migration_editor_definition_changed (FerryMigrationEditor *self);
void _ferry_migration_editor_login_action (GtkWidget *widget,
                                           const char *action_name,
                                           GVariant *parameter);
void _ferry_migration_editor_notice_close_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_open_plan_action (GtkWidget *widget,
                                               const char *action_name,
                                               GVariant *parameter);
void _ferry_migration_editor_refresh_preview_action (GtkWidget *widget,
                                                     const char *action_name,
                                                     GVariant *parameter);
void _ferry_migration_editor_retry_action (GtkWidget *widget,
                                           const char *action_name,
                                           GVariant *parameter);
void _ferry_migration_editor_run_action (GtkWidget *widget,
                                         const char *action_name,
                                         GVariant *parameter);
void _ferry_migration_editor_save_package_action (GtkWidget *widget,
                                                  const char *action_name,
                                                  GVariant *parameter);
void _ferry_migration_editor_save_plan_action (GtkWidget *widget,
                                               const char *action_name,
                                               GVariant *parameter);
void _ferry_migration_editor_set_string (char **field, const char *value);
void _ferry_migration_editor_sync_source (FerryMigrationEditor *self);
void _ferry_migration_editor_toast (FerryMigrationEditor *self, const char *text);
void _ferry_migration_editor_update_actions (FerryMigrationEditor *self);
void _ferry_migration_editor_notify (FerryMigrationEditor *self, guint prop_id);
void _ferry_migration_editor_emit_job_started (FerryMigrationEditor *self, FerryJob *job);
void _ferry_migration_editor_emit_show_migration (FerryMigrationEditor *self, const char *migration_id);
gboolean _ferry_migration_editor_undo_available (FerryMigrationEditor *self, char **reason);
gboolean _ferry_migration_editor_needs_login (FerryMigrationEditor *self);
void _ferry_migration_editor_undo_action (GtkWidget *widget,
                                          const char *action_name,
                                          GVariant *parameter);
void _ferry_migration_editor_show_migration_action (GtkWidget *widget,
                                                    const char *action_name,
                                                    GVariant *parameter);
void _ferry_migration_editor_watch_monitor (FerryMigrationEditor *self);
void _ferry_migration_editor_watch_draft (FerryMigrationEditor *self);
void _ferry_migration_editor_forget_draft (FerryMigrationEditor *self);
void _ferry_migration_editor_flush_draft (FerryMigrationEditor *self);
void _ferry_migration_editor_plan_saved (FerryMigrationEditor *self);
gboolean _ferry_migration_editor_close_request (FerryMigrationEditor *self);
void _ferry_migration_editor_update_preflight (FerryMigrationEditor *self);
char *_ferry_migration_editor_preflight_reason (FerryMigrationEditor *self);
gboolean _ferry_migration_editor_request_only (FerryMigrationEditor *self);
void _ferry_migration_editor_check_again_action (GtkWidget *widget,
                                                 const char *action_name,
                                                 GVariant *parameter);
void _ferry_migration_editor_clear_preflight (FerryMigrationEditor *self);
gboolean _ferry_migration_editor_is_edit (FerryMigrationEditor *self);
char *_ferry_migration_editor_edit_reason (FerryMigrationEditor *self);
FerryJob *_ferry_migration_editor_run_edit (FerryMigrationEditor *self);
void _ferry_migration_editor_start_job (FerryMigrationEditor *self, FerryJob *job);
void _ferry_migration_editor_clear_edit (FerryMigrationEditor *self);

G_END_DECLS
