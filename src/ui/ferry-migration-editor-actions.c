/* ferry-migration-editor-actions.c: running, retry, log in, plans and packages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-editor"

#include "config.h"

#include <string.h>

#include "ferry-a11y.h"
#include "ferry-preferences-window.h"
#include "ferry-migration-editor-private.h"
#include "ferry-migrations-view.h"
#include "ferry-password-dialog.h"

/* ------------------------------------------------------------------------ */
/* Running                                                                    */
/* ------------------------------------------------------------------------ */

static gboolean
needs_login (const GError *error)
{
  return g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED) ||
         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED) ||
         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAUTHORIZED) ||
         g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_CONNECTED);
}

static GApplication *
application_of (FerryMigrationEditor *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (app == NULL && parent != NULL)
    app = gtk_window_get_application (parent);
  return app != NULL ? G_APPLICATION (app) : g_application_get_default ();
}

static void
notify_desktop (FerryMigrationEditor *self,
                const char           *title,
                const char           *body)
{
  GApplication *app;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;

  if (gtk_window_is_active (GTK_WINDOW (self)))
    return;
  app = application_of (self);
  if (app == NULL || !g_application_get_is_registered (app))
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  id = g_strdup_printf ("ferry-job-%p", (void *) self->job);
  g_application_send_notification (app, id, notification);
}

static void
job_finished_cb (FerryJob             *job,
                 FerryMigrationEditor *self)
{
  FerryJobState state = ferry_job_get_state (job);
  gboolean package = FERRY_IS_PACKAGE_CREATE_JOB (job);
  gboolean edit = FERRY_IS_PACKAGE_EDIT_JOB (job);
  const char *name = ferry_migration_what_page_get_name (self->what_page);
  g_autofree char *text = NULL;

  if (job != self->job)
    return;

  switch (state)
    {
    case FERRY_JOB_STATE_SUCCEEDED:
      if (package)
        {
          g_autofree char *path = self->package_file ? g_file_get_parse_name (self->package_file) : NULL;

          text = g_strdup_printf (_("Package saved to %s"), path ? path : "");
          ferry_migration_run_bar_show_succeeded (self->run_status, text);
          _ferry_migration_editor_toast (self, text);
        }
      else if (edit)
        text = g_strdup_printf (_("The package “%s” was updated in %s"), name, environment_name (source_env (self)));
      else if (ferry_migration_job_get_request_only (job))
        text = g_strdup_printf (_("The import of “%s” into %s was requested"), name, environment_name (target_env (self)));
      else
        /* The live page says it; the desktop, when nobody looks. */
        text = g_strdup_printf (_("“%s” was imported into %s"), name, environment_name (target_env (self)));
      notify_desktop (self, package ? _("Package Saved")
                                    : edit ? _("Package Updated")
                                    : ferry_migration_job_get_request_only (job) ? _("Import Requested")
                                    : _("Migration Imported"), text);
      break;

    case FERRY_JOB_STATE_FAILED:
      {
        const GError *error = ferry_job_get_error (job);
        g_autofree char *described = error ? ferry_api_error_describe (error) : g_strdup (_("Unknown error"));
        gboolean login = error != NULL && needs_login (error);

        text = g_strdup_printf (package ? _("The package could not be made: %s")
                                : edit ? _("The package could not be updated: %s")
                                : _("The migration failed: %s"), described);
        if (package)
          {
            ferry_migration_run_bar_show_failed (self->run_status, _("Package failed"), text, login);
            _ferry_migration_editor_toast (self, _("The package could not be made"));
          }
        notify_desktop (self, package ? _("Package Failed") : edit ? _("Package Not Updated") : _("Migration Failed"),
                        text);
      }
      break;

    case FERRY_JOB_STATE_CANCELLED:
      if (package)
        ferry_migration_run_bar_show_cancelled (self->run_status);
      break;

    case FERRY_JOB_STATE_READY:
    case FERRY_JOB_STATE_RUNNING:
    default:
      if (package)
        ferry_migration_run_bar_update (self->run_status);
      break;
    }

  _ferry_migration_editor_update_actions (self);
}

gboolean
_ferry_migration_editor_needs_login (FerryMigrationEditor *self)
{
  const GError *error = self->job != NULL ? ferry_job_get_error (self->job) : NULL;

  return error != NULL && needs_login (error);
}

/* The monitor's records change (e.g. the migration's record after the
 * import): what the live page offers may change with them. */
void
_ferry_migration_editor_watch_monitor (FerryMigrationEditor *self)
{
  if (self->monitor == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (_ferry_migration_editor_update_actions),
                           self, G_CONNECT_SWAPPED);
}

/* The monitor that runs the editor's jobs: the window's, or (an editor
 * opened without one) its own, over the saved environments or else the
 * source and the target. */
static FerryMigrationMonitor *
ensure_monitor (FerryMigrationEditor *self)
{
  GListModel *environments;
  g_autoptr(GListStore) own = NULL;

  if (self->monitor != NULL)
    return self->monitor;
  environments = ferry_migration_what_page_get_environments (self->what_page);
  if (environments == NULL)
    {
      own = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
      if (source_env (self) != NULL)
        g_list_store_append (own, source_env (self));
      if (target_env (self) != NULL && target_env (self) != source_env (self))
        g_list_store_append (own, target_env (self));
      environments = G_LIST_MODEL (own);
    }
  self->monitor = ferry_migration_monitor_new (environments, NULL);
  _ferry_migration_editor_watch_monitor (self);
  _ferry_migration_editor_notify (self, PROP_MONITOR);
  return self->monitor;
}

void
_ferry_migration_editor_start_job (FerryMigrationEditor *self,
                                   FerryJob             *job)
{
  /* A migration, or an edit of its package, becomes the live page. */
  gboolean migration = FERRY_IS_MIGRATION_JOB (job) || FERRY_IS_PACKAGE_EDIT_JOB (job);

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_data (self->job, self);
  g_set_object (&self->job, job);

  g_signal_connect_object (job, "finished", G_CALLBACK (job_finished_cb), self, 0);
  g_signal_connect_object (job, "notify::migration-id", G_CALLBACK (_ferry_migration_editor_update_actions),
                           self, G_CONNECT_SWAPPED);
  /* A package saved to a file shows in the bar under the pages; a
   * migration becomes the editor's live page. */
  if (migration)
    {
      ferry_migration_run_bar_set_job (self->run_status, NULL);
      ferry_migration_live_page_set_job (self->live_page, job,
                                         environment_name (FERRY_IS_PACKAGE_EDIT_JOB (job) ? source_env (self)
                                                                                           : target_env (self)),
                                         ferry_migration_what_page_get_name (self->what_page), self->run_summary);
    }
  else
    ferry_migration_run_bar_set_job (self->run_status, job);
  _ferry_migration_editor_notify (self, PROP_JOB);

  /* A saved package is no migration of the list: the editor itself says
   * how it ended, nobody else. */
  if (!migration)
    g_object_set_data (G_OBJECT (job), FERRY_JOB_REPORTED_KEY, self);
  _ferry_migration_editor_emit_job_started (self, job);
  /* The monitor runs the job with its own cancellable and keeps it:
   * closing the editor stops nothing, and the Migrations page shows it. */
  ferry_migration_monitor_run_job (ensure_monitor (self), job);
  if (!migration)
    ferry_migration_run_bar_update (self->run_status);
  if (migration)
    ferry_migration_editor_set_page (self, FERRY_MIGRATION_EDITOR_PAGE_RUN);
  _ferry_migration_editor_update_actions (self);
}

FerryJob *
ferry_migration_editor_run (FerryMigrationEditor *self)
{
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryPreviewResult *result = ferry_preview_view_get_result (ferry_migration_preview_page_get_view (self->preview_page));
  FerryMigrationSpec spec;

  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);

  /* One migration per editor: once it ran, the editor shows it. */
  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN)
    return NULL;
  /* An edit updates the package; nothing is imported. */
  if (_ferry_migration_editor_is_edit (self))
    return _ferry_migration_editor_run_edit (self);

  /* A blocking check failed: nothing is created on either server. */
  if (self->preflight != NULL && !ferry_preflight_get_running (self->preflight) &&
      ferry_preflight_get_blocked_reason (self->preflight) != NULL)
    {
      _ferry_migration_editor_toast (self, ferry_preflight_get_blocked_reason (self->preflight));
      return NULL;
    }

  if (!ferry_migration_draft_to_spec (self->draft, &spec, &error))
    {
      _ferry_migration_editor_toast (self, error->message);
      return NULL;
    }

  job = ferry_migration_job_new (ferry_migration_draft_get_source_connection (self->draft),
                                 ferry_migration_draft_get_target_connection (self->draft), &spec);
  if (!ferry_migration_draft_get_generate_undo (self->draft))
    ferry_migration_job_set_generate_undo (job, FALSE);
  /* The user may request the import, not approve it: the job stops there,
   * and an administrator of the target approves it (Migrations page). */
  if (_ferry_migration_editor_request_only (self))
    ferry_migration_job_set_request_only (job, TRUE);
  g_clear_object (&self->package_file);
  /* What it will have done, from the preview it was run from (imports are
   * all or nothing, and the preview predicts them object by object). */
  g_clear_pointer (&self->run_summary, g_free);
  if (result != NULL && !ferry_migration_preview_page_get_stale (self->preview_page))
    self->run_summary = ferry_preview_result_dup_summary (result);
  _ferry_migration_editor_start_job (self, job);
  return self->job;
}

FerryJob *
ferry_migration_editor_save_package_to_file (FerryMigrationEditor *self,
                                             GFile                *file)
{
  g_autoptr(JsonNode) definition = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  reason = _ferry_migration_editor_blocked_reason_for (self, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  if (reason == NULL && is_merge (self))
    reason = g_strdup (_("A project merge makes no package file: choose an object migration"));
  if (reason != NULL)
    {
      _ferry_migration_editor_toast (self, reason);
      return NULL;
    }

  /* {type, settings, content}: api.md §4.3 */
  definition = ferry_migration_draft_dup_package_definition (self->draft);

  job = ferry_package_create_job_new (connection_of (source_env (self)), source_project (self), definition, file);
  g_set_object (&self->package_file, file);
  _ferry_migration_editor_start_job (self, job);
  _ferry_migration_editor_toast (self, _("Making the package…"));
  return self->job;
}

FerryJob *
ferry_migration_editor_get_job (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->job;
}

/* --- Run: the preview is the confirmation, unless it deletes, duplicates or cannot be undone --- */

static void
run_response_cb (AdwMessageDialog     *dialog,
                 const char           *response,
                 FerryMigrationEditor *self)
{
  if (g_strcmp0 (response, "run") == 0)
    ferry_migration_editor_run (self);
}

void
_ferry_migration_editor_run_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  FerryPreviewResult *result = ferry_preview_view_get_result (ferry_migration_preview_page_get_view (self->preview_page));
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *where = NULL;
  g_autoptr(GString) body = NULL;
  guint deleted, duplicated;
  gboolean undo, request_only;

  if (self->blocked_reason != NULL || result == NULL || self->page != FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    return;

  /* Its counts are on screen: Run is the user's answer already. An
   * edit imports nothing: Update Package asks nothing either. */
  if (!ferry_preview_result_get_needs_confirmation (result) || _ferry_migration_editor_is_edit (self))
    {
      ferry_migration_editor_run (self);
      return;
    }

  deleted = ferry_preview_result_get_count (result, FERRY_OUTCOME_DELETE);
  duplicated = ferry_preview_result_get_count (result, FERRY_OUTCOME_DUPLICATE);
  undo = ferry_preview_result_get_undo_possible (result);
  /* A user who may only request the import is asked about the request. */
  request_only = _ferry_migration_editor_request_only (self);
  heading = g_strdup_printf (request_only ? _("Request the Import of “%s”?") : _("Run “%s”?"),
                             ferry_migration_what_page_get_name (self->what_page));
  if (target_project (self) != NULL)
    where = g_strdup_printf ("%s (%s)", environment_name (target_env (self)),
                             target_project_name (self) ? target_project_name (self) : target_project_id (self));
  else
    where = g_strdup (environment_name (target_env (self)));

  /* Only what makes it worth a question, each in a sentence. */
  body = g_string_new (NULL);
  if (deleted > 0)
    g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "It deletes %u object in %s.", "It deletes %u objects in %s.", deleted),
                            deleted, where);
  if (duplicated > 0)
    {
      if (body->len > 0)
        g_string_append_c (body, ' ');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "It adds %u object to %s as a second copy (keep both).",
                                                 "It adds %u objects to %s as second copies (keep both).", duplicated),
                              duplicated, where);
    }
  if (body->len > 0)
    g_string_append_c (body, ' ');
  g_string_append (body, undo ? _("Undo will be possible afterwards.")
                              : _("Undo will not be available for this migration."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body->str));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "run",
                                    request_only ? _("_Request Import")
                                                 : deleted > 0 ? _("_Run and Delete") : _("_Run"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "run",
                                              deleted > 0 ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  /* Enter does what the user pressed Run for; Escape cancels. */
  adw_message_dialog_set_default_response (dialog, "run");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (run_response_cb), self, 0);
  ferry_a11y_fix_mnemonics (GTK_WIDGET (dialog));     /* "_Run Run" else */
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Undo, Show in Migrations ---------------------------------------------------------------- */

/* The migration the editor ran, as the monitor holds it (else as the job
 * last read it). */
static FerryMigration *
ran_migration (FerryMigrationEditor *self)
{
  const char *id = self->job != NULL ? ferry_job_get_migration_id (self->job) : NULL;
  FerryMigration *m = NULL;

  if (id == NULL || !FERRY_IS_MIGRATION_JOB (self->job))
    return NULL;
  if (self->monitor != NULL)
    m = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (self->monitor), id);
  return m != NULL ? m : ferry_job_get_migration (self->job);
}

gboolean
_ferry_migration_editor_undo_available (FerryMigrationEditor  *self,
                                        char                 **reason)
{
  FerryMigration *m = ran_migration (self);
  FerryConnection *source, *target;
  FerryMigrationOpContext context = { 0 };

  *reason = NULL;
  if (m == NULL || self->monitor == NULL || ferry_job_get_state (self->job) != FERRY_JOB_STATE_SUCCEEDED)
    return FALSE;
  if (self->undo_job != NULL && ferry_job_get_state (self->undo_job) == FERRY_JOB_STATE_RUNNING)
    {
      *reason = g_strdup (_("The undo is under way"));
      return FALSE;
    }
  source = ferry_migration_monitor_get_source (self->monitor, m);
  target = ferry_migration_monitor_get_target (self->monitor, m);
  context.source_connected = source != NULL;
  context.target_connected = target != NULL;
  context.same_connection = source != NULL && source == target;
  context.source_name = environment_name (source_env (self));
  context.target_name = environment_name (target_env (self));
  context.toc_view = ferry_migration_monitor_get_toc_view (self->monitor, ferry_migration_get_id (m));
  return ferry_migration_op_available (m, &context, FERRY_MIGRATION_OP_UNDO, reason);
}

FerryJob *
ferry_migration_editor_undo (FerryMigrationEditor *self)
{
  g_autofree char *reason = NULL;
  FerryJob *job;

  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);

  if (!_ferry_migration_editor_undo_available (self, &reason))
    {
      if (reason != NULL)
        _ferry_migration_editor_toast (self, reason);
      return NULL;
    }
  job = ferry_migration_monitor_start_undo (self->monitor, ran_migration (self));
  if (job == NULL)
    {
      _ferry_migration_editor_toast (self, _("The undo could not start: the target is not connected"));
      return NULL;
    }
  if (self->undo_job != NULL)
    g_signal_handlers_disconnect_by_data (self->undo_job, self);
  g_set_object (&self->undo_job, job);
  self->focus_pending = TRUE;
  ferry_migration_live_page_set_job (self->live_page, job, environment_name (target_env (self)),
                                     ferry_migration_what_page_get_name (self->what_page), NULL);
  _ferry_migration_editor_update_actions (self);
  return job;
}

FerryJob *
ferry_migration_editor_get_undo_job (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->undo_job;
}

static void
undo_response_cb (AdwMessageDialog     *dialog,
                  const char           *response,
                  FerryMigrationEditor *self)
{
  if (g_strcmp0 (response, "undo") == 0)
    ferry_migration_editor_undo (self);
}

void
_ferry_migration_editor_undo_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  g_autofree char *reason = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (!_ferry_migration_editor_undo_available (self, &reason))
    return;

  heading = g_strdup_printf (_("Undo “%s”?"), ferry_migration_what_page_get_name (self->what_page));
  body = g_strdup_printf (_("The objects this migration changed in %s get back the state they had before it."),
                          environment_name (target_env (self)));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "undo", _("_Undo"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "undo", ADW_RESPONSE_SUGGESTED);
  /* Enter does what the user asked for; Escape cancels. */
  adw_message_dialog_set_default_response (dialog, "undo");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_response_cb), self, 0);
  ferry_a11y_fix_mnemonics (GTK_WIDGET (dialog));     /* "_Undo Undo" else */
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_ferry_migration_editor_show_migration_action (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  const char *id = self->job != NULL ? ferry_job_get_migration_id (self->job) : NULL;

  if (id != NULL)
    _ferry_migration_editor_emit_show_migration (self, id);
}

void
_ferry_migration_editor_retry_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  FerryJob *job = self->job;

  /* A refused edit is not tried again (the package's state must change
   * first); never resumed as an import either. */
  if (job == NULL || ferry_job_get_state (job) == FERRY_JOB_STATE_RUNNING ||
      ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED || FERRY_IS_PACKAGE_EDIT_JOB (job))
    return;

  if (FERRY_IS_PACKAGE_CREATE_JOB (job) && self->package_file != NULL)
    {
      g_autoptr(GFile) file = g_object_ref (self->package_file);

      ferry_migration_editor_save_package_to_file (self, file);
    }
  else if (ferry_job_get_migration_id (job) != NULL &&
           connection_of (source_env (self)) != NULL && connection_of (target_env (self)) != NULL)
    {
      /* Goes on from where the servers have it (e.g. PUT again after
       * import_failed), instead of making a second migration. */
      g_autoptr(FerryJob) resumed = ferry_migration_job_new_resume (connection_of (source_env (self)),
                                                                connection_of (target_env (self)),
                                                                ferry_job_get_migration_id (job));

      _ferry_migration_editor_start_job (self, resumed);
    }
  else if (self->page != FERRY_MIGRATION_EDITOR_PAGE_RUN)
    ferry_migration_editor_run (self);
}

/* --- Log in again --------------------------------------------------------------------------- */

static void
login_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_environment_connect_finish (FERRY_ENVIRONMENT (object), result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not log in to %s: %s"), ferry_environment_get_name (FERRY_ENVIRONMENT (object)),
                              error->message);
      _ferry_migration_editor_toast (self, text);
      return;
    }
  _ferry_migration_editor_retry_action (GTK_WIDGET (self), "editor.retry", NULL);
}

static void
password_response_cb (AdwMessageDialog     *dialog,
                      const char           *response,
                      FerryMigrationEditor *self)
{
  FerryEnvironment *environment = ferry_password_dialog_get_environment (FERRY_PASSWORD_DIALOG (dialog));

  if (g_strcmp0 (response, "connect") != 0)
    return;
  ferry_environment_connect_async (environment, ferry_password_dialog_get_password (FERRY_PASSWORD_DIALOG (dialog)),
                                   self->cancellable, login_done_cb, g_object_ref (self));
}

void
_ferry_migration_editor_login_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  FerryEnvironment *environment;
  FerryPasswordDialog *dialog;

  /* The side that lost its session; the target when both look fine. */
  if (ferry_environment_get_state (source_env (self)) != FERRY_CONNECTION_STATE_CONNECTED)
    environment = source_env (self);
  else
    environment = target_env (self);
  if (environment == NULL)
    return;

  dialog = ferry_password_dialog_new (GTK_WINDOW (self), environment);
  g_signal_connect_object (dialog, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------------ */
/* Plans                                                                      */
/* ------------------------------------------------------------------------ */

FerryPlan *
ferry_migration_editor_dup_plan (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);

  ferry_migration_draft_set_name (self->draft, ferry_migration_what_page_get_name (self->what_page));
  return ferry_migration_draft_to_plan (self->draft);
}

static void
set_notice (FerryMigrationEditor *self,
            const char           *text)
{
  _ferry_migration_editor_set_string (&self->plan_notice, text);
  gtk_label_set_label (self->notice_label, text ? text : "");
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
}

void
ferry_migration_editor_load_plan (FerryMigrationEditor *self,
                                  const FerryPlan      *plan)
{
  g_autofree char *notice = NULL;

  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (plan != NULL);

  /* The draft takes the plan through the What page; the pages follow in
   * one update. */
  ferry_migration_what_page_load_plan (self->what_page, plan, &notice);

  set_notice (self, notice);
  _ferry_migration_editor_notify (self, PROP_NAME);
  ferry_migration_what_page_update (self->what_page);
  _ferry_migration_editor_sync_source (self);
  _ferry_migration_editor_definition_changed (self);
}

const char *
ferry_migration_editor_get_plan_notice (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->plan_notice;
}

static void
plan_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_plan_save_finish (result, &error))
    {
      g_autofree char *text = NULL;

      /* Not saved: the editor stays, and closing asks again. */
      self->close_after_save = FALSE;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not save the plan: %s"), error->message);
      _ferry_migration_editor_toast (self, text);
      return;
    }
  _ferry_migration_editor_toast (self, _("Plan saved"));
  _ferry_migration_editor_plan_saved (self);
}

void
ferry_migration_editor_save_plan_to_file (FerryMigrationEditor *self,
                                          GFile                *file)
{
  g_autoptr(FerryPlan) plan = NULL;

  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  plan = ferry_migration_editor_dup_plan (self);
  ferry_plan_save_async (plan, file, self->cancellable, plan_saved_cb, g_object_ref (self));
}

static void
plan_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPlan) plan = NULL;

  plan = ferry_plan_load_finish (result, &error);
  if (plan == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Could not open the plan: %s"), error->message);
      _ferry_migration_editor_toast (self, text);
      return;
    }
  ferry_migration_editor_load_plan (self, plan);
  ferry_migration_editor_set_page (self, FERRY_MIGRATION_EDITOR_PAGE_WHAT);
  _ferry_migration_editor_toast (self, _("Plan opened"));
}

void
ferry_migration_editor_open_plan_from_file (FerryMigrationEditor *self,
                                            GFile                *file)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  ferry_plan_load_async (file, self->cancellable, plan_loaded_cb, g_object_ref (self));
}

/* --- File choosers ----------------------------------------------------------------------------- */

static char *
file_name_for (FerryMigrationEditor *self,
               const char           *extension)
{
  g_autofree char *name = g_strdup (ferry_migration_what_page_get_name (self->what_page));

  g_strdelimit (name, "/\\:*?\"<>|", '-');
  if (*g_strstrip (name) == '\0')
    {
      g_free (name);
      name = g_strdup (_("Migration"));
    }
  return g_strconcat (name, extension, NULL);
}

typedef enum
{
  CHOOSE_SAVE_PLAN,
  CHOOSE_OPEN_PLAN,
  CHOOSE_SAVE_PACKAGE,
} ChooseKind;

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     FerryMigrationEditor *self)
{
  ChooseKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "kind"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file == NULL)
    {
      /* Save Plan… from the closing question, cancelled: the editor stays. */
      self->close_after_save = FALSE;
      return;
    }
  switch (kind)
    {
    case CHOOSE_SAVE_PLAN:
      ferry_migration_editor_save_plan_to_file (self, file);
      break;
    case CHOOSE_OPEN_PLAN:
      ferry_migration_editor_open_plan_from_file (self, file);
      break;
    case CHOOSE_SAVE_PACKAGE:
    default:
      ferry_migration_editor_save_package_to_file (self, file);
      break;
    }
}

static void
choose_file (FerryMigrationEditor *self,
             ChooseKind            kind)
{
  GtkFileChooserAction action = kind == CHOOSE_OPEN_PLAN ? GTK_FILE_CHOOSER_ACTION_OPEN : GTK_FILE_CHOOSER_ACTION_SAVE;
  const char *title = kind == CHOOSE_OPEN_PLAN ? _("Open Plan")
                      : kind == CHOOSE_SAVE_PLAN ? _("Save Plan") : _("Save Package");
  const char *accept = kind == CHOOSE_OPEN_PLAN ? _("_Open") : _("_Save");
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept, _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (kind == CHOOSE_SAVE_PACKAGE)
    {
      g_autofree char *name = file_name_for (self, ".mmp");

      gtk_file_filter_set_name (filter, _("Migration packages"));
      gtk_file_filter_add_pattern (filter, "*.mmp");
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Ferry plans"));
      gtk_file_filter_add_pattern (filter, "*.json");
      gtk_file_filter_add_mime_type (filter, "application/json");
      if (kind == CHOOSE_SAVE_PLAN)
        {
          g_autofree char *name = file_name_for (self, ".json");

          gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
        }
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  ferry_preferences_apply_default_folder (GTK_FILE_CHOOSER (chooser), GTK_WIDGET (self));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_ferry_migration_editor_save_plan_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  choose_file (FERRY_MIGRATION_EDITOR (widget), CHOOSE_SAVE_PLAN);
}

void
_ferry_migration_editor_open_plan_action (GtkWidget  *widget,
                                          const char *action_name,
                                          GVariant   *parameter)
{
  choose_file (FERRY_MIGRATION_EDITOR (widget), CHOOSE_OPEN_PLAN);
}

/* Why "Save Package…" cannot work now, or NULL. */
static char *
package_reason (FerryMigrationEditor *self)
{
  char *reason;

  if (is_merge (self))
    return g_strdup (_("A project merge makes no package file: choose an object migration"));
  reason = _ferry_migration_editor_blocked_reason_for (self, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  if (reason != NULL)
    {
      char *text = g_strdup_printf (_("No package yet: %s"), reason);

      g_free (reason);
      return text;
    }
  return NULL;
}

void
_ferry_migration_editor_save_package_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);
  g_autofree char *reason = package_reason (self);

  /* The menu item cannot say why it would be greyed: it says it here. */
  if (reason != NULL)
    {
      _ferry_migration_editor_toast (self, reason);
      return;
    }
  choose_file (self, CHOOSE_SAVE_PACKAGE);
}

void
_ferry_migration_editor_refresh_preview_action (GtkWidget  *widget,
                                                const char *action_name,
                                                GVariant   *parameter)
{
  ferry_migration_editor_refresh_preview (FERRY_MIGRATION_EDITOR (widget));
}

void
_ferry_migration_editor_notice_close_cb (FerryMigrationEditor *self)
{
  set_notice (self, NULL);
}

FerryMigrationMonitor *
ferry_migration_editor_get_monitor (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);

  return self->monitor;
}

void
ferry_migration_editor_set_monitor (FerryMigrationEditor  *self,
                                    FerryMigrationMonitor *monitor)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (monitor == NULL || FERRY_IS_MIGRATION_MONITOR (monitor));

  if (self->monitor == monitor)
    return;
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);
  _ferry_migration_editor_watch_monitor (self);
  _ferry_migration_editor_notify (self, PROP_MONITOR);
}

/* ------------------------------------------------------------------------ */
/* The checks before Run (FerryPreflight): made of the draft when the       */
/* Preview page is reached and whenever what they depend on changes; while  */
/* they run or a blocking check failed, Run waits and the bar says why.     */
/* ------------------------------------------------------------------------ */

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* What the pre-flight depends on: the same key, the same checks. */
static char *
preflight_key (FerryMigrationEditor *self)
{
  FerryConnection *source = ferry_migration_draft_get_source_connection (self->draft);
  FerryConnection *target = ferry_migration_draft_get_target_connection (self->draft);

  if (source == NULL || target == NULL)
    return NULL;
  return g_strdup_printf ("%p\n%p\n%s\n%s\n%d\n%d\n%s\n%s", (void *) source, (void *) target,
                          environment_name (source_env (self)), environment_name (target_env (self)),
                          package_type (self), is_merge (self),
                          or_empty (ferry_migration_draft_get_package_source_project (self->draft)),
                          or_empty (ferry_migration_draft_get_package_target_project (self->draft)));
}

static void
preflight_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The checks say what they found; a cancelled run was replaced. */
  if (!ferry_preflight_run_finish (FERRY_PREFLIGHT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Pre-flight: %s", error->message);
}

static void
run_preflight (FerryMigrationEditor *self)
{
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight == NULL)
    return;
  /* Tied to the editor's life: its dispose cancels the checks
   * (_ferry_migration_editor_clear_preflight()). */
  self->preflight_cancellable = g_cancellable_new ();
  ferry_preflight_run_async (self->preflight, self->preflight_cancellable, preflight_done_cb, NULL);
}

static void
set_preflight (FerryMigrationEditor *self,
               FerryPreflight       *preflight,
               char                 *key)
{
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_set_object (&self->preflight, preflight);
  g_free (self->preflight_key);
  self->preflight_key = key;
  if (preflight != NULL)
    g_signal_connect_swapped (preflight, "notify", G_CALLBACK (_ferry_migration_editor_update_actions), self);
  ferry_preflight_view_set_preflight (ferry_migration_preview_page_get_preflight_view (self->preview_page), preflight);
}

void
_ferry_migration_editor_update_preflight (FerryMigrationEditor *self)
{
  g_autofree char *key = NULL;
  g_autoptr(FerryPreflight) preflight = NULL;

  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN)
    return;
  key = preflight_key (self);
  if (key != NULL && g_strcmp0 (key, self->preflight_key) == 0)
    return;
  /* Away from the Preview page, what was checked is forgotten: the checks
   * run when the page is reached. */
  if (key == NULL || self->page != FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    {
      if (self->preflight != NULL)
        set_preflight (self, NULL, NULL);
      return;
    }

  preflight = ferry_preflight_new (ferry_migration_draft_get_source_connection (self->draft),
                                   environment_name (source_env (self)),
                                   ferry_migration_draft_get_target_connection (self->draft),
                                   environment_name (target_env (self)),
                                   ferry_package_type_to_string (package_type (self)),
                                   is_merge (self) ? FERRY_MIGRATION_PURPOSE_PROJECT_MERGE
                                                   : FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION,
                                   ferry_migration_draft_get_package_source_project (self->draft),
                                   ferry_migration_draft_get_package_target_project (self->draft));
  set_preflight (self, preflight, g_steal_pointer (&key));
  run_preflight (self);
}

/* Why Run must wait for the pre-flight, or NULL. */
char *
_ferry_migration_editor_preflight_reason (FerryMigrationEditor *self)
{
  return self->preflight != NULL ? ferry_preflight_dup_wait_reason (self->preflight) : NULL;
}

/* The user may request the import but not approve it: Run only requests. */
gboolean
_ferry_migration_editor_request_only (FerryMigrationEditor *self)
{
  return self->preflight != NULL && ferry_preflight_get_request_only (self->preflight);
}

void
_ferry_migration_editor_check_again_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);

  if (self->page != FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    return;
  if (self->preflight == NULL)
    _ferry_migration_editor_update_preflight (self);
  else
    run_preflight (self);
  _ferry_migration_editor_update_actions (self);
}

void
_ferry_migration_editor_clear_preflight (FerryMigrationEditor *self)
{
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_clear_object (&self->preflight);
  g_clear_pointer (&self->preflight_key, g_free);
}
