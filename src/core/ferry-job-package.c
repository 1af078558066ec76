/* ferry-job-package.c: packages through /api/packages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Creation (api.md §4.2): create an empty holder ─▶ define it (PUT) ─▶ wait
 * for READY ─▶ download the binary to a file ─▶ delete the holder.
 *
 * Import: create a holder in the target project ─▶ upload the file ─▶ start
 * the import (generateUndo) ─▶ wait for IMPORTED ─▶ save the undo package
 * (when asked) ─▶ delete the import process ─▶ delete the holder.
 *
 * Holders live in the user's session, one at a time: after a failure or a
 * cancel the job deletes what it created, best effort, so the next package
 * of the session is not refused.
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-job-private.h"

static void upload (FerryJob *self);

static FerryConnection *
package_connection (FerryJob *self)
{
  return self->source;
}

static void
fail_with_message (FerryJob      *self,
                   FerryJobError  code,
                   JsonObject    *record,
                   const char    *fallback)
{
  const char *message = ferry_library_record_get_string (record, "message");

  _ferry_job_fail_literal (self, code, message != NULL && *message != '\0' ? message : fallback);
}

static void
holder_id_from (FerryJob   *self,
                JsonObject *record)
{
  const char *id = ferry_library_record_get_string (record, "id");

  g_free (self->holder_id);
  self->holder_id = g_strdup (id);
}

static gboolean
require_id (FerryJob   *self,
            const char *id,
            const char *what)
{
  if (id != NULL && *id != '\0')
    return TRUE;
  _ferry_job_fail (self, g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                      _("The server did not say the id of the %s"), what));
  return FALSE;
}

FerryJob *
ferry_job_new_package_create (FerryConnection *connection,
                              const char      *project_id,
                              JsonNode        *definition,
                              GFile           *file)
{
  FerryJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (definition != NULL && JSON_NODE_HOLDS_OBJECT (definition), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = _ferry_job_new (FERRY_JOB_KIND_PACKAGE_CREATE, connection, NULL);
  self->project_id = g_strdup (project_id);
  self->definition = ferry_json_node_copy_deep (definition);
  self->file = g_object_ref (file);
  return self;
}

FerryJob *
ferry_job_new_package_import (FerryConnection *connection,
                              const char      *project_id,
                              GFile           *file,
                              gboolean         generate_undo,
                              GFile           *undo_file)
{
  FerryJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (undo_file == NULL || G_IS_FILE (undo_file), NULL);

  self = _ferry_job_new (FERRY_JOB_KIND_PACKAGE_IMPORT, connection, NULL);
  self->project_id = g_strdup (project_id);
  self->file = g_object_ref (file);
  self->generate_undo = !!generate_undo;
  self->undo_file = generate_undo && undo_file != NULL ? g_object_ref (undo_file) : NULL;
  return self;
}

/* ------------------------------------------------------------------------ */
/* Clean-up                                                                   */
/* ------------------------------------------------------------------------ */

static void
abandon_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_library_finish (result, &error))
    g_debug ("Cleaning up after a package job failed: %s", error->message);
}

void
_ferry_job_package_abandon (FerryJob *self)
{
  FerryConnection *connection = package_connection (self);

  if (self->import_id != NULL)
    ferry_library_delete_package_import_async (connection, self->import_id, self->project_id,
                                               NULL, abandon_cb, NULL);
  if (self->holder_id != NULL)
    ferry_library_delete_package_async (connection, self->holder_id, self->project_id,
                                        NULL, abandon_cb, NULL);
  g_clear_pointer (&self->import_id, g_free);
  g_clear_pointer (&self->holder_id, g_free);
}

/* ------------------------------------------------------------------------ */
/* Both: the last steps                                                       */
/* ------------------------------------------------------------------------ */

static void
delete_holder_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_ferry_job_is_running (self))
    return;
  if (!ferry_library_finish (result, &error))
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->holder_id, g_free);
  _ferry_job_succeed (self);
}

static void
delete_holder (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_CLEANING_UP);
  ferry_library_delete_package_async (package_connection (self), self->holder_id, self->project_id,
                                      self->cancellable, delete_holder_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Creation                                                                   */
/* ------------------------------------------------------------------------ */

static void poll_ready (FerryJob *self);

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_ferry_job_is_running (self))
    return;
  if (!ferry_library_finish (result, &error))
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  _ferry_job_set_progress (self, 0.9);
  delete_holder (self);
}

static void
download (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_DOWNLOADING);
  ferry_library_download_package_async (package_connection (self), self->holder_id, self->project_id,
                                        self->file, self->cancellable, download_cb, g_object_ref (self));
}

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (self, result, poll_ready);
  const char *status;

  if (record == NULL)
    return;

  status = ferry_library_record_get_string (record, "status");
  if (ferry_library_status_is (status, "ready"))
    {
      _ferry_job_set_progress (self, 0.6);
      download (self);
    }
  else if (ferry_library_status_is (status, "failed"))
    fail_with_message (self, FERRY_JOB_ERROR_CREATE_FAILED, record,
                       _("The server could not create the package"));
  else
    _ferry_job_poll_later (self, FALSE, ferry_library_record_get_number (record, "progress", -1.0),
                           poll_ready);
}

static void
poll_ready (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_CREATING_PACKAGE);
  ferry_library_get_package_async (package_connection (self), self->holder_id, self->project_id, FALSE,
                                   self->cancellable, ready_cb, g_object_ref (self));
}

static void
define_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  _ferry_job_set_progress (self, 0.1);
  _ferry_job_poll_later (self, TRUE, -1.0, poll_ready);
}

static void
create_holder_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  holder_id_from (self, record);
  if (!require_id (self, self->holder_id, _("package")))
    return;
  _ferry_job_set_progress (self, 0.05);

  if (self->kind == FERRY_JOB_KIND_PACKAGE_CREATE)
    ferry_library_define_package_async (package_connection (self), self->holder_id, self->project_id,
                                        self->definition, self->cancellable,
                                        define_cb, g_object_ref (self));
  else
    upload (self);
}

static void
create_holder (FerryJob *self)
{
  ferry_library_create_package_async (package_connection (self), self->project_id, self->cancellable,
                                      create_holder_cb, g_object_ref (self));
}

void
_ferry_job_package_create_start (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_CREATING_PACKAGE);
  create_holder (self);
}

/* ------------------------------------------------------------------------ */
/* Import                                                                     */
/* ------------------------------------------------------------------------ */

static void poll_import (FerryJob *self);

static void
delete_import_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_ferry_job_is_running (self))
    return;
  if (!ferry_library_finish (result, &error))
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  g_clear_pointer (&self->import_id, g_free);
  _ferry_job_set_progress (self, 0.96);
  delete_holder (self);
}

static void
delete_import (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_CLEANING_UP);
  ferry_library_delete_package_import_async (package_connection (self), self->import_id, self->project_id,
                                             self->cancellable, delete_import_cb, g_object_ref (self));
}

static void
download_undo_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_ferry_job_is_running (self))
    return;
  if (!ferry_library_finish (result, &error))
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  _ferry_job_set_progress (self, 0.92);
  delete_import (self);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (self, result, poll_import);
  const char *status;
  double progress;

  if (record == NULL)
    return;

  status = ferry_library_record_get_string (record, "status");
  progress = ferry_library_record_get_number (record, "progress", -1.0);

  if (ferry_library_status_is (status, "imported"))
    {
      _ferry_job_set_progress (self, 0.85);
      if (self->undo_file != NULL)
        {
          _ferry_job_set_step (self, FERRY_JOB_STEP_DOWNLOADING_UNDO);
          ferry_library_download_undo_package_async (package_connection (self), self->import_id,
                                                     self->project_id, self->undo_file, self->cancellable,
                                                     download_undo_cb, g_object_ref (self));
        }
      else
        delete_import (self);
    }
  else if (ferry_library_status_is (status, "failed"))
    fail_with_message (self, FERRY_JOB_ERROR_IMPORT_FAILED, record,
                       _("The server could not import the package"));
  else
    {
      if (progress >= 0.0)
        _ferry_job_set_progress_in (self, 0.2, 0.85, progress);
      _ferry_job_poll_later (self, FALSE, progress, poll_import);
    }
}

static void
poll_import (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_IMPORTING);
  ferry_library_get_package_import_async (package_connection (self), self->import_id, self->project_id,
                                          self->cancellable, import_cb, g_object_ref (self));
}

static void
start_import_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  const char *id;

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  id = ferry_library_record_get_string (record, "id");
  if (!require_id (self, id, _("import")))
    return;
  self->import_id = g_strdup (id);
  _ferry_job_set_step (self, FERRY_JOB_STEP_IMPORTING);
  _ferry_job_poll_later (self, TRUE, ferry_library_record_get_number (record, "progress", -1.0),
                         poll_import);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  _ferry_job_set_progress (self, 0.2);
  _ferry_job_set_step (self, FERRY_JOB_STEP_STARTING_IMPORT);
  ferry_library_create_package_import_async (package_connection (self), self->holder_id, self->project_id,
                                             self->generate_undo, self->cancellable,
                                             start_import_cb, g_object_ref (self));
}

static void
upload (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_UPLOADING);
  ferry_library_upload_package_async (package_connection (self), self->holder_id, self->project_id,
                                      self->file, self->cancellable, upload_cb, g_object_ref (self));
}

void
_ferry_job_package_import_start (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_UPLOADING);
  create_holder (self);
}
