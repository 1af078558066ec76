/* ferry-import-file-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-import-file-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-import-file-dialog.h"

struct _FerryImportFileDialog
{
  AdwWindow              parent_instance;

  /* template widgets */
  AdwActionRow          *file_row;
  GtkDropDown           *environment_dropdown;
  GtkSwitch             *configuration_switch;
  GtkWidget             *project_row;
  GtkSpinner            *spinner;
  GtkDropDown           *project_dropdown;
  GtkLabel              *error_label;
  GtkLabel              *summary_label;
  GtkWidget             *import_button;

  /* owned */
  FerryMigrationMonitor *monitor;
  GFile                 *file;
  FerryEnvironmentProjects *projects;      /* of the chosen environment */
  GCancellable          *cancellable;       /* the dialog's own calls */
  char                  *wanted_project;    /* select() asked for it before it was listed */
  gboolean               busy;
};

G_DEFINE_FINAL_TYPE (FerryImportFileDialog, ferry_import_file_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_JOB_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static FerryEnvironment *
chosen_environment (FerryImportFileDialog *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->environment_dropdown);

  return FERRY_IS_ENVIRONMENT (item) ? item : NULL;
}

static FerryProject *
chosen_project (FerryImportFileDialog *self)
{
  gpointer item = gtk_drop_down_get_selected_item (self->project_dropdown);

  return FERRY_IS_PROJECT (item) ? item : NULL;
}

static gboolean
configuration (FerryImportFileDialog *self)
{
  return gtk_switch_get_active (self->configuration_switch);
}

static void
show_error (FerryImportFileDialog *self,
            const char            *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update (FerryImportFileDialog *self)
{
  FerryEnvironment *environment = chosen_environment (self);
  FerryProject *project = chosen_project (self);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *summary = NULL;
  gboolean connected = environment != NULL && ferry_environment_get_connection (environment) != NULL;
  gboolean can = !self->busy && connected && (configuration (self) || project != NULL);

  gtk_widget_set_visible (self->project_row, !configuration (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import-file.import", can);

  if (environment == NULL)
    summary = g_strdup (_("Add an environment to import the package into."));
  else if (!connected)
    summary = g_strdup_printf (_("Connecting to %s…"), ferry_environment_get_name (environment));
  else if (configuration (self))
    /* Translators: "“Merge.mmp” is imported into Production; it can be undone there." */
    summary = g_strdup_printf (_("“%s” is imported into %s as a configuration package; it can be undone there."),
                               name, ferry_environment_get_name (environment));
  else if (project == NULL)
    summary = g_strdup_printf (_("Choose the project of %s to import “%s” into."),
                               ferry_environment_get_name (environment), name);
  else
    /* Translators: "“Merge.mmp” is imported into the project “MicroStrategy Tutorial” of Production; …" */
    summary = g_strdup_printf (_("“%s” is imported into the project “%s” of %s at once; it can be undone there."),
                               name, ferry_project_get_name (project), ferry_environment_get_name (environment));
  gtk_label_set_text (self->summary_label, summary);
}

/* --- The file ------------------------------------------------------------------- */

static void
file_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryImportFileDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (info == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The file cannot be read: %s"), error->message);

      adw_action_row_set_subtitle (self->file_row, _("Cannot be read"));
      show_error (self, message);
      return;
    }
  {
    g_autofree char *size = g_format_size (g_file_info_get_size (info));

    adw_action_row_set_subtitle (self->file_row, size);
  }
}

/* --- The projects of the chosen environment ---------------------------------- */

static void
select_wanted_project (FerryImportFileDialog *self)
{
  guint position = ferry_environment_projects_find (self->projects, self->wanted_project);

  if (position == G_MAXUINT)
    return;
  gtk_drop_down_set_selected (self->project_dropdown, position);
  g_clear_pointer (&self->wanted_project, g_free);
}

/* Connected and listed, or not: what is wanted is selected, or the error said. */
static void
projects_state_cb (FerryImportFileDialog *self)
{
  if (!ferry_environment_projects_get_loading (self->projects))
    select_wanted_project (self);
  show_error (self, ferry_environment_projects_get_error (self->projects));
  update (self);
}

static void
environment_changed_cb (FerryImportFileDialog *self)
{
  show_error (self, NULL);
  ferry_environment_projects_set_environment (self->projects, chosen_environment (self));
  update (self);
}

/* --- Import ---------------------------------------------------------------------- */

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryImportFileDialog *self = FERRY_IMPORT_FILE_DIALOG (widget);
  FerryEnvironment *environment = chosen_environment (self);
  FerryProject *project = configuration (self) ? NULL : chosen_project (self);
  FerryJob *job;

  if (!ferry_import_file_dialog_get_can_import (self))
    return;
  job = ferry_migration_monitor_import_file (self->monitor, self->file, environment,
                                             project != NULL ? ferry_project_get_id (project) : NULL,
                                             project != NULL ? ferry_project_get_name (project) : NULL);
  if (job == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s is not connected: connect it on the Compare page, then import again."),
                                                  ferry_environment_get_name (environment));

      show_error (self, message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_JOB_STARTED], 0, job);
  gtk_window_close (GTK_WINDOW (self));
}

/* --- GObject ------------------------------------------------------------------- */

static void
ferry_import_file_dialog_dispose (GObject *object)
{
  FerryImportFileDialog *self = FERRY_IMPORT_FILE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  ferry_environment_projects_cancel (self->projects);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_IMPORT_FILE_DIALOG);

  G_OBJECT_CLASS (ferry_import_file_dialog_parent_class)->dispose (object);
}

static void
ferry_import_file_dialog_finalize (GObject *object)
{
  FerryImportFileDialog *self = FERRY_IMPORT_FILE_DIALOG (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->file);
  g_clear_object (&self->projects);
  g_clear_object (&self->cancellable);
  g_free (self->wanted_project);

  G_OBJECT_CLASS (ferry_import_file_dialog_parent_class)->finalize (object);
}

static void
ferry_import_file_dialog_class_init (FerryImportFileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_import_file_dialog_dispose;
  object_class->finalize = ferry_import_file_dialog_finalize;

  signals[SIGNAL_JOB_STARTED] =
    g_signal_new ("job-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FERRY_TYPE_JOB);

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/ferry-import-file-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, environment_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, configuration_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, project_row);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, project_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FerryImportFileDialog, import_button);

  gtk_widget_class_install_action (widget_class, "import-file.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_import_file_dialog_init (FerryImportFileDialog *self)
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
  g_signal_connect_swapped (self->configuration_switch, "notify::active", G_CALLBACK (update), self);
}

FerryImportFileDialog *
ferry_import_file_dialog_new (GtkWindow             *parent,
                              FerryMigrationMonitor *monitor,
                              GFile                 *file)
{
  FerryImportFileDialog *self;
  GListModel *environments;
  guint n;
  guint chosen = GTK_INVALID_LIST_POSITION;
  g_autofree char *name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (monitor), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (FERRY_TYPE_IMPORT_FILE_DIALOG, "transient-for", parent, NULL);
  self->monitor = g_object_ref (monitor);
  self->file = g_object_ref (file);

  name = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, file_info_cb, g_object_ref (self));

  /* The last connected environment: the usual target (Production after
   * Development). */
  environments = ferry_migration_monitor_get_environments (monitor);
  n = g_list_model_get_n_items (environments);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (environments, i);

      if (ferry_environment_get_connection (environment) != NULL)
        chosen = i;
    }
  gtk_drop_down_set_model (self->environment_dropdown, environments);
  if (chosen != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (self->environment_dropdown, chosen);
  g_signal_connect_swapped (self->environment_dropdown, "notify::selected", G_CALLBACK (environment_changed_cb), self);
  environment_changed_cb (self);
  return self;
}

GFile *
ferry_import_file_dialog_get_file (FerryImportFileDialog *self)
{
  g_return_val_if_fail (FERRY_IS_IMPORT_FILE_DIALOG (self), NULL);

  return self->file;
}

gboolean
ferry_import_file_dialog_select (FerryImportFileDialog *self,
                                 const char            *environment_name,
                                 const char            *project_id)
{
  GListModel *environments;
  guint n;

  g_return_val_if_fail (FERRY_IS_IMPORT_FILE_DIALOG (self), FALSE);
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
ferry_import_file_dialog_get_can_import (FerryImportFileDialog *self)
{
  g_return_val_if_fail (FERRY_IS_IMPORT_FILE_DIALOG (self), FALSE);

  return gtk_widget_is_sensitive (self->import_button);
}

const char *
ferry_import_file_dialog_get_summary (FerryImportFileDialog *self)
{
  g_return_val_if_fail (FERRY_IS_IMPORT_FILE_DIALOG (self), NULL);

  return gtk_label_get_text (self->summary_label);
}

GtkWidget *
ferry_import_file_dialog_get_import_button (FerryImportFileDialog *self)
{
  g_return_val_if_fail (FERRY_IS_IMPORT_FILE_DIALOG (self), NULL);

  return self->import_button;
}
