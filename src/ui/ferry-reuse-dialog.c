/* ferry-reuse-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-reuse-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-reuse-dialog.h"

struct _FerryReuseDialog
{
  AdwWindow              parent_instance;

  /* template widgets */
  AdwActionRow          *package_row;
  GtkDropDown           *environment_dropdown;
  GtkWidget             *project_row;
  GtkSpinner            *spinner;
  GtkDropDown           *project_dropdown;
  GtkLabel              *error_label;
  GtkLabel              *summary_label;
  GtkWidget             *send_button;

  /* owned */
  FerryMigrationMonitor *monitor;
  FerryMigration        *migration;
  FerryEnvironmentProjects *projects;      /* of the chosen environment */
  GCancellable          *cancellable;       /* the dialog's own calls */
  char                  *wanted_project;    /* select() asked for it before it was listed */
  gboolean               request_only;      /* the source's user may not apply packages */
};

G_DEFINE_FINAL_TYPE (FerryReuseDialog, ferry_reuse_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_JOB_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static FerryEnvironment *
chosen_environment (FerryReuseDialog *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->environment_dropdown);

  return FERRY_IS_ENVIRONMENT (item) ? item : NULL;
}

static FerryProject *
chosen_project (FerryReuseDialog *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->project_dropdown);

  return FERRY_IS_PROJECT (item) ? item : NULL;
}

static gboolean
configuration (FerryReuseDialog *self)
{
  return g_strcmp0 (ferry_migration_get_package_type (self->migration), "configuration") == 0;
}

static const char *
package_name (FerryReuseDialog *self)
{
  const char *name = ferry_migration_get_name (self->migration);

  return name != NULL && *name != '\0' ? name : _("Untitled migration");
}

/* The saved name of the environment whose connection is CONNECTION (the
 * record holds the server's id, often its URL), else FALLBACK. */
static const char *
environment_name (FerryReuseDialog *self,
                  FerryConnection  *connection,
                  const char       *fallback)
{
  GListModel *environments = ferry_migration_monitor_get_environments (self->monitor);
  guint n = g_list_model_get_n_items (environments);

  for (guint i = 0; connection != NULL && i < n; i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (environments, i);

      if (ferry_environment_get_connection (environment) == connection)
        return ferry_environment_get_name (environment);   /* the list keeps it */
    }
  return fallback;
}

static void
show_error (FerryReuseDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (FerryReuseDialog *self)
{
  FerryEnvironment *environment = chosen_environment (self);
  FerryProject *project = chosen_project (self);
  g_autofree char *summary = NULL;
  gboolean connected = environment != NULL && ferry_environment_get_connection (environment) != NULL;
  gboolean source = ferry_migration_monitor_get_source (self->monitor, self->migration) != NULL;
  gboolean can = source && connected && (configuration (self) || project != NULL);

  gtk_widget_set_visible (self->project_row, !configuration (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reuse.send", can);

  if (!source)
    summary = g_strdup_printf (_("Connect “%s” to send its package."),
                               environment_name (self, NULL, ferry_migration_get_source_environment_name (self->migration)));
  else if (environment == NULL)
    summary = g_strdup (_("Add an environment to send the package to."));
  else if (!connected)
    summary = g_strdup_printf (_("Connecting to %s…"), ferry_environment_get_name (environment));
  else if (!configuration (self) && project == NULL)
    summary = g_strdup_printf (_("Choose the project of %s to send “%s” to."),
                               ferry_environment_get_name (environment), package_name (self));
  else
    {
      g_autofree char *where = NULL;

      if (project != NULL && !configuration (self))
        /* Translators: "the project “Second project” of Production" */
        where = g_strdup_printf (_("the project “%s” of %s"), ferry_project_get_name (project),
                                 ferry_environment_get_name (environment));
      else
        where = g_strdup (ferry_environment_get_name (environment));
      if (self->request_only)
        /* Translators: "“Year” becomes a new migration into the project … of Production; its import is requested: …" */
        summary = g_strdup_printf (_("“%s” becomes a new migration into %s; its import is requested: someone who may apply packages approves it."),
                                   package_name (self), where);
      else
        summary = g_strdup_printf (_("“%s” becomes a new migration into %s and is imported at once; it can be undone there."),
                                   package_name (self), where);
    }
  gtk_label_set_text (self->summary_label, summary);
}

/* --- Who may apply ---------------------------------------------------------------- */

static void
privileges_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryReuseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPrivileges) privileges = ferry_privileges_fetch_finish (FERRY_CONNECTION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Not known (an older server): run as Ferry always did; the server
   * refuses what the user may not do, with the privilege named. */
  if (privileges == NULL)
    {
      g_debug ("privileges not read: %s", error->message);
      return;
    }
  self->request_only = !ferry_privileges_has (privileges, FERRY_PRIVILEGE_APPLY_PACKAGE,
                                               ferry_migration_get_source_project_id (self->migration));
  update (self);
}

/* --- The projects of the chosen environment ---------------------------------- */

static void
select_wanted_project (FerryReuseDialog *self)
{
  guint position = ferry_environment_projects_find (self->projects, self->wanted_project);

  if (position == G_MAXUINT)
    return;
  gtk_drop_down_set_selected (self->project_dropdown, position);
  g_clear_pointer (&self->wanted_project, g_free);
}

/* Connected and listed, or not: what is wanted is selected, or the error said. */
static void
projects_state_cb (FerryReuseDialog *self)
{
  if (!ferry_environment_projects_get_loading (self->projects))
    select_wanted_project (self);
  show_error (self, ferry_environment_projects_get_error (self->projects));
  update (self);
}

static void
environment_changed_cb (FerryReuseDialog *self)
{
  show_error (self, NULL);
  ferry_environment_projects_set_environment (self->projects, chosen_environment (self));
  update (self);
}

/* --- Send -------------------------------------------------------------------------- */

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryReuseDialog *self = FERRY_REUSE_DIALOG (widget);
  FerryEnvironment *environment = chosen_environment (self);
  FerryProject *project = configuration (self) ? NULL : chosen_project (self);
  FerryConnection *source = ferry_migration_monitor_get_source (self->monitor, self->migration);
  FerryConnection *target = environment != NULL ? ferry_environment_get_connection (environment) : NULL;
  g_autoptr(FerryJob) job = NULL;

  if (!ferry_reuse_dialog_get_can_send (self) || source == NULL || target == NULL)
    return;
  job = ferry_migration_job_new_reuse (source, target, ferry_migration_get_package_id (self->migration),
                                       ferry_migration_get_source_project_id (self->migration),
                                       NULL, ferry_environment_get_name (environment),
                                       project != NULL ? ferry_project_get_id (project) : NULL,
                                       project != NULL ? ferry_project_get_name (project) : NULL);
  ferry_migration_job_set_request_only (job, self->request_only);
  g_signal_emit (self, signals[SIGNAL_JOB_STARTED], 0, job);
  ferry_migration_monitor_run_job (self->monitor, job);
  gtk_window_close (GTK_WINDOW (self));
}

/* --- GObject ------------------------------------------------------------------- */

static void
ferry_reuse_dialog_dispose (GObject *object)
{
  FerryReuseDialog *self = FERRY_REUSE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  ferry_environment_projects_cancel (self->projects);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_REUSE_DIALOG);

  G_OBJECT_CLASS (ferry_reuse_dialog_parent_class)->dispose (object);
}

static void
ferry_reuse_dialog_finalize (GObject *object)
{
  FerryReuseDialog *self = FERRY_REUSE_DIALOG (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->migration);
  g_clear_object (&self->projects);
  g_clear_object (&self->cancellable);
  g_free (self->wanted_project);

  G_OBJECT_CLASS (ferry_reuse_dialog_parent_class)->finalize (object);
}

static void
ferry_reuse_dialog_class_init (FerryReuseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_reuse_dialog_dispose;
  object_class->finalize = ferry_reuse_dialog_finalize;

  signals[SIGNAL_JOB_STARTED] =
    g_signal_new ("job-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FERRY_TYPE_JOB);

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/ferry-reuse-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, package_row);
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, environment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, project_row);
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, project_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryReuseDialog, send_button);

  gtk_widget_class_install_action (widget_class, "reuse.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_reuse_dialog_init (FerryReuseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_a11y_fix_mnemonics (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->projects = ferry_environment_projects_new ();
  gtk_drop_down_set_expression (self->environment_dropdown,
                                gtk_property_expression_new (FERRY_TYPE_ENVIRONMENT, NULL, "name"));
  gtk_drop_down_set_expression (self->project_dropdown,
                                gtk_property_expression_new (FERRY_TYPE_PROJECT, NULL, "name"));
  gtk_drop_down_set_model (self->project_dropdown, ferry_environment_projects_get_model (self->projects));
  g_object_bind_property (self->projects, "loading", self->spinner, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->projects, "loading", self->spinner, "spinning", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->projects, "notify::loading", G_CALLBACK (projects_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->projects, "notify::error", G_CALLBACK (projects_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->project_dropdown, "notify::selected", G_CALLBACK (update), self);
}

FerryReuseDialog *
ferry_reuse_dialog_new (GtkWindow             *parent,
                        FerryMigrationMonitor *monitor,
                        FerryMigration        *migration)
{
  FerryReuseDialog *self;
  FerryConnection *source;
  GListModel *environments;
  guint n;
  guint chosen = GTK_INVALID_LIST_POSITION;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (monitor), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  self = g_object_new (FERRY_TYPE_REUSE_DIALOG, "transient-for", parent, NULL);
  self->monitor = g_object_ref (monitor);
  self->migration = g_object_ref (migration);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->package_row), package_name (self));
  /* Translators: "From Development, sent to Production before" */
  subtitle = g_strdup_printf (_("From %s, sent to %s before"),
                              environment_name (self, ferry_migration_monitor_get_source (monitor, migration),
                                                ferry_migration_get_source_environment_name (migration) != NULL
                                                ? ferry_migration_get_source_environment_name (migration) : _("the source")),
                              environment_name (self, ferry_migration_monitor_get_target (monitor, migration),
                                                ferry_migration_get_target_environment_name (migration) != NULL
                                                ? ferry_migration_get_target_environment_name (migration) : _("no target")));
  adw_action_row_set_subtitle (self->package_row, subtitle);

  source = ferry_migration_monitor_get_source (monitor, migration);
  if (source != NULL)
    ferry_privileges_fetch_async (source, self->cancellable, privileges_cb, g_object_ref (self));

  /* The migration's own target first: another project of the same
   * environment is the usual reuse; else the last connected one. */
  environments = ferry_migration_monitor_get_environments (monitor);
  n = g_list_model_get_n_items (environments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (environments, i);
      FerryConnection *connection = ferry_environment_get_connection (environment);

      if (connection != NULL && connection == ferry_migration_monitor_get_target (monitor, migration))
        {
          chosen = i;
          break;
        }
      if (connection != NULL)
        chosen = i;
    }
  gtk_drop_down_set_model (self->environment_dropdown, environments);
  if (chosen != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->environment_dropdown, chosen);
  g_signal_connect_swapped (self->environment_dropdown, "notify::selected", G_CALLBACK (environment_changed_cb), self);
  environment_changed_cb (self);
  return self;
}

FerryMigration *
ferry_reuse_dialog_get_migration (FerryReuseDialog *self)
{
  g_return_val_if_fail (FERRY_IS_REUSE_DIALOG (self), NULL);

  return self->migration;
}

gboolean
ferry_reuse_dialog_select (FerryReuseDialog *self,
                           const char       *environment_name,
                           const char       *project_id)
{
  GListModel *environments;
  guint n;

  g_return_val_if_fail (FERRY_IS_REUSE_DIALOG (self), FALSE);
  g_return_val_if_fail (environment_name != NULL, FALSE);

  environments = ferry_migration_monitor_get_environments (self->monitor);
  n = g_list_model_get_n_items (environments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (environments, i);

      if (g_strcmp0 (ferry_environment_get_name (environment), environment_name) != 0)
        continue;
      g_free (self->wanted_project);
      self->wanted_project = g_strdup (project_id);
      if (gtk_drop_down_get_selected (self->environment_dropdown) != i)
        gtk_drop_down_set_selected (self->environment_dropdown, i);
      else
        select_wanted_project (self);
      return TRUE;
    }
  return FALSE;
}

gboolean
ferry_reuse_dialog_get_can_send (FerryReuseDialog *self)
{
  g_return_val_if_fail (FERRY_IS_REUSE_DIALOG (self), FALSE);

  return gtk_widget_is_sensitive (self->send_button);
}

gboolean
ferry_reuse_dialog_get_request_only (FerryReuseDialog *self)
{
  g_return_val_if_fail (FERRY_IS_REUSE_DIALOG (self), FALSE);

  return self->request_only;
}

const char *
ferry_reuse_dialog_get_summary (FerryReuseDialog *self)
{
  g_return_val_if_fail (FERRY_IS_REUSE_DIALOG (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

GtkWidget *
ferry_reuse_dialog_get_send_button (FerryReuseDialog *self)
{
  g_return_val_if_fail (FERRY_IS_REUSE_DIALOG (self), NULL);

  return self->send_button;
}
