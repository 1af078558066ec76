/* ferry-folder-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-folder-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-folder-picker.h"

struct _FerryFolderPicker
{
  GtkPopover          parent_instance;

  GtkButton          *up_button;
  GtkLabel           *path_label;
  GtkStack           *stack;
  GtkListBox         *list;
  GtkLabel           *status_label;
  GtkSpinner         *spinner;
  GtkButton          *pick_button;
  GtkButton          *retry_button;

  GtkFilterListModel *folders;       /* the folders of model (FerryObjectInfo) */
  FerryFolderModel   *model;         /* the folder shown; NULL without a source */
  FerryConnection    *connection;
  char               *project_id;
  char               *folder_id;     /* shown now; NULL: the top level */
  char               *folder_path;
  GPtrArray          *trail;         /* (id, path) pairs above, as GStrv;
                                      * the top level not among them */
};

G_DEFINE_FINAL_TYPE (FerryFolderPicker, ferry_folder_picker, GTK_TYPE_POPOVER)

enum {
  FOLDER_PICKED,
  N_FOLDER_SIGNALS
};

static guint folder_signals[N_FOLDER_SIGNALS];

/* INFO's path: a folder listing says no paths (ferry_object_info_get_path()
 * is NULL below the top level), but INFO is in the folder shown. */
static char *
folder_path_of (FerryFolderPicker *self,
                FerryObjectInfo   *info)
{
  const char *name = ferry_object_info_get_name (info);

  return g_strdup_printf ("%s\\%s", self->folder_path != NULL ? self->folder_path : "", name ? name : "");
}

static void
folder_picker_show (FerryFolderPicker *self,
                    const char        *page,
                    const char        *message,
                    gboolean           retry)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "loading"));
  if (message != NULL)
    gtk_label_set_label (self->status_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), retry);
  gtk_stack_set_visible_child_name (self->stack, page);
}

/* The page for the model's state: listing, failed, listed (with folders or
 * none), or no source to list. */
static void
folder_picker_update (FerryFolderPicker *self)
{
  const GError *error;

  if (self->model == NULL)
    {
      folder_picker_show (self, "status", _("Connect to the source environment and choose a project to pick folders"), FALSE);
      return;
    }

  error = ferry_folder_model_get_error (self->model);
  if (ferry_folder_model_get_loading (self->model) || (!ferry_folder_model_get_loaded (self->model) && error == NULL))
    folder_picker_show (self, "loading", NULL, FALSE);
  else if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not list the folders: %s"), error->message);

      folder_picker_show (self, "status", message, TRUE);
    }
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->folders)) == 0)
    folder_picker_show (self, "status", _("No folders here"), FALSE);
  else
    folder_picker_show (self, "folders", NULL, FALSE);
}

/* Shows the model and lists it (once). Only while open: the model lists
 * when the filter first counts its items. */
static void
folder_picker_load (FerryFolderPicker *self)
{
  if (self->model == NULL)
    return;
  if (gtk_filter_list_model_get_model (self->folders) != G_LIST_MODEL (self->model))
    gtk_filter_list_model_set_model (self->folders, G_LIST_MODEL (self->model));
  ferry_folder_model_load (self->model);
}

/* Drops the folder shown (which cancels its listing) for FOLDER_ID's,
 * listed at once when NAVIGATING (the user went there: even if the popover
 * has just lost its grab to another window), else only while open. */
static void
folder_picker_set_folder (FerryFolderPicker *self,
                          const char        *folder_id,
                          const char        *folder_path,
                          gboolean           navigating)
{
  g_autoptr(FerryFolderModel) model = NULL;
  char *id, *path;

  if (self->connection != NULL && self->project_id != NULL)
    {
      if (folder_id != NULL && self->model != NULL &&
          ferry_folder_model_get_connection (self->model) == self->connection &&
          g_str_equal (ferry_folder_model_get_project_id (self->model), self->project_id))
        model = ferry_folder_model_new_child (self->model, folder_id);
      else
        model = ferry_folder_model_new (self->connection, self->project_id, folder_id, NULL);
    }

  gtk_filter_list_model_set_model (self->folders, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      g_signal_connect_object (model, "notify::loading", G_CALLBACK (folder_picker_update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (model, "notify::error", G_CALLBACK (folder_picker_update), self, G_CONNECT_SWAPPED);
    }

  /* Copied first: the arguments may be the strings replaced. */
  id = g_strdup (folder_id);
  path = g_strdup (folder_path);
  g_free (self->folder_id);
  g_free (self->folder_path);
  self->folder_id = id;
  self->folder_path = path;
  gtk_label_set_label (self->path_label, self->folder_path ? self->folder_path : _("Top level"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->up_button), self->folder_id != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pick_button), self->folder_id != NULL);

  if (navigating || gtk_widget_get_visible (GTK_WIDGET (self)))
    folder_picker_load (self);
  folder_picker_update (self);
}

void
ferry_folder_picker_open_folder (FerryFolderPicker *self,
                                 const char        *folder_id,
                                 const char        *folder_path)
{
  g_return_if_fail (FERRY_IS_FOLDER_PICKER (self));

  /* The top level is no entry: Up from the trail's end goes there. */
  if (folder_id == NULL)
    g_ptr_array_set_size (self->trail, 0);
  else if (self->folder_id != NULL && g_strcmp0 (folder_id, self->folder_id) != 0)
    {
      char *entry[3] = { self->folder_id, self->folder_path, NULL };

      g_ptr_array_add (self->trail, g_strdupv (entry));
    }

  folder_picker_set_folder (self, folder_id, folder_path, TRUE);
}

static void
folder_up_cb (FerryFolderPicker *self)
{
  g_auto(GStrv) entry = NULL;

  if (self->trail->len == 0)
    {
      ferry_folder_picker_open_folder (self, NULL, NULL);
      return;
    }
  entry = g_ptr_array_steal_index (self->trail, self->trail->len - 1);
  folder_picker_set_folder (self, entry[0], entry[1], TRUE);
}

static void
folder_pick_current_cb (FerryFolderPicker *self)
{
  if (self->folder_id != NULL)
    g_signal_emit (self, folder_signals[FOLDER_PICKED], 0, self->folder_id, self->folder_path);
}

static void
folder_add_clicked_cb (GtkButton         *button,
                       FerryFolderPicker *self)
{
  FerryObjectInfo *info = g_object_get_data (G_OBJECT (button), "folder");
  g_autofree char *path = folder_path_of (self, info);

  g_signal_emit (self, folder_signals[FOLDER_PICKED], 0, ferry_object_info_get_id (info), path);
}

static GtkWidget *
folder_create_row (gpointer item,
                   gpointer user_data)
{
  FerryFolderPicker *self = user_data;
  FerryObjectInfo *info = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_object_info_get_name (info));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add a Rule for This Folder"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Add a Rule for This Folder"), -1);
  g_object_set_data_full (G_OBJECT (add), "folder", g_object_ref (info), g_object_unref);
  g_signal_connect (add, "clicked", G_CALLBACK (folder_add_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), go);
  return row;
}

static void
folder_row_activated_cb (FerryFolderPicker *self,
                         GtkListBoxRow     *row)
{
  g_autoptr(FerryObjectInfo) info = g_list_model_get_item (G_LIST_MODEL (self->folders),
                                                           gtk_list_box_row_get_index (row));
  g_autofree char *path = NULL;

  if (info == NULL)
    return;
  path = folder_path_of (self, info);
  ferry_folder_picker_open_folder (self, ferry_object_info_get_id (info), path);
}

static void
folder_retry_cb (FerryFolderPicker *self)
{
  if (self->model != NULL)
    ferry_folder_model_load (self->model);
}

static gboolean
folder_is_folder (gpointer item,
                  gpointer user_data)
{
  return ferry_object_info_is_folder (item);
}

static void
ferry_folder_picker_dispose (GObject *object)
{
  FerryFolderPicker *self = FERRY_FOLDER_PICKER (object);

  if (self->folders != NULL)
    gtk_filter_list_model_set_model (self->folders, NULL);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_object (&self->folders);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (ferry_folder_picker_parent_class)->dispose (object);
}

static void
ferry_folder_picker_finalize (GObject *object)
{
  FerryFolderPicker *self = FERRY_FOLDER_PICKER (object);

  g_free (self->project_id);
  g_free (self->folder_id);
  g_free (self->folder_path);
  g_ptr_array_unref (self->trail);

  G_OBJECT_CLASS (ferry_folder_picker_parent_class)->finalize (object);
}

static void
ferry_folder_picker_class_init (FerryFolderPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_folder_picker_dispose;
  object_class->finalize = ferry_folder_picker_finalize;

  folder_signals[FOLDER_PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-folder-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, up_button);
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, path_label);
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, list);
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, status_label);
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, pick_button);
  gtk_widget_class_bind_template_child (widget_class, FerryFolderPicker, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, folder_picker_load);
  gtk_widget_class_bind_template_callback (widget_class, folder_up_cb);
  gtk_widget_class_bind_template_callback (widget_class, folder_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, folder_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, folder_pick_current_cb);
}

static void
ferry_folder_picker_init (FerryFolderPicker *self)
{
  self->folders = gtk_filter_list_model_new (NULL, GTK_FILTER (gtk_custom_filter_new (folder_is_folder, NULL, NULL)));
  self->trail = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->folders), folder_create_row, self, NULL);
  folder_picker_update (self);
}

GtkWidget *
ferry_folder_picker_new (void)
{
  return g_object_new (FERRY_TYPE_FOLDER_PICKER, NULL);
}

void
ferry_folder_picker_set_source (FerryFolderPicker *self,
                                FerryConnection   *connection,
                                const char        *project_id)
{
  g_return_if_fail (FERRY_IS_FOLDER_PICKER (self));

  if (self->connection == connection && g_strcmp0 (self->project_id, project_id) == 0)
    return;
  g_set_object (&self->connection, connection);
  g_free (self->project_id);
  self->project_id = g_strdup (project_id);
  g_ptr_array_set_size (self->trail, 0);
  folder_picker_set_folder (self, NULL, NULL, FALSE);
}

GListModel *
ferry_folder_picker_get_folders (FerryFolderPicker *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_PICKER (self), NULL);
  return G_LIST_MODEL (self->folders);
}
