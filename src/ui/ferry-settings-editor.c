/* ferry-settings-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-settings-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-settings-editor.h"

/* Rows a picker shows at most; type more to narrow. */
#define MAX_PICKER_ROWS 200

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                             */
/* ------------------------------------------------------------------------ */

static const char *action_labels[] = {
  N_("Use existing"),
  N_("Replace"),
  N_("Keep both"),
  N_("Use newer"),
  N_("Use older"),
  N_("Force replace"),
  N_("Delete"),
  NULL
};

const char * const *
ferry_conflict_action_labels (void)
{
  static const char *translated[G_N_ELEMENTS (action_labels)];

  if (translated[0] == NULL)
    for (guint i = 0; action_labels[i] != NULL; i++)
      translated[i] = _(action_labels[i]);
  return translated;
}

static GtkStringList *
string_list_new_translated (const char * const *labels)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; labels[i] != NULL; i++)
    gtk_string_list_append (list, _(labels[i]));
  return list;
}

gboolean
ferry_enum_to_selected (GBinding     *binding,
                        const GValue *from,
                        GValue       *to,
                        gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

gboolean
ferry_selected_to_enum (GBinding     *binding,
                        const GValue *from,
                        GValue       *to,
                        gpointer      user_data)
{
  guint selected = g_value_get_uint (from);
  GEnumClass *klass = g_type_class_peek (G_VALUE_TYPE (to));

  if (selected == GTK_INVALID_LIST_POSITION || klass == NULL || g_enum_get_value (klass, (int) selected) == NULL)
    return FALSE;
  g_value_set_enum (to, (int) selected);
  return TRUE;
}

GtkWidget *
ferry_action_drop_down_new (GObject    *object,
                            const char *property)
{
  g_autoptr(GtkStringList) model = string_list_new_translated (action_labels);
  GtkWidget *drop_down = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&model)), NULL);

  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (drop_down, _("What happens when the target has the object"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Action"),
                                  -1);
  g_object_bind_property_full (object, property, drop_down, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               ferry_enum_to_selected, ferry_selected_to_enum, NULL, NULL);
  return drop_down;
}

static GtkWidget *
remove_button_new (const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

/* The store holding ITEM: remove it from there. */
static void
store_remove_item (GListStore *store,
                   gpointer    item)
{
  guint position;

  if (g_list_store_find (store, item, &position))
    g_list_store_remove (store, position);
}

static char *
folder_path_of (FerryObjectInfo *info)
{
  const char *path = ferry_object_info_get_path (info);
  const char *name = ferry_object_info_get_name (info);

  if (path == NULL || g_str_equal (path, "\\") || *path == '\0')
    return g_strdup_printf ("\\%s", name ? name : "");
  return g_strdup_printf ("%s\\%s", path, name ? name : "");
}

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

/* ------------------------------------------------------------------------ */
/* Object-type presets                                                        */
/* ------------------------------------------------------------------------ */

static const struct {
  const char *label;
  int         type;
  int         subtype;
} presets[] = {
  { N_("Filter"), 1, 256 },
  { N_("Custom group"), 1, 257 },
  { N_("Filter (all subtypes)"), 1, 0 },
  { N_("Template"), 2, 512 },
  { N_("Report (all subtypes)"), 3, 0 },
  { N_("Grid report"), 3, 768 },
  { N_("Graph report"), 3, 769 },
  { N_("Grid and graph report"), 3, 774 },
  { N_("Intelligent cube"), 3, 776 },
  { N_("Metric"), 4, 1024 },
  { N_("Folder"), 8, 2048 },
  { N_("Prompt (all subtypes)"), 10, 0 },
  { N_("Attribute (all subtypes)"), 12, 0 },
  { N_("Fact"), 13, 3328 },
  { N_("Hierarchy (all subtypes)"), 14, 0 },
  { N_("Table"), 15, 3840 },
  { N_("Transformation"), 43, 11009 },
  { N_("Consolidation (all subtypes)"), 47, 0 },
  { N_("Document or dashboard"), 55, 14081 },
  { N_("Drill map (all subtypes)"), 56, 0 },
  { N_("Security filter"), 58, 14848 },
};

guint
ferry_object_type_presets_get_n (void)
{
  return G_N_ELEMENTS (presets);
}

const char *
ferry_object_type_preset_get (guint  index,
                              int   *type,
                              int   *subtype)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (presets), NULL);

  if (type != NULL)
    *type = presets[index].type;
  if (subtype != NULL)
    *subtype = presets[index].subtype;
  return _(presets[index].label);
}

static int
preset_find (int type,
             int subtype)
{
  subtype = MAX (subtype, 0);
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (presets[i].type == type && presets[i].subtype == subtype)
      return (int) i;
  return -1;
}

/* ------------------------------------------------------------------------ */
/* FerryObjectPicker                                                          */
/* ------------------------------------------------------------------------ */

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

  self->people_pending--;
  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not list the users and groups: %s"), error->message);

          g_clear_pointer (&self->people, g_ptr_array_unref);
          picker_show (self, "status", message);
        }
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
  if (self->people_pending > 0)
    return;   /* the listing searches again when it is done */

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

static void
picker_map_cb (FerryObjectPicker *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    ferry_object_picker_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
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

  object_class->dispose = ferry_object_picker_dispose;
  object_class->finalize = ferry_object_picker_finalize;

  picker_signals[PICKER_PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_OBJECT_INFO);
}

static void
ferry_object_picker_init (FerryObjectPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *status_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *loading_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *loading_label;

  self->results = g_list_store_new (FERRY_TYPE_OBJECT_INFO);
  self->mode = FERRY_OBJECT_PICKER_SEARCH;

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->entry, 300);
  g_object_set (self->entry, "placeholder-text", _("Search by name"), NULL);
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (picker_search_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->entry));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->results), picker_create_row, NULL, NULL);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (picker_row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_stack_add_named (self->stack, scrolled, "results");

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_max_width_chars (self->status_label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->status_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->status_label), 12);
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->status_label));
  gtk_stack_add_named (self->stack, status_box, "status");

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->spinner), 12);
  loading_label = gtk_label_new (_("Loading…"));
  gtk_widget_add_css_class (loading_label, "dim-label");
  gtk_box_append (GTK_BOX (loading_box), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (loading_box), loading_label);
  gtk_stack_add_named (self->stack, loading_box, "loading");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  self->more_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->more_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->more_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->more_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->more_label));

  gtk_widget_set_size_request (box, 340, -1);
  gtk_popover_set_child (GTK_POPOVER (self), box);
  picker_show (self, "status", _("Type a name to search"));

  g_signal_connect (self, "map", G_CALLBACK (picker_map_cb), NULL);
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

/* ------------------------------------------------------------------------ */
/* FerryFolderPicker                                                          */
/* ------------------------------------------------------------------------ */

struct _FerryFolderPicker
{
  GtkPopover       parent_instance;

  GtkButton       *up_button;
  GtkLabel        *path_label;
  GtkStack        *stack;
  GtkListBox      *list;
  GtkLabel        *status_label;
  GtkSpinner      *spinner;
  GtkButton       *pick_button;
  GtkButton       *retry_button;

  GListStore      *folders;       /* FerryObjectInfo */
  FerryConnection *connection;
  char            *project_id;
  char            *folder_id;     /* shown now; NULL: the top level */
  char            *folder_path;
  GPtrArray       *trail;         /* (id, path) pairs above, as GStrv */
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (FerryFolderPicker, ferry_folder_picker, GTK_TYPE_POPOVER)

enum {
  FOLDER_PICKED,
  N_FOLDER_SIGNALS
};

static guint folder_signals[N_FOLDER_SIGNALS];

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

static void
folder_list_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FerryFolderPicker *self = user_data;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) folders = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  items = ferry_discovery_list_folder_finish (FERRY_CONNECTION (object), result, &error);
  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Could not list the folders: %s"), error->message);

          folder_picker_show (self, "status", message, TRUE);
        }
      g_object_unref (self);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    if (ferry_object_info_is_folder (g_ptr_array_index (items, i)))
      g_ptr_array_add (folders, g_ptr_array_index (items, i));
  g_list_store_splice (self->folders, 0, g_list_model_get_n_items (G_LIST_MODEL (self->folders)),
                       folders->pdata, folders->len);
  if (folders->len == 0)
    folder_picker_show (self, "status", _("No folders here"), FALSE);
  else
    folder_picker_show (self, "folders", NULL, FALSE);
  g_object_unref (self);
}

static void
folder_picker_load (FerryFolderPicker *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_label_set_label (self->path_label, self->folder_path ? self->folder_path : _("Top level"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->up_button), self->folder_id != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pick_button), self->folder_id != NULL);
  g_list_store_remove_all (self->folders);

  if (self->connection == NULL || self->project_id == NULL)
    {
      folder_picker_show (self, "status", _("Connect to the source environment and choose a project to pick folders"), FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  folder_picker_show (self, "loading", NULL, FALSE);
  ferry_discovery_list_folder_async (self->connection, self->project_id, self->folder_id,
                                     self->cancellable, folder_list_cb, g_object_ref (self));
}

void
ferry_folder_picker_open_folder (FerryFolderPicker *self,
                                 const char        *folder_id,
                                 const char        *folder_path)
{
  g_return_if_fail (FERRY_IS_FOLDER_PICKER (self));

  if (folder_id == NULL)
    g_ptr_array_set_size (self->trail, 0);
  else if (g_strcmp0 (folder_id, self->folder_id) != 0)
    {
      char *entry[3] = { self->folder_id, self->folder_path, NULL };

      g_ptr_array_add (self->trail, g_strdupv (entry));
    }

  g_free (self->folder_id);
  g_free (self->folder_path);
  self->folder_id = g_strdup (folder_id);
  self->folder_path = g_strdup (folder_path);
  folder_picker_load (self);
}

static void
folder_up_cb (FerryFolderPicker *self)
{
  char **entry;

  if (self->trail->len == 0)
    {
      ferry_folder_picker_open_folder (self, NULL, NULL);
      return;
    }
  entry = g_ptr_array_steal_index (self->trail, self->trail->len - 1);
  g_free (self->folder_id);
  g_free (self->folder_path);
  self->folder_id = g_strdup (entry[0]);
  self->folder_path = g_strdup (entry[1]);
  g_free (entry[0]);
  g_free (entry[1]);
  g_free (entry);
  folder_picker_load (self);
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
  g_autofree char *path = folder_path_of (info);

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
  path = folder_path_of (info);
  ferry_folder_picker_open_folder (self, ferry_object_info_get_id (info), path);
}

static void
folder_picker_map_cb (FerryFolderPicker *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->folders)) == 0)
    folder_picker_load (self);
}

static void
ferry_folder_picker_dispose (GObject *object)
{
  FerryFolderPicker *self = FERRY_FOLDER_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->connection);
  g_clear_object (&self->folders);

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

  object_class->dispose = ferry_folder_picker_dispose;
  object_class->finalize = ferry_folder_picker_finalize;

  folder_signals[FOLDER_PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ferry_folder_picker_init (FerryFolderPicker *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *status_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->folders = g_list_store_new (FERRY_TYPE_OBJECT_INFO);
  self->trail = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  self->up_button = GTK_BUTTON (gtk_button_new_from_icon_name ("go-up-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (self->up_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->up_button), _("Up"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->up_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Up"), -1);
  g_signal_connect_swapped (self->up_button, "clicked", G_CALLBACK (folder_up_cb), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->up_button));

  self->path_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_ellipsize (self->path_label, PANGO_ELLIPSIZE_START);
  gtk_label_set_xalign (self->path_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->path_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->path_label), "heading");
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->path_label));
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_vhomogeneous (self->stack, FALSE);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->folders), folder_create_row, self, NULL);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (folder_row_activated_cb), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_stack_add_named (self->stack, scrolled, "folders");

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_max_width_chars (self->status_label, 40);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_set_margin_top (GTK_WIDGET (self->status_label), 12);
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->status_label));
  self->retry_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Retry")));
  gtk_widget_set_halign (GTK_WIDGET (self->retry_button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->retry_button, "clicked", G_CALLBACK (folder_picker_load), self);
  gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->retry_button));
  gtk_stack_add_named (self->stack, status_box, "status");

  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->spinner), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->spinner), 12);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->spinner), "loading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));

  self->pick_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Rule for This Folder")));
  gtk_widget_add_css_class (GTK_WIDGET (self->pick_button), "suggested-action");
  g_signal_connect_swapped (self->pick_button, "clicked", G_CALLBACK (folder_pick_current_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->pick_button));

  gtk_widget_set_size_request (box, 320, -1);
  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_label_set_label (self->path_label, _("Top level"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->up_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pick_button), FALSE);
  folder_picker_show (self, "status", _("Connect to the source environment and choose a project to pick folders"), FALSE);

  g_signal_connect (self, "map", G_CALLBACK (folder_picker_map_cb), NULL);
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
  g_clear_pointer (&self->folder_id, g_free);
  g_clear_pointer (&self->folder_path, g_free);
  g_ptr_array_set_size (self->trail, 0);
  g_cancellable_cancel (self->cancellable);
  g_list_store_remove_all (self->folders);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    folder_picker_load (self);
  else if (connection == NULL || project_id == NULL)
    folder_picker_show (self, "status", _("Connect to the source environment and choose a project to pick folders"), FALSE);
}

GListModel *
ferry_folder_picker_get_folders (FerryFolderPicker *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_PICKER (self), NULL);
  return G_LIST_MODEL (self->folders);
}

/* ------------------------------------------------------------------------ */
/* FerrySettingsEditor                                                        */
/* ------------------------------------------------------------------------ */

struct _FerrySettingsEditor
{
  AdwBin             parent_instance;

  /* template widgets */

  GtkWidget          *warning_group;
  GtkWidget          *undo_warning;
  GtkLabel           *undo_warning_title;
  GtkLabel           *undo_warning_detail;
  GtkWidget          *problems_box;
  GtkLabel           *problems_label;
  GtkWidget          *clear_button;
  AdwComboRow        *default_action_row;
  AdwPreferencesGroup *folder_rules_group;
  GtkMenuButton      *add_folder_rule_button;
  GtkListBox         *folder_rules_list;
  AdwPreferencesGroup *type_rules_group;
  GtkWidget          *add_type_rule_button;
  GtkListBox         *type_rules_list;
  AdwPreferencesGroup *object_rules_group;
  GtkMenuButton      *add_object_rule_button;
  GtkListBox         *object_rules_list;
  GtkLabel           *rules_reason;
  AdwComboRow        *acl_replacing_row;
  AdwComboRow        *acl_new_row;
  GtkLabel           *acl_reason;
  AdwActionRow       *schema_logical_size_row;
  AdwActionRow       *schema_keys_row;
  AdwActionRow       *schema_logical_info_row;
  GtkSwitch          *schema_logical_size_switch;
  GtkSwitch          *schema_keys_switch;
  GtkSwitch          *schema_logical_info_switch;
  GtkLabel           *schema_reason;
  AdwActionRow       *validate_row;
  GtkSwitch          *validate_switch;
  AdwComboRow        *translation_row;
  GtkLabel           *translation_reason;

  /* owned */
  FerryTocSettings   *settings;
  GPtrArray          *bindings;       /* GBinding, one per bound setting */
  gulong              changed_id;
  FerryFolderPicker  *folder_picker;  /* owned by the menu button */
  FerryObjectPicker  *object_picker;
  FerryConnection    *connection;
  char               *project_id;
  char               *content_keep_both;
};

G_DEFINE_FINAL_TYPE (FerrySettingsEditor, ferry_settings_editor, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CONNECTION,
  PROP_PROJECT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *acl_replacing_labels[] = {
  N_("Not set"),
  N_("The target’s"),
  N_("The source’s"),
  N_("Both, merged"),
  NULL
};

static const char *acl_new_labels[] = {
  N_("Not set"),
  N_("The source object’s"),
  N_("The folder’s, inherited"),
  NULL
};

static const char *translation_labels[] = {
  N_("Not set"),
  N_("Existing"),
  N_("Not merged"),
  N_("Use existing"),
  N_("Replace"),
  N_("Force replace"),
  NULL
};

/* --- Rule rows ------------------------------------------------------------------ */

static void
rule_remove_clicked_cb (GtkButton *button,
                        gpointer   user_data)
{
  GListStore *store = g_object_get_data (G_OBJECT (button), "store");
  gpointer rule = g_object_get_data (G_OBJECT (button), "rule");

  store_remove_item (store, rule);
}

static GtkWidget *
rule_row_finish (GtkWidget  *row,
                 GObject    *rule,
                 GListStore *store,
                 const char *remove_tooltip)
{
  GtkWidget *actions = ferry_action_drop_down_new (rule, "action");
  GtkWidget *remove = remove_button_new (remove_tooltip);

  g_object_set_data_full (G_OBJECT (remove), "store", g_object_ref (store), g_object_unref);
  g_object_set_data_full (G_OBJECT (remove), "rule", g_object_ref (rule), g_object_unref);
  g_signal_connect (remove, "clicked", G_CALLBACK (rule_remove_clicked_cb), NULL);

  g_object_set_data (G_OBJECT (row), "action-drop-down", actions);
  g_object_set_data (G_OBJECT (row), "remove-button", remove);
  g_object_set_data (G_OBJECT (row), "rule", rule);
  return actions;
}

static void
folder_rule_row_update (FerryFolderRule *rule,
                        GParamSpec      *pspec,
                        AdwActionRow    *row)
{
  const char *path = ferry_folder_rule_get_folder_path (rule);
  const char *id = ferry_folder_rule_get_folder_id (rule);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), path ? path : (id ? id : _("No folder")));
  adw_action_row_set_subtitle (row, path ? id : _("Folder id"));
}

static GtkWidget *
folder_rule_create_row (gpointer item,
                        gpointer user_data)
{
  FerrySettingsEditor *self = user_data;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *actions;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("folder-symbolic"));
  folder_rule_row_update (item, NULL, ADW_ACTION_ROW (row));
  g_signal_connect_object (item, "notify::folder-path", G_CALLBACK (folder_rule_row_update), row, 0);
  g_signal_connect_object (item, "notify::folder-id", G_CALLBACK (folder_rule_row_update), row, 0);

  actions = rule_row_finish (row, item, ferry_toc_settings_get_folder_rules (self->settings), _("Remove This Rule"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), actions);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), g_object_get_data (G_OBJECT (row), "remove-button"));
  return row;
}

static void
object_rule_row_update (FerryObjectRule *rule,
                        GParamSpec      *pspec,
                        AdwActionRow    *row)
{
  const char *name = ferry_object_rule_get_name (rule);
  const char *id = ferry_object_rule_get_object_id (rule);
  int type = ferry_object_rule_get_object_type (rule);
  const char *type_name = type > 0 ? ferry_object_type_name (type, 0) : NULL;
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : (id ? id : _("No object")));
  if (name != NULL && type_name != NULL)
    subtitle = g_strdup_printf ("%s · %s", type_name, id);
  else
    subtitle = g_strdup (name ? id : _("Object id"));
  adw_action_row_set_subtitle (row, subtitle);
}

static GtkWidget *
object_rule_create_row (gpointer item,
                        gpointer user_data)
{
  FerrySettingsEditor *self = user_data;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *actions;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  object_rule_row_update (item, NULL, ADW_ACTION_ROW (row));
  g_signal_connect_object (item, "notify::name", G_CALLBACK (object_rule_row_update), row, 0);
  g_signal_connect_object (item, "notify::object-id", G_CALLBACK (object_rule_row_update), row, 0);

  actions = rule_row_finish (row, item, ferry_toc_settings_get_object_rules (self->settings), _("Remove This Rule"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), actions);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), g_object_get_data (G_OBJECT (row), "remove-button"));
  return row;
}

/* The type drop-down of an object-type rule row: the presets, plus the
 * rule's own type and subtype when it is none of them. */
typedef struct
{
  FerryObjectTypeRule *rule;     /* borrowed: the row holds a reference */
  GtkDropDown         *drop_down;
  GtkStringList       *model;
  gboolean             has_custom;
  gboolean             syncing;
} TypeRow;

static void
type_row_free (TypeRow *tr)
{
  g_free (tr);
}

static void
type_row_sync_from_rule (TypeRow *tr)
{
  int type = ferry_object_type_rule_get_object_type (tr->rule);
  int subtype = ferry_object_type_rule_get_subtype (tr->rule);
  int index = preset_find (type, subtype);

  if (tr->syncing)
    return;
  tr->syncing = TRUE;
  if (tr->has_custom)
    {
      gtk_string_list_remove (tr->model, G_N_ELEMENTS (presets));
      tr->has_custom = FALSE;
    }
  if (index < 0)
    {
      const char *name = ferry_object_type_name (type, subtype);
      g_autofree char *label = NULL;

      if (subtype > 0)
        label = name ? g_strdup_printf (_("%s (type %d, subtype %d)"), name, type, subtype)
                     : g_strdup_printf (_("Type %d, subtype %d"), type, subtype);
      else
        label = name ? g_strdup_printf (_("%s (all subtypes)"), name)
                     : g_strdup_printf (_("Type %d (all subtypes)"), type);
      gtk_string_list_append (tr->model, label);
      tr->has_custom = TRUE;
      index = G_N_ELEMENTS (presets);
    }
  gtk_drop_down_set_selected (tr->drop_down, (guint) index);
  tr->syncing = FALSE;
}

static void type_rule_changed_swapped_cb (GtkDropDown *drop_down);

static void
type_drop_down_selected_cb (GtkDropDown *drop_down,
                            GParamSpec  *pspec,
                            TypeRow     *tr)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (tr->syncing || selected >= G_N_ELEMENTS (presets))
    return;
  tr->syncing = TRUE;
  /* Both at once would be nicer; subtype first keeps every step valid
   * when the type stays. */
  ferry_object_type_rule_set_object_type (tr->rule, presets[selected].type);
  ferry_object_type_rule_set_subtype (tr->rule, presets[selected].subtype);
  tr->syncing = FALSE;
  type_row_sync_from_rule (tr);
}

static GtkWidget *
type_rule_create_row (gpointer item,
                      gpointer user_data)
{
  FerrySettingsEditor *self = user_data;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *actions;
  GtkWidget *arrow;
  TypeRow *tr = g_new0 (TypeRow, 1);
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    gtk_string_list_append (model, _(presets[i].label));

  tr->rule = item;
  tr->model = model;
  tr->drop_down = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (tr->drop_down), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (tr->drop_down), _("Object type"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (tr->drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Object type"), -1);
  g_object_set_data_full (G_OBJECT (row), "type-row", tr, (GDestroyNotify) type_row_free);
  type_row_sync_from_rule (tr);
  g_signal_connect (tr->drop_down, "notify::selected", G_CALLBACK (type_drop_down_selected_cb), tr);
  g_signal_connect_object (item, "notify::object-type", G_CALLBACK (type_rule_changed_swapped_cb), tr->drop_down, G_CONNECT_SWAPPED);
  g_signal_connect_object (item, "notify::subtype", G_CALLBACK (type_rule_changed_swapped_cb), tr->drop_down, G_CONNECT_SWAPPED);

  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_add_css_class (arrow, "dim-label");
  actions = rule_row_finish (row, item, ferry_toc_settings_get_object_type_rules (self->settings),
                             _("Remove This Rule"));

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (tr->drop_down));
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_box_append (GTK_BOX (box), actions);
  gtk_box_append (GTK_BOX (box), g_object_get_data (G_OBJECT (row), "remove-button"));
  gtk_widget_add_css_class (box, "type-rule-row");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "type-drop-down", tr->drop_down);
  return row;
}

/* type_rule_changed_cb is connected swapped with the drop-down as the
 * instance: find the TypeRow through the row. */
static void
type_rule_changed_swapped_cb (GtkDropDown *drop_down)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (drop_down), GTK_TYPE_LIST_BOX_ROW);
  TypeRow *tr = row ? g_object_get_data (G_OBJECT (row), "type-row") : NULL;

  if (tr != NULL)
    type_row_sync_from_rule (tr);
}

/* --- State ------------------------------------------------------------------------ */

static gboolean
rules_empty (FerryTocSettings *settings)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_folder_rules (settings))) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (settings))) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_object_rules (settings))) == 0;
}

static gboolean
schema_on (FerryTocSettings *settings)
{
  return ferry_toc_settings_get_update_schema_logical_size (settings) ||
         ferry_toc_settings_get_update_schema_keys_fact_entry_level (settings) ||
         ferry_toc_settings_get_update_schema_logical_info (settings);
}

/* Whether something is set that does not apply. */
static gboolean
has_inapplicable (FerryTocSettings *settings)
{
  FerryPackageType type = ferry_toc_settings_get_package_type (settings);
  gboolean merge = ferry_toc_settings_get_project_merge (settings);

  return (type != FERRY_PACKAGE_TYPE_PROJECT && schema_on (settings)) ||
         (type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY &&
          ferry_toc_settings_get_acl_on_replacing_objects (settings) != FERRY_ACL_ON_REPLACING_UNSET) ||
         (!merge && (!rules_empty (settings) ||
                     ferry_toc_settings_get_translation_action (settings) != FERRY_TRANSLATION_ACTION_UNSET));
}

/* Where keep_both is chosen, for the undo warning. CONTENT: the objects of
 * an object migration that have it as their own action (or NULL). */
static char *
keep_both_places (FerryTocSettings *settings,
                  const char       *content)
{
  GListModel *lists[3] = {
    G_LIST_MODEL (ferry_toc_settings_get_folder_rules (settings)),
    G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (settings)),
    G_LIST_MODEL (ferry_toc_settings_get_object_rules (settings)),
  };
  const char *names[3] = { N_("a folder rule"), N_("an object-type rule"), N_("an object rule") };
  g_autoptr(GPtrArray) places = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (content != NULL)
    g_ptr_array_add (places, g_strdup (content));
  if (ferry_conflict_action_blocks_undo (ferry_toc_settings_get_default_action (settings)))
    g_ptr_array_add (places, g_strdup (_("the default action")));
  for (guint l = 0; l < 3; l++)
    {
      guint count = 0;

      for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
        {
          g_autoptr(FerryTocRule) rule = g_list_model_get_item (lists[l], i);

          if (ferry_toc_rule_blocks_undo (rule))
            count++;
        }
      if (count > 0)
        g_ptr_array_add (places, g_strdup (_(names[l])));
    }
  g_ptr_array_add (places, NULL);
  joined = g_strjoinv (", ", (char **) places->pdata);

  /* Translators: %s lists where "keep both" is chosen, e.g. "the default action, an object rule" */
  return g_strdup_printf (_("“Keep both” is chosen for %s: when both keep their copy, the server makes no undo package."), joined);
}

static void
update_state (FerrySettingsEditor *self)
{
  FerryTocSettings *settings = self->settings;
  FerryPackageType type;
  gboolean merge, project, security;
  const char * const *messages;

  if (settings == NULL)
    return;

  type = ferry_toc_settings_get_package_type (settings);
  merge = ferry_toc_settings_get_project_merge (settings);
  project = type == FERRY_PACKAGE_TYPE_PROJECT;
  security = type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY;

  /* The undo warning: the settings' keep_both, or the objects' own */
  {
    gboolean no_undo = !ferry_toc_settings_get_undo_possible (settings) || self->content_keep_both != NULL;

    gtk_widget_set_visible (self->undo_warning, no_undo);
    if (no_undo)
      {
        g_autofree char *detail = keep_both_places (settings, self->content_keep_both);

        gtk_label_set_label (self->undo_warning_detail, detail);
      }
  }

  /* The problems */
  messages = ferry_toc_settings_get_validation_messages (settings);
  gtk_widget_set_visible (self->problems_box, messages != NULL && messages[0] != NULL);
  if (messages != NULL && messages[0] != NULL)
    {
      g_autofree char *text = g_strjoinv ("\n", (char **) messages);

      gtk_label_set_label (self->problems_label, text);
    }
  gtk_widget_set_visible (self->clear_button, has_inapplicable (settings));
  gtk_widget_set_visible (self->warning_group,
                          gtk_widget_get_visible (self->undo_warning) || gtk_widget_get_visible (self->problems_box));

  /* Rules and the translation action: project merges only */
  gtk_widget_set_sensitive (GTK_WIDGET (self->folder_rules_list), merge);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_rules_list), merge);
  gtk_widget_set_sensitive (GTK_WIDGET (self->object_rules_list), merge);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_folder_rule_button), merge);
  gtk_widget_set_sensitive (self->add_type_rule_button, merge);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_object_rule_button), merge);
  gtk_widget_set_visible (GTK_WIDGET (self->rules_reason), !merge);
  /* Outside project merges the rule lists are shown only when they hold
   * rules (to be cleared). */
  gtk_widget_set_visible (GTK_WIDGET (self->folder_rules_group), merge || !rules_empty (settings));
  gtk_widget_set_visible (GTK_WIDGET (self->type_rules_group), merge || !rules_empty (settings));
  gtk_widget_set_visible (GTK_WIDGET (self->object_rules_group), merge || !rules_empty (settings));
  gtk_label_set_label (self->rules_reason,
                       _("Folder, object-type and object rules apply only to project merges: in an object migration each object has its own action, and the objects it pulls in take the default action."));

  gtk_widget_set_sensitive (GTK_WIDGET (self->translation_row), merge);
  gtk_widget_set_visible (GTK_WIDGET (self->translation_reason), !merge);
  gtk_label_set_label (self->translation_reason, _("The translation action applies only to project merges"));

  /* ACL on replacing objects: not for project security packages */
  gtk_widget_set_sensitive (GTK_WIDGET (self->acl_replacing_row), !security);
  gtk_widget_set_visible (GTK_WIDGET (self->acl_reason), security);
  gtk_label_set_label (self->acl_reason, _("ACL on replacing objects does not apply to project security packages"));

  /* Schema updates: project packages only */
  gtk_widget_set_sensitive (GTK_WIDGET (self->schema_logical_size_row), project);
  gtk_widget_set_sensitive (GTK_WIDGET (self->schema_keys_row), project);
  gtk_widget_set_sensitive (GTK_WIDGET (self->schema_logical_info_row), project);
  gtk_widget_set_visible (GTK_WIDGET (self->schema_reason), !project);
  gtk_label_set_label (self->schema_reason, _("Schema updates apply only to project packages"));
}

static void
settings_changed_cb (FerrySettingsEditor *self)
{
  update_state (self);
}

/* --- Binding ------------------------------------------------------------------------ */

static void
bind (FerrySettingsEditor *self,
      const char          *property,
      gpointer             widget,
      const char          *widget_property,
      gboolean             is_enum)
{
  GBinding *binding;

  if (is_enum)
    binding = g_object_bind_property_full (self->settings, property, widget, widget_property,
                                           G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                           ferry_enum_to_selected, ferry_selected_to_enum, NULL, NULL);
  else
    binding = g_object_bind_property (self->settings, property, widget, widget_property,
                                      G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_ptr_array_add (self->bindings, g_object_ref (binding));
}

static void
unbind_all (FerrySettingsEditor *self)
{
  for (guint i = 0; i < self->bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_ptr_array_set_size (self->bindings, 0);
  g_clear_signal_handler (&self->changed_id, self->settings);
  gtk_list_box_bind_model (self->folder_rules_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->type_rules_list, NULL, NULL, NULL, NULL);
  gtk_list_box_bind_model (self->object_rules_list, NULL, NULL, NULL, NULL);
}

static GtkWidget *
placeholder_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

void
ferry_settings_editor_set_settings (FerrySettingsEditor *self,
                                    FerryTocSettings    *settings)
{
  g_return_if_fail (FERRY_IS_SETTINGS_EDITOR (self));
  g_return_if_fail (settings == NULL || FERRY_IS_TOC_SETTINGS (settings));

  if (self->settings == settings)
    return;

  if (self->settings != NULL)
    unbind_all (self);
  g_set_object (&self->settings, settings);

  if (settings != NULL)
    {
      bind (self, "default-action", self->default_action_row, "selected", TRUE);
      bind (self, "acl-on-replacing-objects", self->acl_replacing_row, "selected", TRUE);
      bind (self, "acl-on-new-objects", self->acl_new_row, "selected", TRUE);
      bind (self, "translation-action", self->translation_row, "selected", TRUE);
      bind (self, "update-schema-logical-size", self->schema_logical_size_switch, "active", FALSE);
      bind (self, "update-schema-keys-fact-entry-level", self->schema_keys_switch, "active", FALSE);
      bind (self, "update-schema-logical-info", self->schema_logical_info_switch, "active", FALSE);
      bind (self, "validate-dependencies", self->validate_switch, "active", FALSE);

      gtk_list_box_bind_model (self->folder_rules_list,
                               G_LIST_MODEL (ferry_toc_settings_get_folder_rules (settings)),
                               folder_rule_create_row, self, NULL);
      gtk_list_box_bind_model (self->type_rules_list,
                               G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (settings)),
                               type_rule_create_row, self, NULL);
      gtk_list_box_bind_model (self->object_rules_list,
                               G_LIST_MODEL (ferry_toc_settings_get_object_rules (settings)),
                               object_rule_create_row, self, NULL);
      self->changed_id = g_signal_connect_swapped (settings, "changed", G_CALLBACK (settings_changed_cb), self);
      update_state (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

FerryTocSettings *
ferry_settings_editor_get_settings (FerrySettingsEditor *self)
{
  g_return_val_if_fail (FERRY_IS_SETTINGS_EDITOR (self), NULL);
  return self->settings;
}

void
ferry_settings_editor_set_source (FerrySettingsEditor *self,
                                  FerryConnection     *connection,
                                  const char          *project_id)
{
  g_return_if_fail (FERRY_IS_SETTINGS_EDITOR (self));

  if (g_set_object (&self->connection, connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  if (g_strcmp0 (self->project_id, project_id) != 0)
    {
      g_free (self->project_id);
      self->project_id = g_strdup (project_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ID]);
    }
  ferry_folder_picker_set_source (self->folder_picker, connection, project_id);
  ferry_object_picker_set_source (self->object_picker, connection, project_id);
}

void
ferry_settings_editor_set_content_keep_both (FerrySettingsEditor *self,
                                             const char          *objects)
{
  g_return_if_fail (FERRY_IS_SETTINGS_EDITOR (self));

  if (g_strcmp0 (self->content_keep_both, objects) == 0)
    return;
  g_free (self->content_keep_both);
  self->content_keep_both = g_strdup (objects);
  update_state (self);
}

void
ferry_settings_editor_clear_inapplicable (FerrySettingsEditor *self)
{
  FerryTocSettings *settings;
  FerryPackageType type;

  g_return_if_fail (FERRY_IS_SETTINGS_EDITOR (self));

  settings = self->settings;
  if (settings == NULL)
    return;
  type = ferry_toc_settings_get_package_type (settings);

  if (type != FERRY_PACKAGE_TYPE_PROJECT)
    {
      ferry_toc_settings_set_update_schema_logical_size (settings, FALSE);
      ferry_toc_settings_set_update_schema_keys_fact_entry_level (settings, FALSE);
      ferry_toc_settings_set_update_schema_logical_info (settings, FALSE);
    }
  if (type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY)
    ferry_toc_settings_set_acl_on_replacing_objects (settings, FERRY_ACL_ON_REPLACING_UNSET);
  if (!ferry_toc_settings_get_project_merge (settings))
    {
      g_list_store_remove_all (ferry_toc_settings_get_folder_rules (settings));
      g_list_store_remove_all (ferry_toc_settings_get_object_type_rules (settings));
      g_list_store_remove_all (ferry_toc_settings_get_object_rules (settings));
      ferry_toc_settings_set_translation_action (settings, FERRY_TRANSLATION_ACTION_UNSET);
    }
}

/* --- Adding rules ------------------------------------------------------------------------ */

static void
folder_picked_cb (FerrySettingsEditor *self,
                  const char          *folder_id,
                  const char          *folder_path)
{
  GListStore *store;
  g_autoptr(FerryFolderRule) rule = NULL;

  if (self->settings == NULL)
    return;
  store = ferry_toc_settings_get_folder_rules (self->settings);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(FerryFolderRule) existing = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_ascii_strcasecmp (ferry_folder_rule_get_folder_id (existing), folder_id) == 0)
        {
          gtk_popover_popdown (GTK_POPOVER (self->folder_picker));
          return;   /* one rule per folder */
        }
    }

  rule = ferry_folder_rule_new (folder_id, FERRY_CONFLICT_ACTION_REPLACE);
  ferry_folder_rule_set_folder_path (rule, folder_path);
  g_list_store_append (store, rule);
  gtk_popover_popdown (GTK_POPOVER (self->folder_picker));
}

static void
object_picked_cb (FerrySettingsEditor *self,
                  FerryObjectInfo     *info)
{
  GListStore *store;
  g_autoptr(FerryObjectRule) rule = NULL;

  if (self->settings == NULL)
    return;
  store = ferry_toc_settings_get_object_rules (self->settings);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(FerryObjectRule) existing = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_ascii_strcasecmp (ferry_object_rule_get_object_id (existing), ferry_object_info_get_id (info)) == 0)
        return;   /* one rule per object */
    }

  rule = ferry_object_rule_new (ferry_object_info_get_id (info), FERRY_CONFLICT_ACTION_REPLACE);
  ferry_object_rule_set_name (rule, ferry_object_info_get_name (info));
  ferry_object_rule_set_object_type (rule, ferry_object_info_get_object_type (info));
  g_list_store_append (store, rule);
}

static void
add_type_rule_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerrySettingsEditor *self = FERRY_SETTINGS_EDITOR (widget);
  GListModel *rules;
  g_autoptr(FerryObjectTypeRule) rule = NULL;
  guint pick = 0;

  if (self->settings == NULL)
    return;
  rules = G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (self->settings));

  /* The first preset no rule has yet. */
  for (pick = 0; pick < G_N_ELEMENTS (presets); pick++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (rules) && !used; i++)
        {
          g_autoptr(FerryObjectTypeRule) r = g_list_model_get_item (rules, i);

          used = ferry_object_type_rule_get_object_type (r) == presets[pick].type &&
                 MAX (ferry_object_type_rule_get_subtype (r), 0) == presets[pick].subtype;
        }
      if (!used)
        break;
    }
  if (pick >= G_N_ELEMENTS (presets))
    pick = 0;

  rule = ferry_object_type_rule_new (presets[pick].type, presets[pick].subtype, FERRY_CONFLICT_ACTION_USE_EXISTING);
  g_list_store_append (G_LIST_STORE (rules), rule);
}

static void
clear_inapplicable_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  ferry_settings_editor_clear_inapplicable (FERRY_SETTINGS_EDITOR (widget));
}

/* --- GObject ------------------------------------------------------------------------------ */

static void
ferry_settings_editor_dispose (GObject *object)
{
  FerrySettingsEditor *self = FERRY_SETTINGS_EDITOR (object);

  if (self->settings != NULL)
    unbind_all (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->connection);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_SETTINGS_EDITOR);

  G_OBJECT_CLASS (ferry_settings_editor_parent_class)->dispose (object);
}

static void
ferry_settings_editor_finalize (GObject *object)
{
  FerrySettingsEditor *self = FERRY_SETTINGS_EDITOR (object);

  g_ptr_array_unref (self->bindings);
  g_free (self->project_id);
  g_free (self->content_keep_both);

  G_OBJECT_CLASS (ferry_settings_editor_parent_class)->finalize (object);
}

static void
ferry_settings_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerrySettingsEditor *self = FERRY_SETTINGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_settings_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FerrySettingsEditor *self = FERRY_SETTINGS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      ferry_settings_editor_set_settings (self, g_value_get_object (value));
      break;
    case PROP_CONNECTION:
      ferry_settings_editor_set_source (self, g_value_get_object (value), self->project_id);
      break;
    case PROP_PROJECT_ID:
      ferry_settings_editor_set_source (self, self->connection, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_settings_editor_class_init (FerrySettingsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_settings_editor_dispose;
  object_class->finalize = ferry_settings_editor_finalize;
  object_class->get_property = ferry_settings_editor_get_property;
  object_class->set_property = ferry_settings_editor_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, FERRY_TYPE_TOC_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, FERRY_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-settings-editor.ui");
  gtk_widget_class_set_css_name (widget_class, "ferry-settings-editor");

  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, warning_group);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, undo_warning);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, undo_warning_title);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, undo_warning_detail);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, problems_box);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, problems_label);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, clear_button);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, default_action_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, folder_rules_group);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, add_folder_rule_button);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, folder_rules_list);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, type_rules_group);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, add_type_rule_button);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, type_rules_list);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, object_rules_group);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, add_object_rule_button);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, object_rules_list);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, rules_reason);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, acl_replacing_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, acl_new_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, acl_reason);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, schema_logical_size_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, schema_keys_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, schema_logical_info_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, schema_logical_size_switch);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, schema_keys_switch);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, schema_logical_info_switch);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, schema_reason);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, validate_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, validate_switch);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, translation_row);
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, translation_reason);

  gtk_widget_class_install_action (widget_class, "settings.add-type-rule", NULL, add_type_rule_action);
  gtk_widget_class_install_action (widget_class, "settings.clear-inapplicable", NULL, clear_inapplicable_action);
}

static void
ferry_settings_editor_init (FerrySettingsEditor *self)
{
  g_autoptr(GtkStringList) actions = NULL;
  g_autoptr(GtkStringList) acl_replacing = NULL;
  g_autoptr(GtkStringList) acl_new = NULL;
  g_autoptr(GtkStringList) translation = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->bindings = g_ptr_array_new_with_free_func (g_object_unref);

  /* The models first: binding "selected" before would be undone by them. */
  actions = string_list_new_translated (action_labels);
  acl_replacing = string_list_new_translated (acl_replacing_labels);
  acl_new = string_list_new_translated (acl_new_labels);
  translation = string_list_new_translated (translation_labels);
  adw_combo_row_set_model (self->default_action_row, G_LIST_MODEL (actions));
  adw_combo_row_set_model (self->acl_replacing_row, G_LIST_MODEL (acl_replacing));
  adw_combo_row_set_model (self->acl_new_row, G_LIST_MODEL (acl_new));
  adw_combo_row_set_model (self->translation_row, G_LIST_MODEL (translation));

  gtk_list_box_set_placeholder (self->folder_rules_list, placeholder_new (_("No folder rules")));
  gtk_list_box_set_placeholder (self->type_rules_list, placeholder_new (_("No object-type rules")));
  gtk_list_box_set_placeholder (self->object_rules_list, placeholder_new (_("No object rules")));

  self->folder_picker = FERRY_FOLDER_PICKER (ferry_folder_picker_new ());
  g_signal_connect_swapped (self->folder_picker, "picked", G_CALLBACK (folder_picked_cb), self);
  gtk_menu_button_set_popover (self->add_folder_rule_button, GTK_WIDGET (self->folder_picker));

  self->object_picker = FERRY_OBJECT_PICKER (ferry_object_picker_new ());
  g_signal_connect_swapped (self->object_picker, "picked", G_CALLBACK (object_picked_cb), self);
  gtk_menu_button_set_popover (self->add_object_rule_button, GTK_WIDGET (self->object_picker));
}

GtkWidget *
ferry_settings_editor_new (void)
{
  return g_object_new (FERRY_TYPE_SETTINGS_EDITOR, NULL);
}
