/* ferry-window-files.c: package files brought to the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three ways in, one dialog: win.import-file (the main menu's "Import
 * Package File…", Ctrl+I, a file chooser for *.mmp), a .mmp dropped onto
 * the window (a GtkDropTarget for file lists, highlighted while a drag is
 * over the window; anything but a .mmp is refused with a toast) and
 * `ferry FILE.mmp` (FerryApplication's open, through
 * ferry_window_import_file()). The import itself is the monitor's; this
 * window reports its end ("… was imported into …" with Undo).
 */

#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-preferences-window.h"
#include "ferry-environment-dialog.h"
#include "ferry-import-file-dialog.h"
#include "ferry-window-private.h"

static void
import_job_started_cb (FerryWindow           *self,
                       FerryJob              *job,
                       FerryImportFileDialog *dialog)
{
  g_autofree char *name = g_file_get_basename (ferry_import_file_dialog_get_file (dialog));
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* This window reports its end, with Undo (and nothing else does). */
  g_object_set_data (G_OBJECT (job), FERRY_JOB_REPORTED_KEY, self);

  text = g_strdup_printf (_("Importing “%s”…"), name);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-migrations");
  adw_toast_set_action_target_value (toast, g_variant_new_string (""));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Whether FILE's name says it is a migration package. */
static gboolean
is_package_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *folded = name != NULL ? g_ascii_strdown (name, -1) : NULL;

  return folded != NULL && g_str_has_suffix (folded, ".mmp");
}

/**
 * ferry_window_import_file:
 * @file: a package file
 *
 * Shows the dialog that imports FILE into a chosen environment and project
 * (modal, on this window); a file that is not a .mmp is refused with a
 * toast.
 *
 * Returns: (transfer none) (nullable): the dialog, or NULL when refused
 */
GtkWindow *
ferry_window_import_file (FerryWindow *self,
                          GFile       *file)
{
  FerryImportFileDialog *dialog;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!is_package_file (file))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *text = g_strdup_printf (_("“%s” is not a migration package: only .mmp files can be imported"),
                                               name);

      _ferry_window_toast (self, text);
      return NULL;
    }
  _ferry_window_ensure_environments (self);
  dialog = ferry_import_file_dialog_new (GTK_WINDOW (self), self->monitor, file);
  g_signal_connect_object (dialog, "job-started", G_CALLBACK (import_job_started_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

/* --- win.import-file ------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     FerryWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ferry_window_import_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
import_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Import Package File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Migration packages (*.mmp)"));
  gtk_file_filter_add_pattern (filter, "*.mmp");
  gtk_file_filter_add_pattern (filter, "*.MMP");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  ferry_preferences_apply_default_folder (GTK_FILE_CHOOSER (chooser), GTK_WIDGET (self));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- Drag and drop --------------------------------------------------------------- */

static void
set_highlight (FerryWindow *self,
               gboolean     highlight)
{
  if (highlight)
    gtk_widget_add_css_class (GTK_WIDGET (self->toast_overlay), "drop-highlight");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->toast_overlay), "drop-highlight");
}

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               FerryWindow   *self)
{
  set_highlight (self, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               FerryWindow   *self)
{
  set_highlight (self, FALSE);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FerryWindow   *self)
{
  GSList *files = NULL;
  gboolean any = FALSE;

  set_highlight (self, FALSE);
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = gdk_file_list_get_files (g_value_get_boxed (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_slist_prepend (NULL, g_value_get_object (value));

  for (GSList *l = files; l != NULL; l = l->next)
    any = ferry_window_import_file (self, l->data) != NULL || any;
  g_slist_free (files);
  return any;
}

void
_ferry_window_files_init (FerryWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "enter", G_CALLBACK (drop_enter_cb), self, 0);
  g_signal_connect_object (target, "leave", G_CALLBACK (drop_leave_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/* For tests: the window's drop target. */
GtkDropTarget *
ferry_window_get_drop_target (FerryWindow *self)
{
  g_autoptr(GListModel) controllers = NULL;
  guint n;

  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);

  controllers = gtk_widget_observe_controllers (GTK_WIDGET (self));
  n = g_list_model_get_n_items (controllers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

void
_ferry_window_class_add_files (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-file", NULL, import_file_action);
}
