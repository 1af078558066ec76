/* ferry-window-actions.c: the main window's actions and the migrations it starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * win.add-environment, win.edit-environment, win.remove-environment,
 * win.compare, win.reload, win.search, win.new-migration,
 * win.add-to-migration, win.show-page (Alt+1, Alt+2), win.show-migrations,
 * win.undo-migration, win.edit-package, win.reuse-package; the migration
 * editors the
 * window opens, whose jobs go to the application's FerryMigrationMonitor,
 * the end of those jobs (the monitor's "job-finished"), and the question
 * before quitting while a migration runs.
 */

#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-compare-view.h"
#include "ferry-environment-dialog.h"
#include "ferry-migration-editor.h"
#include "ferry-migrations-view.h"
#include "ferry-reuse-dialog.h"
#include "ferry-window-private.h"

/* --- environment actions ------------------------------------------------------ */

static void
dialog_saved_cb (FerryEnvironmentDialog *dialog,
                 FerryEnvironment       *environment,
                 const char             *password,
                 const char             *old_name,
                 FerryWindow            *self)
{
  FerryEnvironment *clash = ferry_environment_list_lookup (self->environments,
                                                           ferry_environment_get_name (environment));
  FerryEnvironment *edited = ferry_environment_dialog_get_environment (dialog);

  /* A name already taken is said before anything is sent anywhere. */
  if (clash != NULL && clash != edited)
    {
      g_autoptr(GError) error = g_error_new (FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_DUPLICATE_NAME,
                                             _("An environment named “%s” already exists"),
                                             ferry_environment_get_name (environment));

      ferry_environment_dialog_show_gerror (dialog, error);
      return;
    }

  _ferry_window_connect_environment (self, environment, password, dialog);
}

static void
open_environment_dialog (FerryWindow      *self,
                         FerryEnvironment *environment)
{
  FerryEnvironmentDialog *dialog = ferry_environment_dialog_new (GTK_WINDOW (self), environment);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (dialog_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_environment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  open_environment_dialog (FERRY_WINDOW (widget), NULL);
}

static void
edit_environment_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  FerryEnvironment *environment = ferry_environment_list_lookup (self->environments,
                                                                 g_variant_get_string (parameter, NULL));

  if (environment == NULL || ferry_environment_get_is_demo (environment))
    return;

  open_environment_dialog (self, environment);
}

void
_ferry_window_password_cleared_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_password_clear_finish (result, &error))
    g_debug ("The saved password could not be removed: %s", error->message);
}

/* What Remove forgets besides the environment: each check button the
 * dialog shows (checked: the default keeps nothing). */
static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    FerryWindow      *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "ferry-environment-name");
  GtkCheckButton *forget_password = g_object_get_data (G_OBJECT (dialog), "ferry-forget-password");
  GtkCheckButton *forget_trust = g_object_get_data (G_OBJECT (dialog), "ferry-forget-trust");
  FerryEnvironment *environment;
  g_autofree char *text = NULL;
  g_autofree char *host = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  environment = ferry_environment_list_lookup (self->environments, name);
  if (environment == NULL)
    return;

  if ((forget_password != NULL && gtk_check_button_get_active (forget_password))
      || g_object_get_data (G_OBJECT (dialog), "ferry-clear-password") != NULL)
    ferry_password_clear_async (ferry_environment_get_base_url (environment),
                                ferry_environment_get_username (environment),
                                NULL, _ferry_window_password_cleared_cb, NULL);
  host = ferry_trust_store_host_for_url (ferry_environment_get_base_url (environment));
  if (forget_trust != NULL && gtk_check_button_get_active (forget_trust) && host != NULL)
    ferry_trust_store_remove_host (self->trust_store, host);
  ferry_environment_list_remove (self->environments, name);

  text = g_strdup_printf (_("%s removed"), name);
  _ferry_window_toast (self, text);
}

/* Another saved environment with the same server (and user): what it
 * shares must not be forgotten with this one. */
static gboolean
shared_with_another (FerryWindow      *self,
                     FerryEnvironment *environment,
                     gboolean          same_user)
{
  g_autofree char *host = ferry_trust_store_host_for_url (ferry_environment_get_base_url (environment));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->environments));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEnvironment) other = g_list_model_get_item (G_LIST_MODEL (self->environments), i);
      g_autofree char *other_host = NULL;

      if (other == environment)
        continue;
      if (same_user)
        {
          if (g_strcmp0 (ferry_environment_get_base_url (other), ferry_environment_get_base_url (environment)) == 0
              && g_strcmp0 (ferry_environment_get_username (other), ferry_environment_get_username (environment)) == 0)
            return TRUE;
          continue;
        }
      other_host = ferry_trust_store_host_for_url (ferry_environment_get_base_url (other));
      if (g_strcmp0 (other_host, host) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
remove_environment_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  FerryEnvironment *environment = ferry_environment_list_lookup (self->environments, name);
  GtkWidget *dialog;
  GtkWidget *box;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *host = NULL;
  gboolean has_password;
  gboolean has_trust;

  if (environment == NULL || ferry_environment_get_is_demo (environment))
    return;

  host = ferry_trust_store_host_for_url (ferry_environment_get_base_url (environment));
  has_password = ferry_environment_get_remember_password (environment)
                 && !shared_with_another (self, environment, TRUE);
  has_trust = host != NULL && self->trust_store != NULL
              && ferry_trust_store_get_host (self->trust_store, host, NULL, NULL)
              && !shared_with_another (self, environment, FALSE);

  /* Translators: the heading of a confirmation: "Remove Production?" */
  heading = g_strdup_printf (_("Remove %s?"), ferry_environment_get_name (environment));
  body = g_strdup_printf (_("Ferry forgets the environment %s (%s). Nothing changes on the server."),
                          ferry_environment_get_name (environment),
                          ferry_environment_get_base_url (environment));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  /* The choice of what else to forget; checked, so that by default
   * nothing of the environment is left behind. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  if (has_password)
    {
      g_autofree char *label = g_strdup_printf (_("Forget the _password saved for %s"),
                                                ferry_environment_get_username (environment));
      GtkWidget *check = gtk_check_button_new_with_mnemonic (label);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_name (check, "forget-password");
      gtk_box_append (GTK_BOX (box), check);
      g_object_set_data (G_OBJECT (dialog), "ferry-forget-password", check);
    }
  if (has_trust)
    {
      g_autofree char *label = g_strdup_printf (_("Forget the trusted _certificate of %s"), host);
      GtkWidget *check = gtk_check_button_new_with_mnemonic (label);

      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_name (check, "forget-trust");
      gtk_box_append (GTK_BOX (box), check);
      g_object_set_data (G_OBJECT (dialog), "ferry-forget-trust", check);
    }
  if (has_password || has_trust)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  else
    g_object_unref (g_object_ref_sink (box));
  /* Not remembered: a stale entry would be nobody's, so it goes without a
   * question (as before Remove asked). */
  if (!ferry_environment_get_remember_password (environment) && !shared_with_another (self, environment, TRUE))
    g_object_set_data (G_OBJECT (dialog), "ferry-clear-password", GINT_TO_POINTER (TRUE));

  g_object_set_data_full (G_OBJECT (dialog), "ferry-environment-name",
                          g_strdup (ferry_environment_get_name (environment)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- compare actions ----------------------------------------------------------- */

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "compare");
  ferry_compare_view_compare (self->compare_view);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "migrations") == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (_ferry_window_ensure_migrations_view (self)), "migrations.search", NULL);
      return;
    }
  ferry_compare_view_focus_search (self->compare_view);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "migrations") == 0)
    ferry_migrations_view_refresh (_ferry_window_ensure_migrations_view (self));
  else
    ferry_compare_view_reload (self->compare_view);
}


void
_ferry_window_can_compare_cb (FerryWindow *self)
{
  _ferry_window_update_migration_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compare",
                                 ferry_compare_view_get_can_compare (self->compare_view));
  /* Nothing to filter before a comparison. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.differences-only",
                                 ferry_compare_view_get_compare_result (self->compare_view) != NULL);
}

/* --- migrations ------------------------------------------------------------------ */

/* win.show-migrations (s: a migration id, or ""): the Migrations page;
 * with an id, that migration's row selected, scrolled to and its details
 * open (once it is listed, if it is not yet). */
static void
show_migrations_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  adw_view_stack_set_visible_child_name (self->view_stack, "migrations");
  if (id[0] != '\0')
    ferry_migrations_view_show_migration (_ferry_window_ensure_migrations_view (self), id);
}

/**
 * ferry_window_shows_migration:
 * @migration_id: a migration's id
 *
 * Whether the user is looking at MIGRATION_ID: this window is active, on
 * its Migrations page, with that migration's details open.
 */
gboolean
ferry_window_shows_migration (FerryWindow *self,
                              const char  *migration_id)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), FALSE);

  return migration_id != NULL && gtk_window_is_active (GTK_WINDOW (self)) &&
         g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "migrations") == 0 &&
         self->migrations_view != NULL &&
         ferry_migrations_view_shows_details (self->migrations_view, migration_id);
}

/* win.show-page (s: "compare" or "migrations"): Alt+1, Alt+2. */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/* The name of the environment CONNECTION belongs to, or NULL. */
static const char *
environment_name_of (FerryWindow     *self,
                     FerryConnection *connection)
{
  GListModel *model = G_LIST_MODEL (self->environments);

  if (connection == NULL || model == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (model, i);

      if (ferry_environment_get_connection (environment) == connection)
        return ferry_environment_get_name (environment);
    }
  return NULL;
}

/* The end of a migration started from an editor, or of an undo started
 * from the import's toast: the editor says so too while it is open; the
 * window's toast stays when it was closed (FerryApplication sends the
 * desktop notification of every job). Called from the monitor's
 * "job-finished", once per job. */
static void
report_editor_job (FerryWindow *self,
                   FerryJob    *job)
{
  FerryMigration *migration = ferry_job_get_migration (job);
  const char *name = migration != NULL && ferry_migration_get_name (migration) != NULL
                     ? ferry_migration_get_name (migration) : _("The migration");
  const char *id = ferry_job_get_migration_id (job);
  const char *where = environment_name_of (self, ferry_job_get_target (job));
  gboolean undo = FERRY_IS_UNDO_JOB (job);
  g_autofree char *text = NULL;
  g_autofree char *described = NULL;
  AdwToast *toast;

  if (where == NULL)
    where = _("the target");

  switch (ferry_job_get_state (job))
    {
    case FERRY_JOB_STATE_SUCCEEDED:
      /* Translators: "“Tutorial to Production” was imported into Production" */
      text = undo ? g_strdup_printf (_("“%s” was undone in %s"), name, where)
                  : g_strdup_printf (_("“%s” was imported into %s"), name, where);
      break;

    case FERRY_JOB_STATE_FAILED:
      described = ferry_job_get_error (job) != NULL ? ferry_api_error_describe (ferry_job_get_error (job))
                                                   : g_strdup (_("Unknown error"));
      text = undo ? g_strdup_printf (_("Could not undo “%s”: %s"), name, described)
                  : g_strdup_printf (_("“%s” failed: %s"), name, described);
      break;

    case FERRY_JOB_STATE_READY:
    case FERRY_JOB_STATE_RUNNING:
    case FERRY_JOB_STATE_CANCELLED:
    default:
      return;
    }

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 8);
  if (id != NULL && ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED && !undo)
    {
      /* What was just imported can be taken back from here (confirmed). */
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo-migration");
      adw_toast_set_action_target_value (toast, g_variant_new_string (id));
    }
  else if (id != NULL)
    {
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.show-migrations");
      adw_toast_set_action_target_value (toast, g_variant_new_string (id));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  /* The desktop notification is the application's (every job). */
}

/* --- undo from the toast ----------------------------------------------------- */

static FerryMigration *
lookup_migration (FerryWindow *self,
                  const char  *id)
{
  if (self->monitor == NULL || id == NULL)
    return NULL;
  return ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (self->monitor), id);
}

/* Whether MIGRATION can be undone now; *REASON gets why not. */
static gboolean
can_undo (FerryWindow    *self,
          FerryMigration *migration,
          char          **reason)
{
  const char *id = ferry_migration_get_id (migration);
  FerryConnection *source = ferry_migration_monitor_get_source (self->monitor, migration);
  FerryConnection *target = ferry_migration_monitor_get_target (self->monitor, migration);
  FerryJob *job = ferry_migration_monitor_get_job (self->monitor, id);
  FerryMigrationOpContext context = {
    .source_connected = source != NULL,
    .target_connected = target != NULL,
    .same_connection = source != NULL && source == target,
    .source_name = environment_name_of (self, source),
    .target_name = environment_name_of (self, target),
    .job_step = job != NULL ? _("Working") : NULL,
    .updating = ferry_migration_monitor_get_updating (self->monitor, id),
    .toc_view = ferry_migration_monitor_get_toc_view (self->monitor, id),
  };

  return ferry_migration_op_available (migration, &context, FERRY_MIGRATION_OP_UNDO, reason);
}

static void
undo_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  FerryWindow      *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "ferry-migration-id");
  FerryMigration *migration;
  g_autofree char *reason = NULL;
  FerryJob *job;

  if (g_strcmp0 (response, "undo") != 0)
    return;

  /* The state may have moved while the question was open. */
  migration = lookup_migration (self, id);
  if (migration == NULL || !can_undo (self, migration, &reason))
    {
      _ferry_window_toast (self, reason != NULL ? reason : _("The migration can no longer be undone"));
      return;
    }

  job = ferry_migration_monitor_start_undo (self->monitor, migration);
  if (job == NULL)
    {
      _ferry_window_toast (self, _("The migration’s environments are not connected"));
      return;
    }
  /* This window reports its end (a toast: "… was undone in Production"). */
  g_object_set_data (G_OBJECT (job), FERRY_JOB_REPORTED_KEY, self);
}

/* win.undo-migration (s: a migration id), the import toast's Undo: asks
 * once, the default response being Undo (what the user pressed for). */
static void
undo_migration_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  FerryMigration *migration = lookup_migration (self, id);
  g_autofree char *reason = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *where;
  const char *name;
  GtkWidget *dialog;

  if (migration == NULL)
    {
      _ferry_window_toast (self, _("The migration is no longer listed"));
      return;
    }
  if (!can_undo (self, migration, &reason))
    {
      _ferry_window_toast (self, reason != NULL ? reason : _("The migration cannot be undone"));
      return;
    }

  name = ferry_migration_get_name (migration) != NULL ? ferry_migration_get_name (migration) : id;
  where = environment_name_of (self, ferry_migration_monitor_get_target (self->monitor, migration));
  if (where == NULL)
    where = _("the target");
  /* Translators: "Undo “Tutorial to Production” in Production?" */
  heading = g_strdup_printf (_("Undo “%s” in %s?"), name, where);
  body = g_strdup_printf (_("Objects replaced by this migration get their previous versions back and objects it created are removed. "
                            "Only %s changes; the migration’s record stays, marked as undone."),
                          where);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "undo", _("_Undo"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "undo", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "undo");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ferry-migration-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (undo_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
editor_job_started_cb (FerryWindow          *self,
                       FerryJob             *job,
                       FerryMigrationEditor *editor)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* A package saved to a file is no migration of the list. */
  if (!FERRY_IS_MIGRATION_JOB (job))
    return;

  /* This window reports its end (and nothing else does). */
  g_object_set_data (G_OBJECT (job), FERRY_JOB_REPORTED_KEY, self);

  text = g_strdup_printf (_("“%s” started"), ferry_migration_editor_get_name (editor));
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-migrations");
  adw_toast_set_action_target_value (toast, g_variant_new_string (""));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}


/* Names EDITOR's objects from the last comparison's source inventory (when
 * it compared this source), so that it does not list the whole source
 * project again. */
static void
describe_selection (FerryWindow          *self,
                    FerryMigrationEditor *editor)
{
  FerryCompareResult *result = ferry_compare_view_get_compare_result (self->compare_view);

  if (result != NULL)
    ferry_migration_editor_describe_from_inventory (editor, ferry_compare_result_get_source (result));
}

/**
 * ferry_window_new_migration:
 *
 * Opens the migration editor with the Compare page's source and target
 * (environments and projects) and the objects selected in the source pane:
 * an object migration of those, or a project merge when none is selected.
 *
 * Returns: (transfer none) (nullable): the editor, or %NULL when the
 *   Compare page has no connected source and target project.
 */
FerryMigrationEditor *
ferry_window_new_migration (FerryWindow *self)
{
  FerryEnvironmentPane *source = ferry_compare_view_get_pane (self->compare_view, FERRY_PANE_SIDE_SOURCE);
  FerryEnvironmentPane *target = ferry_compare_view_get_pane (self->compare_view, FERRY_PANE_SIDE_TARGET);
  g_auto(GStrv) selected = NULL;
  FerryMigrationEditor *editor;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  if (!ferry_compare_view_get_can_compare (self->compare_view))
    return NULL;

  selected = ferry_environment_pane_dup_selected_ids (source);
  editor = ferry_migration_editor_new (GTK_WINDOW (self),
                                       ferry_environment_pane_get_environment (source),
                                       ferry_environment_pane_get_project_id (source),
                                       ferry_environment_pane_get_project_name (source),
                                       ferry_environment_pane_get_environment (target),
                                       ferry_environment_pane_get_project_id (target),
                                       ferry_environment_pane_get_project_name (target),
                                       (const char * const *) selected);
  describe_selection (self, editor);
  _ferry_window_ensure_environments (self);
  ferry_migration_editor_set_environments (editor, G_LIST_MODEL (self->environments));
  /* The editor's jobs run on the application's monitor. */
  ferry_migration_editor_set_monitor (editor, self->monitor);
  g_signal_connect_object (editor, "job-started", G_CALLBACK (editor_job_started_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "destroy", G_CALLBACK (_ferry_window_update_migration_actions), self, G_CONNECT_SWAPPED);
  g_weak_ref_set (&self->editor, editor);
  gtk_window_present (GTK_WINDOW (editor));
  _ferry_window_update_migration_actions (self);
  return editor;
}

/* The environment of the window's list whose connection is CONNECTION
 * (the one the monitor uses for a migration's environment id), or NULL. */
static FerryEnvironment *
environment_for_connection (FerryWindow     *self,
                            FerryConnection *connection)
{
  guint n;

  if (connection == NULL)
    return NULL;
  _ferry_window_ensure_environments (self);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->environments));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (G_LIST_MODEL (self->environments), i);

      if (ferry_environment_get_connection (environment) == connection)
        return environment;   /* the list keeps it */
    }
  return NULL;
}

/* MIGRATION_ID's record, if its source is connected (else a toast). */
static FerryMigration *
package_migration (FerryWindow *self,
                   const char  *migration_id)
{
  FerryMigration *migration = lookup_migration (self, migration_id);

  if (migration == NULL)
    {
      _ferry_window_toast (self, _("The migration is no longer listed"));
      return NULL;
    }
  if (environment_for_connection (self, ferry_migration_monitor_get_source (self->monitor, migration)) == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Connect “%s” to change this package"),
                                               ferry_migration_get_source_environment_name (migration) != NULL
                                               ? ferry_migration_get_source_environment_name (migration)
                                               : _("the source"));

      _ferry_window_toast (self, text);
      return NULL;
    }
  return migration;
}

GtkWindow *
ferry_window_edit_package (FerryWindow *self,
                           const char  *migration_id)
{
  FerryMigration *migration;
  FerryMigrationEditor *editor;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  migration = package_migration (self, migration_id);
  if (migration == NULL)
    return NULL;
  editor = ferry_migration_editor_new_for_edit (GTK_WINDOW (self), self->monitor,
                                                environment_for_connection (self, ferry_migration_monitor_get_source (self->monitor, migration)),
                                                environment_for_connection (self, ferry_migration_monitor_get_target (self->monitor, migration)),
                                                migration);
  g_signal_connect_object (editor, "job-started", G_CALLBACK (editor_job_started_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
  return GTK_WINDOW (editor);
}

static void
reuse_job_started_cb (FerryWindow      *self,
                      FerryJob         *job,
                      FerryReuseDialog *dialog)
{
  const char *name = ferry_migration_get_name (ferry_reuse_dialog_get_migration (dialog));
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* This window reports its end (and nothing else does). */
  g_object_set_data (G_OBJECT (job), FERRY_JOB_REPORTED_KEY, self);

  text = g_strdup_printf (_("Sending “%s”…"), name != NULL ? name : "");
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-migrations");
  adw_toast_set_action_target_value (toast, g_variant_new_string (""));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GtkWindow *
ferry_window_reuse_package (FerryWindow *self,
                            const char  *migration_id)
{
  FerryMigration *migration;
  FerryReuseDialog *dialog;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  migration = package_migration (self, migration_id);
  if (migration == NULL)
    return NULL;
  dialog = ferry_reuse_dialog_new (GTK_WINDOW (self), self->monitor, migration);
  g_signal_connect_object (dialog, "job-started", G_CALLBACK (reuse_job_started_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* win.edit-package, win.reuse-package (s: a migration id): the Migrations
 * page's Edit Package… and Send to Another Environment…. */
static void
edit_package_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ferry_window_edit_package (FERRY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
reuse_package_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ferry_window_reuse_package (FERRY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
new_migration_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ferry_window_new_migration (FERRY_WINDOW (widget));
}

/* The open editor the source pane's selection can go to: one reading the
 * same environment and project (a new reference), or NULL. */
static FerryMigrationEditor *
editor_for_selection (FerryWindow *self)
{
  FerryEnvironmentPane *source = ferry_compare_view_get_pane (self->compare_view, FERRY_PANE_SIDE_SOURCE);
  g_autoptr(FerryMigrationEditor) editor = g_weak_ref_get (&self->editor);

  if (editor == NULL || !gtk_widget_get_visible (GTK_WIDGET (editor)) ||
      ferry_migration_editor_get_source (editor) != ferry_environment_pane_get_environment (source) ||
      g_strcmp0 (ferry_migration_editor_get_source_project_id (editor),
                 ferry_environment_pane_get_project_id (source)) != 0)
    return NULL;
  return g_steal_pointer (&editor);
}

/**
 * ferry_window_add_to_migration:
 *
 * Adds the objects selected in the source pane to the migration editor
 * opened last (when it migrates from the same project).
 *
 * Returns: how many objects were added.
 */
guint
ferry_window_add_to_migration (FerryWindow *self)
{
  FerryEnvironmentPane *source;
  g_autoptr(FerryMigrationEditor) editor = NULL;
  g_auto(GStrv) selected = NULL;
  g_autofree char *text = NULL;
  guint added;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), 0);

  editor = editor_for_selection (self);
  source = ferry_compare_view_get_pane (self->compare_view, FERRY_PANE_SIDE_SOURCE);
  selected = ferry_environment_pane_dup_selected_ids (source);
  if (editor == NULL || selected == NULL || selected[0] == NULL)
    return 0;

  added = ferry_migration_editor_add_objects (editor, (const char * const *) selected);
  describe_selection (self, editor);
  if (added == 0)
    text = g_strdup_printf (_("Already in “%s”"), ferry_migration_editor_get_name (editor));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u object added to “%s”", "%u objects added to “%s”", added),
                            added, ferry_migration_editor_get_name (editor));
  _ferry_window_toast (self, text);
  return added;
}

static void
add_to_migration_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ferry_window_add_to_migration (FERRY_WINDOW (widget));
}

void
_ferry_window_update_migration_actions (FerryWindow *self)
{
  FerryEnvironmentPane *source;
  g_auto(GStrv) selected = NULL;
  g_autoptr(FerryMigrationEditor) editor = NULL;

  /* An editor closed with the window, after the window's widgets went. */
  if (self->compare_view == NULL)
    return;

  source = ferry_compare_view_get_pane (self->compare_view, FERRY_PANE_SIDE_SOURCE);
  selected = ferry_environment_pane_dup_selected_ids (source);
  editor = editor_for_selection (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-migration",
                                 ferry_compare_view_get_can_compare (self->compare_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-to-migration",
                                 selected != NULL && selected[0] != NULL && editor != NULL);
}

void
_ferry_window_n_running_cb (FerryWindow *self)
{
  guint n = self->migrations_view != NULL ? ferry_migrations_view_get_n_running (self->migrations_view) : 0;

  adw_view_stack_page_set_badge_number (self->migrations_page, n);
  adw_view_stack_page_set_needs_attention (self->migrations_page, n > 0);
}

/* An import or an undo changed a project the Compare page shows: its marks
 * are out of date, so both sides are read and compared again. */
static void
compare_again_after (FerryWindow *self,
                     FerryJob    *job)
{
  FerryConnection *target = ferry_job_get_target (job);
  gboolean shown = FALSE;

  if (ferry_job_get_state (job) != FERRY_JOB_STATE_SUCCEEDED ||
      !(FERRY_IS_MIGRATION_JOB (job) || FERRY_IS_UNDO_JOB (job) || FERRY_IS_PACKAGE_IMPORT_JOB (job) ||
        FERRY_IS_FILE_IMPORT_JOB (job)) ||
      ferry_compare_view_get_compare_result (self->compare_view) == NULL || target == NULL)
    return;

  for (guint i = 0; i < 2; i++)
    {
      FerryEnvironmentPane *pane = ferry_compare_view_get_pane (self->compare_view, i);

      if (ferry_environment_pane_get_connection (pane) == target)
        shown = TRUE;
    }
  if (!shown)
    return;

  ferry_compare_view_reload (self->compare_view);
  ferry_compare_view_compare (self->compare_view);
}

/* The monitor's "job-finished", once per job: the editor's jobs this
 * window started are reported here (toast, desktop notification); those an
 * action of a Migrations page started, by the page; the others (resumed
 * after a restart) by the page of the window that had the focus last. */
void
_ferry_window_monitor_job_finished_cb (FerryWindow *self,
                                       FerryJob    *job)
{
  gpointer reporter = g_object_get_data (G_OBJECT (job), FERRY_JOB_REPORTED_KEY);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (reporter == self)
    report_editor_job (self, job);
  else if (reporter == NULL &&
           (application == NULL || gtk_application_get_windows (application) == NULL ||
            gtk_application_get_windows (application)->data == (gpointer) self))
    ferry_migrations_view_report_job (_ferry_window_ensure_migrations_view (self), job);
  compare_again_after (self, job);
}


/* --- quitting while a migration runs ----------------------------------------- */

/* Closing this window quits: no other main window. */
static gboolean
closing_quits (FerryWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (application == NULL)
    return TRUE;
  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    if (l->data != (gpointer) self && FERRY_IS_WINDOW (l->data))
      return FALSE;
  return TRUE;
}

static void
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  FerryWindow      *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (g_strcmp0 (response, "quit") != 0)
    return;

  self->quit_confirmed = TRUE;
  if (self->quit_asked && application != NULL)
    g_application_quit (G_APPLICATION (application));
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Before the window closes (QUIT: FALSE) or the application quits (TRUE)
 * while a migration runs: asks, and returns TRUE (the answer quits). */
gboolean
_ferry_window_ask_before_quit (FerryWindow *self,
                               gboolean     quit)
{
  guint n = self->migrations_view != NULL ? ferry_migrations_view_get_n_running (self->migrations_view) : 0;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->quit_confirmed || n == 0 || (!quit && !closing_quits (self)))
    return FALSE;

  self->quit_asked = quit;
  if (self->quit_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->quit_dialog));
      return TRUE;
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A Migration Is Running", "%u Migrations Are Running", n), n);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   g_dngettext (GETTEXT_PACKAGE,
                                                "It goes on on the server; Ferry resumes watching it the next time it starts.",
                                                "They go on on the server; Ferry resumes watching them the next time it starts.",
                                                n));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "quit", _("_Quit"),
                                    NULL);
  /* The default does what was asked for: quit. */
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (quit_response_cb), self, 0);
  g_set_weak_pointer (&self->quit_dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/**
 * ferry_window_quit:
 *
 * Quits the application (app.quit, Ctrl+Q), after asking when a migration
 * is running: it goes on on the server and Ferry resumes watching it the
 * next time it starts.
 */
void
ferry_window_quit (FerryWindow *self)
{
  GtkApplication *application;

  g_return_if_fail (FERRY_IS_WINDOW (self));

  if (_ferry_window_ask_before_quit (self, TRUE))
    return;

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (application != NULL)
    g_application_quit (G_APPLICATION (application));
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

void
_ferry_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-environment", NULL, add_environment_action);
  gtk_widget_class_install_action (widget_class, "win.edit-environment", "s", edit_environment_action);
  gtk_widget_class_install_action (widget_class, "win.remove-environment", "s", remove_environment_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.new-migration", NULL, new_migration_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-migration", NULL, add_to_migration_action);
  gtk_widget_class_install_action (widget_class, "win.show-migrations", "s", show_migrations_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.undo-migration", "s", undo_migration_action);
  gtk_widget_class_install_action (widget_class, "win.edit-package", "s", edit_package_action);
  gtk_widget_class_install_action (widget_class, "win.reuse-package", "s", reuse_package_action);

  /* The pages, as GNOME applications switch views and tabs (Alt+number). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "compare");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "migrations");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1, GDK_ALT_MASK, "win.show-page", "s", "compare");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_2, GDK_ALT_MASK, "win.show-page", "s", "migrations");
}
