/* ferry-migration-editor-private.h: shared by the editor's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FerryMigrationEditor is one class in three files: ferry-migration-editor.c
 * (the pages, the preview, blocked reasons, the GObject), -what.c (page 1:
 * source, target and projects, kind and type, reading the objects; their
 * table is a FerryMigrationContentList) and -actions.c (running and its progress, retry, log in, plans,
 * packages and the file choosers). What is defined is the
 * FerryMigrationDraft's.
 */

#pragma once

#include <glib/gi18n.h>

#include "ferry-migration-content-list.h"
#include "ferry-migration-editor.h"
#include "ferry-migration-preview-page.h"
#include "ferry-migration-run-bar.h"

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
  AdwEntryRow          *name_row;
  AdwActionRow         *source_row;
  AdwComboRow          *target_row;
  AdwComboRow          *target_project_row;
  AdwComboRow          *kind_row;
  AdwComboRow          *type_row;
  FerryMigrationContentList *content_group;
  AdwPreferencesGroup  *merge_group;
  GtkLabel             *merge_label;
  FerrySettingsEditor  *settings_editor;
  FerryMigrationPreviewPage *preview_page;
  FerryMigrationRunBar *run_status;
  GtkWidget            *back_button;
  GtkWidget            *next_button;
  GtkWidget            *blocked_box;
  GtkLabel             *blocked_label;

  /* what is defined: the draft owns it; settings and content are its */
  FerryMigrationDraft  *draft;
  GListModel           *environments;     /* the target row's model */
  GListStore           *projects;         /* FerryProject of the target */
  char                 *projects_error;

  /* what */
  FerryTocSettings     *settings;         /* the draft's */
  GListStore           *content;          /* the draft's: FerryContentItem */
  char                 *auto_name;
  gboolean              name_edited;
  gboolean              loading_plan;
  gboolean              syncing;
  char                 *plan_notice;

  /* state */
  FerryMigrationEditorPage page;
  char                 *blocked_reason;
  GCancellable         *cancellable;       /* the editor's life */
  GCancellable         *projects_cancellable;
  guint                 resolve_id;       /* the selected objects are read from an idle */
  FerryJob             *job;
  FerryMigrationMonitor *monitor;         /* runs the jobs: the window's, or the editor's own */
  GFile                *package_file;      /* the last "Save Package…" target, for Retry */
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
source_project_name (FerryMigrationEditor *self)
{
  return ferry_migration_draft_get_source_project_name (self->draft);
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

guint _ferry_migration_editor_append_objects (FerryMigrationEditor *self,
                                              const char * const *object_ids);
char *_ferry_migration_editor_blocked_reason_for (FerryMigrationEditor *self,
                                                  FerryMigrationEditorPage page);
void _ferry_migration_editor_content_items_changed_cb (GListModel *model,
                                                       guint position,
                                                       guint removed,
                                                       guint added,
                                                       FerryMigrationEditor *self);
void _ferry_migration_editor_content_refresh_rows (FerryMigrationEditor *self);
void _ferry_migration_editor_definition_changed (FerryMigrationEditor *self);
gboolean _ferry_migration_editor_describe_from (FerryMigrationEditor *self,
                                                FerryInventory *inventory,
                                                gboolean note_missing);
void _ferry_migration_editor_login_action (GtkWidget *widget,
                                           const char *action_name,
                                           GVariant *parameter);
gboolean _ferry_migration_editor_merge_to_selected (GBinding *binding,
                                                    const GValue *from,
                                                    GValue *to,
                                                    gpointer user_data);
void _ferry_migration_editor_name_changed_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_notice_close_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_open_plan_action (GtkWidget *widget,
                                               const char *action_name,
                                               GVariant *parameter);
void _ferry_migration_editor_package_type_changed_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_project_merge_changed_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_queue_resolve (FerryMigrationEditor *self);
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
gboolean _ferry_migration_editor_selected_to_merge (GBinding *binding,
                                                    const GValue *from,
                                                    GValue *to,
                                                    gpointer user_data);
void _ferry_migration_editor_set_string (char **field, const char *value);
void _ferry_migration_editor_settings_changed_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_source_state_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_target_project_row_selected_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_target_row_selected_cb (FerryMigrationEditor *self);
void _ferry_migration_editor_toast (FerryMigrationEditor *self, const char *text);
void _ferry_migration_editor_update_actions (FerryMigrationEditor *self);
void _ferry_migration_editor_update_auto_name (FerryMigrationEditor *self);
void _ferry_migration_editor_update_content_keep_both (FerryMigrationEditor *self);
void _ferry_migration_editor_update_what_page (FerryMigrationEditor *self);
void _ferry_migration_editor_watch_target (FerryMigrationEditor *self,
                                           FerryEnvironment *old_target,
                                           FerryEnvironment *new_target);
void _ferry_migration_editor_notify (FerryMigrationEditor *self, guint prop_id);
void _ferry_migration_editor_emit_job_started (FerryMigrationEditor *self, FerryJob *job);

G_END_DECLS
