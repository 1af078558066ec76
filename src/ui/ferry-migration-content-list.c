/* ferry-migration-content-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-content-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-migration-content-list.h"
#include "ferry-settings-editor.h"

/* The columns, in the template in this order. */
typedef enum
{
  CONTENT_COLUMN_OBJECT,
  CONTENT_COLUMN_FOLDER,
  CONTENT_COLUMN_ACTION,
  CONTENT_COLUMN_DEPENDENTS,
  CONTENT_COLUMN_REMOVE,
  N_CONTENT_COLUMNS
} ContentColumn;

static const char * const column_ids[N_CONTENT_COLUMNS] = {
  [CONTENT_COLUMN_OBJECT] = "object_column",
  [CONTENT_COLUMN_FOLDER] = "folder_column",
  [CONTENT_COLUMN_ACTION] = "action_column",
  [CONTENT_COLUMN_DEPENDENTS] = "dependents_column",
  [CONTENT_COLUMN_REMOVE] = "remove_column",
};

struct _FerryMigrationContentList
{
  AdwPreferencesGroup  parent_instance;

  /* template widgets */
  GtkMenuButton       *add_button;
  GtkStack            *stack;
  GtkColumnView       *view;
  GtkColumnViewColumn *columns[N_CONTENT_COLUMNS];   /* by ContentColumn */
  GtkLabel            *empty_label;
  GtkSpinner          *spinner;
  GtkWidget           *undo_box;
  GtkLabel            *undo_label;

  FerryObjectPicker   *picker;
  FerryMigrationDraft *draft;
};

G_DEFINE_FINAL_TYPE (FerryMigrationContentList, ferry_migration_content_list, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_DRAFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
content_remove_clicked_cb (GtkButton            *button,
                           FerryMigrationContentList *self)
{
  GtkListItem *list_item = g_object_get_data (G_OBJECT (button), "list-item");
  FerryContentItem *item = gtk_list_item_get_item (list_item);
  guint position;

  if (item != NULL && g_list_store_find (ferry_migration_draft_get_content (self->draft), item, &position))
    g_list_store_remove (ferry_migration_draft_get_content (self->draft), position);
}

/* The column of FACTORY (each column has its own factory in the template). */
static ContentColumn
factory_column (FerryMigrationContentList *self,
                GtkListItemFactory        *factory)
{
  for (guint i = 0; i < N_CONTENT_COLUMNS; i++)
    if (gtk_column_view_column_get_factory (self->columns[i]) == factory)
      return i;
  g_return_val_if_reached (CONTENT_COLUMN_REMOVE);
}

static void
content_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  FerryMigrationContentList *self = user_data;
  ContentColumn column = factory_column (self, GTK_LIST_ITEM_FACTORY (factory));
  GtkWidget *child = NULL;

  switch (column)
    {
    case CONTENT_COLUMN_OBJECT:
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        GtkWidget *name = gtk_label_new (NULL);
        GtkWidget *type = gtk_label_new (NULL);
        GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
        gtk_label_set_xalign (GTK_LABEL (type), 0);
        gtk_widget_add_css_class (type, "caption");
        gtk_widget_add_css_class (type, "dim-label");
        gtk_widget_add_css_class (warning, "warning");
        gtk_box_append (GTK_BOX (labels), name);
        gtk_box_append (GTK_BOX (labels), type);
        gtk_box_append (GTK_BOX (box), warning);
        gtk_box_append (GTK_BOX (box), labels);
        child = box;
      }
      break;

    case CONTENT_COLUMN_FOLDER:
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), 0);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_START);
      gtk_widget_add_css_class (child, "dim-label");
      break;

    case CONTENT_COLUMN_ACTION:
      child = ferry_action_drop_down_new_unbound ();
      break;

    case CONTENT_COLUMN_DEPENDENTS:
      child = gtk_switch_new ();
      gtk_widget_set_halign (child, GTK_ALIGN_START);
      gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (child, _("Also migrate what the object uses (with the default action)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Include what it uses"), -1);
      break;

    case CONTENT_COLUMN_REMOVE:
    default:
      child = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_add_css_class (child, "flat");
      gtk_widget_set_tooltip_text (child, _("Remove From the Migration"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove From the Migration"), -1);
      g_object_set_data (G_OBJECT (child), "list-item", list_item);
      g_signal_connect (child, "clicked", G_CALLBACK (content_remove_clicked_cb), self);
      break;
    }

  gtk_list_item_set_child (list_item, child);
}

static void
content_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  FerryMigrationContentList *self = user_data;
  ContentColumn column = factory_column (self, GTK_LIST_ITEM_FACTORY (factory));
  FerryContentItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GBinding *binding = NULL;

  switch (column)
    {
    case CONTENT_COLUMN_OBJECT:
      {
        GtkWidget *warning = gtk_widget_get_first_child (child);
        GtkWidget *labels = gtk_widget_get_last_child (child);
        GtkWidget *name = gtk_widget_get_first_child (labels);
        GtkWidget *type = gtk_widget_get_last_child (labels);
        int object_type = ferry_content_item_get_object_type (item);
        const char *type_name = ferry_object_type_name (object_type, ferry_content_item_get_subtype (item));
        g_autofree char *reason = NULL;
        g_autofree char *type_text = NULL;

        gtk_label_set_label (GTK_LABEL (name), ferry_content_item_get_name (item)
                                               ? ferry_content_item_get_name (item)
                                               : ferry_content_item_get_object_id (item));
        gtk_widget_set_tooltip_text (name, ferry_content_item_get_object_id (item));
        type_text = type_name ? g_strdup (type_name)
                              : object_type > 0 ? g_strdup_printf (_("Type %d"), object_type) : g_strdup ("");
        gtk_label_set_label (GTK_LABEL (type), type_text);

        if (ferry_migration_draft_is_missing (self->draft, ferry_content_item_get_object_id (item)))
          reason = g_strdup (_("Not found in the source"));
        else if (object_type > 0)
          ferry_package_type_accepts (ferry_migration_draft_get_package_type (self->draft), object_type, ferry_content_item_get_name (item), &reason);
        gtk_widget_set_visible (warning, reason != NULL);
        gtk_widget_set_tooltip_text (warning, reason);
      }
      break;

    case CONTENT_COLUMN_FOLDER:
      gtk_label_set_label (GTK_LABEL (child), ferry_content_item_get_path (item)
                                              ? ferry_content_item_get_path (item) : "");
      gtk_widget_set_tooltip_text (child, ferry_content_item_get_path (item));
      break;

    case CONTENT_COLUMN_ACTION:
      binding = g_object_bind_property_full (item, "action", child, "selected",
                                             G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                             ferry_enum_to_selected, ferry_selected_to_enum, NULL, NULL);
      break;

    case CONTENT_COLUMN_DEPENDENTS:
      binding = g_object_bind_property (item, "include-dependents", child, "active",
                                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      break;

    case CONTENT_COLUMN_REMOVE:
    default:
      break;
    }

  if (binding != NULL)
    g_object_set_data_full (G_OBJECT (list_item), "binding", g_object_ref (binding), g_object_unref);
}

static void
content_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  GBinding *binding = g_object_get_data (G_OBJECT (list_item), "binding");

  if (binding != NULL)
    {
      g_binding_unbind (binding);
      g_object_set_data (G_OBJECT (list_item), "binding", NULL);
    }
}

static void
picked_cb (FerryMigrationContentList *self,
           FerryObjectInfo           *info)
{
  g_autoptr(FerryContentItem) item = NULL;
  gboolean dependents;

  if (ferry_migration_draft_contains (self->draft, ferry_object_info_get_id (info)))
    return;
  /* As the reference page's samples: project and configuration packages
   * take what the object uses, project security packages only the links. */
  dependents = ferry_migration_draft_get_package_type (self->draft) != FERRY_PACKAGE_TYPE_PROJECT_SECURITY;
  item = ferry_content_item_new_from_object_info (info, FERRY_CONFLICT_ACTION_REPLACE, dependents);
  g_list_store_append (ferry_migration_draft_get_content (self->draft), item);
}

void
ferry_migration_content_list_update (FerryMigrationContentList *self)
{
  FerryPackageType type;
  guint n;

  g_return_if_fail (FERRY_IS_MIGRATION_CONTENT_LIST (self));

  if (self->draft == NULL)
    return;
  type = ferry_migration_draft_get_package_type (self->draft);
  n = g_list_model_get_n_items (G_LIST_MODEL (ferry_migration_draft_get_content (self->draft)));

  switch (type)
    {
    case FERRY_PACKAGE_TYPE_CONFIGURATION:
      ferry_object_picker_set_mode (self->picker, FERRY_OBJECT_PICKER_CONFIGURATION);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                             _("Users, user groups and other configuration objects of the source"));
      break;
    case FERRY_PACKAGE_TYPE_PROJECT_SECURITY:
      ferry_object_picker_set_mode (self->picker, FERRY_OBJECT_PICKER_USERS_AND_GROUPS);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                             _("Users and user groups whose security links in the project move"));
      break;
    case FERRY_PACKAGE_TYPE_PROJECT:
    default:
      ferry_object_picker_set_mode (self->picker, FERRY_OBJECT_PICKER_SEARCH);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                             _("Objects of the source project, each with its own action; “Include what it uses” brings the objects it uses too (with the default action)"));
      break;
    }
  ferry_object_picker_set_source (self->picker, ferry_migration_draft_get_source_connection (self->draft), ferry_migration_draft_get_package_source_project (self->draft));
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), ferry_migration_draft_get_source_connection (self->draft) != NULL);

  if (ferry_migration_draft_get_resolving (self->draft))
    {
      gtk_spinner_set_spinning (self->spinner, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else
    {
      gtk_spinner_set_spinning (self->spinner, FALSE);
      gtk_label_set_label (self->empty_label,
                           type == FERRY_PACKAGE_TYPE_PROJECT
                           ? _("No objects yet. Select objects in the Compare view, or add them with the + button.")
                           : _("No users or groups yet. Add them with the + button."));
      gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
    }
}

void
ferry_migration_content_list_refresh_rows (FerryMigrationContentList *self)
{
  GListModel *content;
  guint n;

  g_return_if_fail (FERRY_IS_MIGRATION_CONTENT_LIST (self));

  if (self->draft == NULL)
    return;
  content = G_LIST_MODEL (ferry_migration_draft_get_content (self->draft));
  n = g_list_model_get_n_items (content);
  if (n > 0)
    g_list_model_items_changed (content, 0, n, n);
}

void
ferry_migration_content_list_set_undo_note (FerryMigrationContentList *self,
                                            const char                *note)
{
  g_return_if_fail (FERRY_IS_MIGRATION_CONTENT_LIST (self));

  if (note != NULL)
    gtk_label_set_label (self->undo_label, note);
  gtk_widget_set_visible (self->undo_box, note != NULL);
}

FerryMigrationDraft *
ferry_migration_content_list_get_draft (FerryMigrationContentList *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_CONTENT_LIST (self), NULL);
  return self->draft;
}

void
ferry_migration_content_list_set_draft (FerryMigrationContentList *self,
                                        FerryMigrationDraft       *draft)
{
  g_return_if_fail (FERRY_IS_MIGRATION_CONTENT_LIST (self));
  g_return_if_fail (draft == NULL || FERRY_IS_MIGRATION_DRAFT (draft));

  if (!g_set_object (&self->draft, draft))
    return;
  gtk_column_view_set_model (self->view, NULL);
  if (draft != NULL)
    {
      GListModel *content = G_LIST_MODEL (g_object_ref (ferry_migration_draft_get_content (draft)));

      gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (gtk_no_selection_new (content)));
    }
  ferry_migration_content_list_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
}

static void
ferry_migration_content_list_dispose (GObject *object)
{
  FerryMigrationContentList *self = FERRY_MIGRATION_CONTENT_LIST (object);

  if (self->view != NULL)
    gtk_column_view_set_model (self->view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_MIGRATION_CONTENT_LIST);
  g_clear_object (&self->draft);

  G_OBJECT_CLASS (ferry_migration_content_list_parent_class)->dispose (object);
}

static void
ferry_migration_content_list_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  FerryMigrationContentList *self = FERRY_MIGRATION_CONTENT_LIST (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_content_list_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  FerryMigrationContentList *self = FERRY_MIGRATION_CONTENT_LIST (object);

  switch (prop_id)
    {
    case PROP_DRAFT:
      ferry_migration_content_list_set_draft (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_content_list_class_init (FerryMigrationContentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_content_list_dispose;
  object_class->get_property = ferry_migration_content_list_get_property;
  object_class->set_property = ferry_migration_content_list_set_property;

  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, FERRY_TYPE_MIGRATION_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferryapp/Ferry/ferry-migration-content-list.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationContentList, add_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationContentList, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationContentList, view);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationContentList, empty_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationContentList, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationContentList, undo_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationContentList, undo_label);

  /* The columns, declared in the template; the model comes with the draft. */
  for (guint i = 0; i < N_CONTENT_COLUMNS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, column_ids[i], FALSE,
                                               G_STRUCT_OFFSET (FerryMigrationContentList, columns) +
                                               i * sizeof (GtkColumnViewColumn *));
  gtk_widget_class_bind_template_callback (widget_class, content_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, content_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, content_unbind_cb);
}

static void
ferry_migration_content_list_init (FerryMigrationContentList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->picker = FERRY_OBJECT_PICKER (ferry_object_picker_new ());
  g_signal_connect_swapped (self->picker, "picked", G_CALLBACK (picked_cb), self);
  gtk_menu_button_set_popover (self->add_button, GTK_WIDGET (self->picker));
}
