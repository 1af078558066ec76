/* ferry-migration-editor-edit.c: the migration editor in edit mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of FerryMigrationEditor (see ferry-migration-editor-private.h): a
 * package already created on its source is changed (api.md §5.2 E). The
 * editor reads the source's record (GET ?showContent=all), says before
 * anything is edited why it cannot be when the server would refuse (not
 * created, its import requested or done, an uploaded package, not on this
 * source), else fills the draft from it (ferry_migration_draft_load_record)
 * with source, target and kind fixed. Its last step's primary button is
 * "Update Package": a FerryPackageEditJob on the monitor; the live page
 * then ends "Package Updated".
 */

#define G_LOG_DOMAIN "ferry-editor"

#include "config.h"

#include "ferry-migration-editor-private.h"

gboolean
_ferry_migration_editor_is_edit (FerryMigrationEditor *self)
{
  return self->edit_migration_id != NULL;
}

/* Why the package cannot be edited now (the first page's reason), or NULL. */
char *
_ferry_migration_editor_edit_reason (FerryMigrationEditor *self)
{
  if (!_ferry_migration_editor_is_edit (self))
    return NULL;
  if (self->edit_refusal != NULL)
    return g_strdup (self->edit_refusal);
  if (self->edit_loading)
    return g_strdup (_("Reading the package from the source…"));
  return NULL;
}

void
_ferry_migration_editor_clear_edit (FerryMigrationEditor *self)
{
  g_clear_pointer (&self->edit_migration_id, g_free);
  g_clear_pointer (&self->edit_record, json_object_unref);
  g_clear_pointer (&self->edit_refusal, g_free);
}

/* The states in which the source refuses an edit (api.md §5.2 E), said
 * before the user changes anything. */
static char *
refusal_of (JsonObject *record)
{
  const char *purpose = ferry_library_record_get_string (record, "packageInfo.purpose");
  const char *status = ferry_library_record_get_string (record, "packageInfo.status");
  const char *import = ferry_library_record_get_string (record, "importInfo.status");
  const char *request = ferry_library_record_get_string (record, "importInfo.importRequestStatus");

  if (ferry_library_status_is (purpose, "migration_from_shared_file_store"))
    return g_strdup (_("This package was uploaded from a file: only packages created on this server can be edited"));
  if (!ferry_library_status_is (purpose, "object_migration") && !ferry_library_status_is (purpose, "project_merge"))
    return g_strdup_printf (_("A package of purpose “%s” cannot be edited"), purpose != NULL ? purpose : "");
  if (!ferry_library_status_is (status, "created") && !ferry_library_status_is (status, "create_failed"))
    return g_strdup_printf (_("Only a created package can be edited; this one is “%s”"), status != NULL ? status : "");
  if ((import != NULL && !ferry_library_status_is (import, "pending")) ||
      (request != NULL && !ferry_library_status_is (request, "pending") && !ferry_library_status_is (request, "rejected")))
    return g_strdup (_("Its import was requested or has run: a package can be edited only before its import is requested (or after a rejection)"));
  return NULL;
}

static void
show_refusal (FerryMigrationEditor *self,
              char                 *reason)
{
  g_free (self->edit_refusal);
  self->edit_refusal = reason;
  gtk_label_set_label (self->notice_label, reason);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
  /* Nothing of it can be edited: the page is not the package's either. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->what_page), FALSE);
}

static void
record_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryMigrationEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->edit_loading = FALSE;

  if (record == NULL && g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    show_refusal (self, g_strdup_printf (_("%s does not have this migration: a package can be edited only on its source"),
                                         environment_name (source_env (self))));
  else if (record == NULL)
    {
      g_autofree char *text = ferry_api_error_describe (error);

      show_refusal (self, g_strdup_printf (_("The package could not be read: %s"), text));
    }
  else
    {
      char *refusal = refusal_of (record);

      if (refusal != NULL)
        show_refusal (self, refusal);
      else if (!ferry_migration_what_page_load_record (self->what_page, record, source_env (self), target_env (self),
                                                       &error))
        show_refusal (self, g_strdup (error->message));
      else
        {
          self->edit_record = json_object_ref (record);
          adw_window_title_set_title (self->window_title, _("Edit Package"));
          ferry_migration_what_page_queue_resolve (self->what_page);
          ferry_migration_what_page_update (self->what_page);
          _ferry_migration_editor_sync_source (self);
        }
    }
  _ferry_migration_editor_definition_changed (self);
}

/**
 * ferry_migration_editor_new_for_edit:
 * @parent: (nullable): the main window
 * @monitor: where the edit job runs (the application's)
 * @source: the environment the package was created on (connected)
 * @target: (nullable): the migration's target environment
 * @migration: the migration whose package is edited
 *
 * An editor that changes the package of MIGRATION: it reads the source's
 * record, then lets the name, the objects and the rules change (source,
 * target and kind fixed) and updates the package ("Update Package").
 * States the server refuses are said at once, on the first page.
 */
FerryMigrationEditor *
ferry_migration_editor_new_for_edit (GtkWindow             *parent,
                                     FerryMigrationMonitor *monitor,
                                     FerryEnvironment      *source,
                                     FerryEnvironment      *target,
                                     FerryMigration        *migration)
{
  FerryMigrationEditor *self;
  FerryConnection *connection;

  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (monitor), NULL);
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (source), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  self = ferry_migration_editor_new (parent, source, NULL, NULL, target, NULL, NULL, NULL);
  ferry_migration_editor_set_monitor (self, monitor);
  self->edit_migration_id = g_strdup (ferry_migration_get_id (migration));
  adw_window_title_set_title (self->window_title, _("Edit Package"));
  ferry_migration_what_page_set_fixed (self->what_page,
                                       _("An edit changes the package’s name, objects and rules: "
                                         "its source, target and kind stay as they were created"));

  connection = ferry_migration_draft_get_source_connection (self->draft);
  if (connection == NULL)
    show_refusal (self, g_strdup_printf (_("Connect to %s in the main window first"), environment_name (source)));
  else
    {
      self->edit_loading = TRUE;
      ferry_library_get_migration_async (connection, self->edit_migration_id, FERRY_SHOW_CONTENT_ALL,
                                         self->cancellable, record_cb, g_object_ref (self));
    }
  _ferry_migration_editor_definition_changed (self);
  return self;
}

const char *
ferry_migration_editor_get_edit_migration_id (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->edit_migration_id;
}

/* Update Package: the edited packageInfo PUT on the source, through the
 * monitor; the live page follows the job. */
FerryJob *
_ferry_migration_editor_run_edit (FerryMigrationEditor *self)
{
  g_autoptr(JsonObject) package_info = NULL;
  g_autoptr(FerryJob) job = NULL;
  FerryConnection *source = ferry_migration_draft_get_source_connection (self->draft);
  g_autofree char *reason = _ferry_migration_editor_blocked_reason_for (self, FERRY_MIGRATION_EDITOR_PAGE_RULES);

  if (reason != NULL || self->edit_record == NULL || source == NULL)
    {
      _ferry_migration_editor_toast (self, reason != NULL ? reason : _("The package has not been read yet"));
      return NULL;
    }
  package_info = ferry_migration_draft_dup_edited_package_info (self->draft, self->edit_record);
  job = ferry_package_edit_job_new (source, self->edit_migration_id, package_info);
  _ferry_migration_editor_start_job (self, job);
  return self->job;
}
