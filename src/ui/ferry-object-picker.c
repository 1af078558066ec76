/* ferry-object-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-object-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-object-picker.h"

/* Rows a picker shows at most; type more to narrow. */
#define MAX_PICKER_ROWS 200

static char *
object_subtitle (FerryObjectInfo *info)
{
  const char *type = ferry_object_type_name (ferry_object_info_get_object_type (info),
                                             ferry_object_info_get_subtype (info));
  const char *path = ferry_object_info_get_path (info);
  g_autofree char *type_text = type ? g_strdup (type)
                                    : g_strdup_printf (_("Type %d"), ferry_object_info_get_object_type (info));

  if (path != NULL)
    /* Translators: an object's type and the folder holding it */
    return g_strdup_printf (_("%s in %s"), type_text, path);
  return g_steal_pointer (&type_text);
}

struct _FerryObjectPicker
{
  GtkPopover             parent_instance;

  GtkSearchEntry        *entry;
  GtkStack              *stack;
  GtkListBox            *list;
  GtkLabel              *status_label;
  GtkLabel              *more_label;
  GtkSpinner            *spinner;

  GListStore            *results;     /* FerryObjectInfo */
  FerryConnection       *connection;
  char                  *project_id;
  FerryObjectPickerMode  mode;
  GPtrArray             *people;      /* users and groups, once listed */
  guint                  people_pending;
  GCancellable          *cancellable; /* the search or listing under way */
  char                  *last_text;
};

G_DEFINE_FINAL_TYPE (FerryObjectPicker, ferry_object_picker, GTK_TYPE_POPOVER)

enum {
  PICKER_PICKED,
  N_PICKER_SIGNALS
};

static guint picker_signals[N_PICKER_SIGNALS];

static void
picker_show (FerryObjectPicker *self,
             const char        *page,
             const char        *message)
{
  gtk_spinner_set_spinning (self->spinner, g_str_equal (page, "loading"));
  if (message != NULL)
    gtk_label_set_label (self->status_label, message);
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
picker_set_results (FerryObjectPicker *self,
                    GPtrArray         *found,
                    const char        *empty_message)
{
  guint n = found ? MIN (found->len, MAX_PICKER_ROWS) : 0;

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       found ? found->pdata : NULL, n);
  if (found != NULL && found->len > MAX_PICKER_ROWS)
    {
      g_autofree char *text = g_strdup_printf (_("Showing %u of %u; type more to narrow the search"),
                                               MAX_PICKER_ROWS, found->len);

      gtk_label_set_label (self->more_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);

  if (n == 0)
    picker_show (self, "status", empty_message);
  else
    picker_show (self, "results", NULL);
}

static gboolean
matches (FerryObjectInfo *info,
         const char      *needle)
{
  g_autofree char *name = NULL;

  if (needle == NULL || *needle == '\0')
    return TRUE;
  name = g_utf8_casefold (ferry_object_info_get_name (info) ? ferry_object_info_get_name (info) : "", -1);
  return strstr (name, needle) != NULL;
}

/* Users and groups, filtered by TEXT; in configuration mode merged with
 * FOUND (a search of the configuration). */
static void
picker_show_people (FerryObjectPicker *self,
                    const char        *text,
                    GPtrArray         *found)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *needle = text && *text ? g_utf8_casefold (text, -1) : NULL;

  for (guint i = 0; self->people != NULL && i < self->people->len; i++)
    {
      FerryObjectInfo *info = g_ptr_array_index (self->people, i);

      if (matches (info, needle) && g_hash_table_add (ids, (gpointer) ferry_object_info_get_id (info)))
        g_ptr_array_add (shown, info);
    }
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      FerryObjectInfo *info = g_ptr_array_index (found, i);

      if (g_hash_table_add (ids, (gpointer) ferry_object_info_get_id (info)))
        g_ptr_array_add (shown, info);
    }
  picker_set_results (self, shown, needle ? _("No users, groups or configuration objects match")
                                          : _("No users or groups"));
}

static void
picker_search_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FerryObjectPicker *self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = ferry_discovery_search_finish (FERRY_CONNECTION (object), result, &error);
  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("The search failed: %s"), error->message);

          picker_show (self, "status", message);
        }
      g_object_unref (self);
      return;
    }

  if (self->mode == FERRY_OBJECT_PICKER_CONFIGURATION)
    picker_show_people (self, self->last_text, found);
  else
    picker_set_results (self, found, _("No objects match"));
  g_object_unref (self);
}

static void
picker_people_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FerryObjectPicker *self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == ferry_discovery_list_users_async)
    found = ferry_discovery_list_users_finish (FERRY_CONNECTION (object), result, &error);
  else
    found = ferry_discovery_list_user_groups_finish (FERRY_CONNECTION (object), result, &error);

  /* Cancelled: whoever cancelled (a new connection, dispose) has reset
   * the listing; this answer counts no more. */
  if (found == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  self->people_pending--;
  if (found == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not list the users and groups: %s"), error->message);

      g_clear_pointer (&self->people, g_ptr_array_unref);
      picker_show (self, "status", message);
      g_object_unref (self);
      return;
    }

  if (self->people != NULL)
    for (guint i = 0; i < found->len; i++)
      g_ptr_array_add (self->people, g_object_ref (g_ptr_array_index (found, i)));
  if (self->people_pending == 0 && self->people != NULL)
    ferry_object_picker_search (self, self->last_text);
  g_object_unref (self);
}

void
ferry_object_picker_search (FerryObjectPicker *self,
                            const char        *text)
{
  g_return_if_fail (FERRY_IS_OBJECT_PICKER (self));

  if (text != self->last_text)
    {
      g_free (self->last_text);
      self->last_text = g_strdup (text);
    }
  /* What is searched for shows in the entry. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");

  if (self->connection == NULL)
    {
      picker_show (self, "status", _("Connect to the source environment to pick objects"));
      return;
    }

  /* While users and groups are listed, nothing is cancelled: the listing
   * searches again for the last text when it is done. (Cancelling it here
   * left the picker waiting for answers that never came.) */
  if (self->mode != FERRY_OBJECT_PICKER_SEARCH && self->people_pending > 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->mode != FERRY_OBJECT_PICKER_SEARCH && self->people == NULL)
    {
      /* Users and groups first, once. */
      self->people = g_ptr_array_new_with_free_func (g_object_unref);
      self->people_pending = 2;
      picker_show (self, "loading", _("Listing users and groups…"));
      ferry_discovery_list_users_async (self->connection, self->cancellable,
                                        picker_people_cb, g_object_ref (self));
      ferry_discovery_list_user_groups_async (self->connection, self->cancellable,
                                              picker_people_cb, g_object_ref (self));
      return;
    }
  if (self->mode == FERRY_OBJECT_PICKER_USERS_AND_GROUPS ||
      (self->mode == FERRY_OBJECT_PICKER_CONFIGURATION && (text == NULL || *text == '\0')))
    {
      picker_show_people (self, text, NULL);
      return;
    }

  if (text == NULL || *text == '\0')
    {
      g_list_store_remove_all (self->results);
      picker_show (self, "status", _("Type a name to search"));
      return;
    }

  {
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();

    ferry_search_query_set_name (query, text, FERRY_SEARCH_CONTAINS);
    query->get_ancestors = TRUE;
    picker_show (self, "loading", _("Searching…"));
    ferry_discovery_search_async (self->connection,
                                  self->mode == FERRY_OBJECT_PICKER_SEARCH ? self->project_id : NULL,
                                  query, NULL, NULL, NULL, self->cancellable,
                                  picker_search_cb, g_object_ref (self));
  }
}

static void
picker_search_changed_cb (FerryObjectPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  /* ferry_object_picker_search() may have searched for it already */
  if (g_strcmp0 (text, self->last_text) == 0 && self->cancellable != NULL &&
      !g_cancellable_is_cancelled (self->cancellable))
    return;
  ferry_object_picker_search (self, text);
}

static GtkWidget *
picker_create_row (gpointer item,
                   gpointer user_data)
{
  FerryObjectInfo *info = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = object_subtitle (info);
  GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_object_info_get_name (info));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Add"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
picker_row_activated_cb (FerryObjectPicker *self,
                         GtkListBoxRow     *row)
{
  g_autoptr(FerryObjectInfo) info = g_list_model_get_item (G_LIST_MODEL (self->results),
                                                           gtk_list_box_row_get_index (row));

  if (info != NULL)
    g_signal_emit (self, picker_signals[PICKER_PICKED], 0, info);
}

/* Opened: the search starts at once, not when the popover's surface is
 * mapped (which a busy display server may delay). */
static void
picker_show_cb (FerryObjectPicker *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    ferry_object_picker_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
picker_map_cb (FerryObjectPicker *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
ferry_object_picker_dispose (GObject *object)
{
  FerryObjectPicker *self = FERRY_OBJECT_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->results);
  g_clear_pointer (&self->people, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_object_picker_parent_class)->dispose (object);
}

static void
ferry_object_picker_finalize (GObject *object)
{
  FerryObjectPicker *self = FERRY_OBJECT_PICKER (object);

  g_free (self->project_id);
  g_free (self->last_text);

  G_OBJECT_CLASS (ferry_object_picker_parent_class)->finalize (object);
}

static void
ferry_object_picker_class_init (FerryObjectPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_object_picker_dispose;
  object_class->finalize = ferry_object_picker_finalize;

  picker_signals[PICKER_PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_OBJECT_INFO);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-object-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryObjectPicker, entry);
  gtk_widget_class_bind_template_child (widget_class, FerryObjectPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryObjectPicker, list);
  gtk_widget_class_bind_template_child (widget_class, FerryObjectPicker, status_label);
  gtk_widget_class_bind_template_child (widget_class, FerryObjectPicker, more_label);
  gtk_widget_class_bind_template_child (widget_class, FerryObjectPicker, spinner);
  gtk_widget_class_bind_template_callback (widget_class, picker_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, picker_map_cb);
  gtk_widget_class_bind_template_callback (widget_class, picker_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, picker_row_activated_cb);
}

static void
ferry_object_picker_init (FerryObjectPicker *self)
{
  self->results = g_list_store_new (FERRY_TYPE_OBJECT_INFO);
  self->mode = FERRY_OBJECT_PICKER_SEARCH;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->results), picker_create_row, NULL, NULL);
  picker_show (self, "status", _("Type a name to search"));
}

GtkWidget *
ferry_object_picker_new (void)
{
  return g_object_new (FERRY_TYPE_OBJECT_PICKER, NULL);
}

void
ferry_object_picker_set_source (FerryObjectPicker *self,
                                FerryConnection   *connection,
                                const char        *project_id)
{
  g_return_if_fail (FERRY_IS_OBJECT_PICKER (self));
  g_return_if_fail (connection == NULL || FERRY_IS_CONNECTION (connection));

  if (self->connection == connection && g_strcmp0 (self->project_id, project_id) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->connection, connection);
  g_free (self->project_id);
  self->project_id = g_strdup (project_id);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  self->people_pending = 0;
  g_list_store_remove_all (self->results);
  picker_show (self, "status", connection ? _("Type a name to search")
                                          : _("Connect to the source environment to pick objects"));
}

void
ferry_object_picker_set_mode (FerryObjectPicker     *self,
                              FerryObjectPickerMode  mode)
{
  g_return_if_fail (FERRY_IS_OBJECT_PICKER (self));

  if (self->mode == mode)
    return;
  self->mode = mode;
  /* What was under way was for the other mode; users and groups are
   * listed again when needed. */
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->people, g_ptr_array_unref);
  self->people_pending = 0;
  g_list_store_remove_all (self->results);
  g_object_set (self->entry, "placeholder-text",
                mode == FERRY_OBJECT_PICKER_SEARCH ? _("Search by name")
                : mode == FERRY_OBJECT_PICKER_USERS_AND_GROUPS ? _("Filter users and groups")
                : _("Search users, groups and configuration objects"),
                NULL);
  picker_show (self, "status", _("Type a name to search"));
}

GListModel *
ferry_object_picker_get_results (FerryObjectPicker *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_PICKER (self), NULL);
  return G_LIST_MODEL (self->results);
}
