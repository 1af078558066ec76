/* ferry-migrations-view-package.c: the Migrations page's package actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Validate (the server's dry run on the target, a FerryValidationJob the
 * monitor runs), the certification steps (request, certify, refuse,
 * decertify: a PATCH through the monitor) and the package files (the
 * package and the undo package saved to a .mmp, streamed, with a toast
 * that shows the progress and can cancel). What each may do now is asked
 * of ferry-migration-actions, as for the import steps.
 */

#define G_LOG_DOMAIN "ferry-migrations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-preferences-window.h"
#include "ferry-migrations-view-private.h"

/* --- Validate ------------------------------------------------------------------ */

static void
validate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = _ferry_migrations_view_action_target (self, FERRY_MIGRATION_OP_VALIDATE);
  FerryJob *job;

  if (m == NULL)
    return;
  job = ferry_migration_monitor_start_validation (self->monitor, m);
  if (job == NULL)
    {
      _ferry_migrations_view_toast (self, _("The migration’s environments are not connected"));
      return;
    }
  _ferry_migrations_view_ran (self, m, job);
}

/* --- Certification ----------------------------------------------------------- */

typedef struct
{
  FerryMigrationsView      *view;           /* borrowed: the cancellable says when it is gone */
  GCancellable             *cancellable;
  char                     *id;
  char                     *name;
  FerryMigrationOp          op;
} CertifyData;

static void
certify_data_free (CertifyData *data)
{
  g_clear_object (&data->cancellable);
  g_free (data->id);
  g_free (data->name);
  g_free (data);
}

static void
certify_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CertifyData *data = user_data;
  FerryMigrationsView *self = data->view;
  g_autoptr(GError) error = NULL;
  gboolean ok = ferry_migration_monitor_set_certification_finish (FERRY_MIGRATION_MONITOR (object), result, &error);
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      certify_data_free (data);
      return;
    }

  if (ok)
    {
      switch ((int) data->op)
        {
        case FERRY_MIGRATION_OP_REQUEST_CERTIFICATION:
          message = g_strdup_printf (_("The certification of “%s” was requested"), data->name);
          break;
        case FERRY_MIGRATION_OP_CERTIFY:
          message = g_strdup_printf (_("“%s” was certified"), data->name);
          break;
        case FERRY_MIGRATION_OP_REJECT_CERTIFICATION:
          message = g_strdup_printf (_("The certification of “%s” was refused"), data->name);
          break;
        default:
          message = g_strdup_printf (_("“%s” is no longer certified"), data->name);
          break;
        }
    }
  else
    {
      g_autofree char *described = ferry_api_error_describe (error);

      /* Translators: "Could not change the certification of “X”: You lack the privilege …" */
      message = g_strdup_printf (_("Could not change the certification of “%s”: %s"), data->name, described);
    }
  _ferry_migrations_view_toast (self, message);
  if (self->selected != NULL && g_strcmp0 (ferry_migration_get_id (self->selected), data->id) == 0)
    ferry_migration_details_set_last_error (self->details,
                                            ferry_migration_monitor_get_last_error (self->monitor, data->id));
  _ferry_migrations_view_queue_update (self);
  _ferry_migrations_view_update_actions (self);
  certify_data_free (data);
}

static void
set_certification (FerryMigrationsView      *self,
                   FerryMigrationOp          op,
                   FerryCertificationStatus  status)
{
  FerryMigration *m = _ferry_migrations_view_action_target (self, op);
  CertifyData *data;

  if (m == NULL)
    return;
  data = g_new0 (CertifyData, 1);
  data->view = self;
  data->cancellable = g_object_ref (self->cancellable);
  data->id = g_strdup (ferry_migration_get_id (m));
  data->name = g_strdup (_ferry_migrations_view_migration_name (m));
  data->op = op;
  ferry_migration_monitor_set_certification (self->monitor, m, status, self->cancellable, certify_cb, data);
  _ferry_migrations_view_update_actions (self);
}

static void
request_certification_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  set_certification (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_REQUEST_CERTIFICATION,
                     FERRY_CERTIFICATION_REQUESTED);
}

static void
certify_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_certification (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_CERTIFY, FERRY_CERTIFICATION_CERTIFIED);
}

static void
reject_certification_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  set_certification (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_REJECT_CERTIFICATION,
                     FERRY_CERTIFICATION_REJECTED);
}

static void
decertify_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_certification (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_DECERTIFY, FERRY_CERTIFICATION_UNCERTIFIED);
}

/* --- Downloads ----------------------------------------------------------------- */

struct _FerryPackageDownload
{
  FerryMigrationsView *view;                /* weak */
  GCancellable        *cancellable;
  gulong               view_cancel_handler;
  GCancellable        *view_cancellable;
  GFile               *file;
  AdwToast            *toast;
  guint                toast_source;        /* shows the toast when the download lasts */
  gboolean             toast_shown;
  char                *basename;
  gboolean             undo;
};

static void
download_free (FerryPackageDownload *download)
{
  if (download->view != NULL && download->view->download == download)
    download->view->download = NULL;
  g_clear_weak_pointer (&download->view);
  g_cancellable_disconnect (download->view_cancellable, download->view_cancel_handler);
  g_clear_object (&download->view_cancellable);
  g_clear_object (&download->cancellable);
  g_clear_object (&download->file);
  g_clear_handle_id (&download->toast_source, g_source_remove);
  g_clear_object (&download->toast);
  g_free (download->basename);
  g_free (download);
}

static void
view_cancelled_cb (GCancellable *view_cancellable,
                   GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* A download that lasts shows its progress toast (with Cancel) after this
 * long; a quick one only says "Saved". */
#define DOWNLOAD_TOAST_DELAY_MS 1000

static gboolean
show_download_toast (gpointer user_data)
{
  FerryPackageDownload *download = user_data;

  download->toast_source = 0;
  if (download->view != NULL && download->view->toast_overlay != NULL)
    {
      adw_toast_overlay_add_toast (download->view->toast_overlay, g_object_ref (download->toast));
      download->toast_shown = TRUE;
    }
  return G_SOURCE_REMOVE;
}

static void
download_progress_cb (goffset  done,
                      goffset  total,
                      gpointer user_data)
{
  FerryPackageDownload *download = user_data;
  g_autofree char *title = NULL;
  g_autofree char *size = g_format_size (done);

  if (total > 0)
    /* Translators: "Downloading “Tutorial.mmp”… 45 %" */
    title = g_strdup_printf (_("Downloading “%s”… %d %%"), download->basename, (int) (done * 100 / total));
  else
    title = g_strdup_printf (_("Downloading “%s”… %s"), download->basename, size);
  adw_toast_set_title (download->toast, title);
}

static void
download_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FerryPackageDownload *download = user_data;
  FerryMigrationsView *self = download->view;
  g_autoptr(GError) error = NULL;
  gboolean ok = ferry_library_finish (result, &error);

  /* Only a toast that was shown is dismissed: it is shown once the download
   * lasts (so never during its own show animation, which libadwaita 1.2
   * cannot dismiss safely). */
  g_clear_handle_id (&download->toast_source, g_source_remove);
  if (download->toast_shown)
    adw_toast_dismiss (download->toast);
  if (self != NULL && !g_cancellable_is_cancelled (download->view_cancellable))
    {
      if (ok)
        {
          g_autoptr(GFile) parent = g_file_get_parent (download->file);
          g_autofree char *message = g_strdup_printf (_("Saved “%s”"), download->basename);
          AdwToast *toast = adw_toast_new (message);

          adw_toast_set_timeout (toast, 8);
          if (parent != NULL)
            {
              g_autofree char *uri = g_file_get_uri (parent);

              adw_toast_set_button_label (toast, _("Open _Folder"));
              adw_toast_set_action_name (toast, "migrations.open-folder");
              adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
            }
          if (self->toast_overlay != NULL)
            adw_toast_overlay_add_toast (self->toast_overlay, toast);
          else
            g_object_unref (toast);
          g_signal_emit_by_name (self, "toast", message);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ferry_migrations_view_toast (self, _("The download was cancelled"));
      else
        {
          g_autofree char *described = ferry_api_error_describe (error);
          g_autofree char *message = download->undo
                                     ? g_strdup_printf (_("Could not download the undo package: %s"), described)
                                     : g_strdup_printf (_("Could not download the package: %s"), described);

          _ferry_migrations_view_toast (self, message);
        }
    }
  download_free (download);
}

/**
 * ferry_migrations_view_download_package:
 * @migration_id: a listed migration
 * @undo: its undo package (on the target), not its package
 * @file: where to save it
 *
 * Streams the package (UNDO: the undo package) of MIGRATION_ID into FILE:
 * a toast shows the progress, with Cancel; then "Saved “file”" with Open
 * Folder, or the server's message. One download at a time: FALSE (and a
 * toast) when one runs or the migration's environment is not connected.
 */
gboolean
ferry_migrations_view_download_package (FerryMigrationsView *self,
                                        const char          *migration_id,
                                        gboolean             undo,
                                        GFile               *file)
{
  FerryMigration *m;
  FerryConnection *connection = NULL;
  FerryPackageDownload *download;
  g_autofree char *title = NULL;

  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);
  g_return_val_if_fail (migration_id != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  m = self->monitor != NULL
      ? ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (self->monitor), migration_id) : NULL;
  if (m == NULL)
    return FALSE;
  if (self->download != NULL)
    {
      _ferry_migrations_view_toast (self, _("Wait until the current download has finished"));
      return FALSE;
    }
  /* The package lives on the source, and on the target of a migration
   * imported from a file; the undo package on the target only. */
  if (!undo && ferry_migration_get_has_source_record (m))
    connection = ferry_migration_monitor_get_source (self->monitor, m);
  if (connection == NULL && (undo || ferry_migration_get_has_target_record (m)))
    connection = ferry_migration_monitor_get_target (self->monitor, m);
  if (connection == NULL || (undo ? ferry_migration_get_import_id (m) : ferry_migration_get_package_id (m)) == NULL)
    {
      _ferry_migrations_view_toast (self, _("The migration’s environments are not connected"));
      return FALSE;
    }

  download = g_new0 (FerryPackageDownload, 1);
  g_set_weak_pointer (&download->view, self);
  download->cancellable = g_cancellable_new ();
  download->view_cancellable = g_object_ref (self->cancellable);
  download->view_cancel_handler = g_cancellable_connect (self->cancellable, G_CALLBACK (view_cancelled_cb),
                                                         download->cancellable, NULL);
  download->file = g_object_ref (file);
  download->basename = g_file_get_basename (file);
  download->undo = undo;
  title = g_strdup_printf (_("Downloading “%s”…"), download->basename);
  download->toast = adw_toast_new (title);
  adw_toast_set_timeout (download->toast, 0);
  adw_toast_set_priority (download->toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (download->toast, _("_Cancel"));
  adw_toast_set_action_name (download->toast, "migrations.cancel-download");
  if (self->toast_overlay != NULL)
    download->toast_source = g_timeout_add (DOWNLOAD_TOAST_DELAY_MS, show_download_toast, download);
  self->download = download;

  if (undo)
    ferry_library_download_undo_package_to_file_async (connection, ferry_migration_get_import_id (m), file,
                                                       download_progress_cb, download, NULL,
                                                       download->cancellable, download_done_cb, download);
  else
    ferry_library_download_package_to_file_async (connection, ferry_migration_get_package_id (m), file,
                                                  download_progress_cb, download, NULL,
                                                  download->cancellable, download_done_cb, download);
  return TRUE;
}

static void
cancel_download_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  if (self->download != NULL)
    g_cancellable_cancel (self->download->cancellable);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, g_variant_get_string (parameter, NULL),
                GDK_CURRENT_TIME);
}

static void
download_chooser_response_cb (GtkNativeDialog     *chooser,
                              int                  response,
                              FerryMigrationsView *self)
{
  const char *id = g_object_get_data (G_OBJECT (chooser), "ferry-migration-id");
  gboolean undo = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "ferry-undo"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ferry_migrations_view_download_package (self, id, undo, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

/* "Tutorial to Production.mmp" / "Tutorial to Production (undo).mmp", with
 * what a file name cannot hold replaced. */
char *
_ferry_migrations_view_dup_package_file_name (FerryMigration *m,
                                              gboolean        undo)
{
  g_autofree char *name = g_strdup (_ferry_migrations_view_migration_name (m));

  g_strdelimit (name, "/\\:*?\"<>|", '_');
  /* Translators: the file name of a migration's undo package */
  return undo ? g_strdup_printf (_("%s (undo).mmp"), name) : g_strdup_printf ("%s.mmp", name);
}

static void
download (FerryMigrationsView *self,
          gboolean             undo)
{
  FerryMigration *m = _ferry_migrations_view_action_target (self, undo ? FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE
                                                                       : FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (m == NULL)
    return;
  name = _ferry_migrations_view_dup_package_file_name (m, undo);
  chooser = gtk_file_chooser_native_new (undo ? _("Download Undo Package") : _("Download Package"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Migration packages (*.mmp)"));
  gtk_file_filter_add_pattern (filter, "*.mmp");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  ferry_preferences_apply_default_folder (GTK_FILE_CHOOSER (chooser), GTK_WIDGET (self));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "ferry-migration-id", g_strdup (ferry_migration_get_id (m)), g_free);
  g_object_set_data (G_OBJECT (chooser), "ferry-undo", GINT_TO_POINTER (undo));
  g_signal_connect (chooser, "response", G_CALLBACK (download_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
download_package_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  download (FERRY_MIGRATIONS_VIEW (widget), FALSE);
}

static void
download_undo_package_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  download (FERRY_MIGRATIONS_VIEW (widget), TRUE);
}

void
_ferry_migrations_view_class_add_package_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_VALIDATE, NULL, validate_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REQUEST_CERTIFICATION, NULL,
                                   request_certification_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_CERTIFY, NULL, certify_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REJECT_CERTIFICATION, NULL,
                                   reject_certification_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_DECERTIFY, NULL, decertify_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_DOWNLOAD_PACKAGE, NULL, download_package_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_DOWNLOAD_UNDO_PACKAGE, NULL,
                                   download_undo_package_action);
  gtk_widget_class_install_action (widget_class, "migrations.cancel-download", NULL, cancel_download_action);
  gtk_widget_class_install_action (widget_class, "migrations.open-folder", "s", open_folder_action);
}
