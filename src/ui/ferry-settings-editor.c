/* ferry-settings-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-settings-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-a11y.h"
#include "ferry-settings-editor.h"
#include "ferry-type-rule-row.h"

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                             */
/* ------------------------------------------------------------------------ */

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

/* --- The conflict actions, with what each does -------------------------------------------- */

/* The actions' labels, in enum order: the drop-downs' model. */
GListModel *
ferry_action_model_new (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (FerryConflictAction a = FERRY_CONFLICT_ACTION_USE_EXISTING; a <= FERRY_CONFLICT_ACTION_DELETE; a++)
    gtk_string_list_append (list, ferry_conflict_action_get_label (a));
  return G_LIST_MODEL (list);
}

/* The action an item of ferry_action_model_new() stands for. */
static FerryConflictAction
action_of_item (gpointer item)
{
  const char *label = GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (item) : NULL;

  for (FerryConflictAction a = FERRY_CONFLICT_ACTION_USE_EXISTING; a <= FERRY_CONFLICT_ACTION_DELETE; a++)
    if (g_strcmp0 (label, ferry_conflict_action_get_label (a)) == 0)
      return a;
  return FERRY_CONFLICT_ACTION_USE_EXISTING;
}

/* One action: a warning icon (delete, force replace, keep both), its label
 * and, under it, what it does (in the list) or what to beware of (where it
 * is chosen). */
static void
action_item_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_widget_add_css_class (detail, "caption");
  if (GPOINTER_TO_INT (user_data))
    {
      /* the list: the description, wrapped to a sensible width */
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (detail), 36);
      gtk_label_set_width_chars (GTK_LABEL (detail), 24);
      gtk_widget_add_css_class (detail, "dim-label");
    }
  else
    gtk_widget_add_css_class (detail, "warning");
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), detail);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_item_set_child (list_item, box);
}

static void
action_item_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     gpointer                  user_data)
{
  gboolean in_list = GPOINTER_TO_INT (user_data);
  FerryConflictAction action = action_of_item (gtk_list_item_get_item (list_item));
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *labels = gtk_widget_get_last_child (box);
  GtkWidget *title = gtk_widget_get_first_child (labels);
  GtkWidget *detail = gtk_widget_get_last_child (labels);
  const char *warning = ferry_conflict_action_get_warning (action);
  const char *text = in_list ? ferry_conflict_action_get_description (action) : warning;

  /* In the list every label starts at the same place: the icon's room
   * stays where there is no warning; the chosen action takes no room. */
  gtk_widget_set_visible (icon, in_list || warning != NULL);
  gtk_widget_set_opacity (icon, warning != NULL ? 1.0 : 0.0);
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, warning == NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warning"), -1);
  gtk_label_set_label (GTK_LABEL (title), ferry_conflict_action_get_label (action));
  gtk_label_set_label (GTK_LABEL (detail), text ? text : "");
  gtk_widget_set_visible (detail, text != NULL);
  gtk_widget_set_tooltip_text (box, in_list ? NULL : ferry_conflict_action_get_description (action));
}

/* The factory for the chosen action (IN_LIST FALSE) or for the list. */
GtkListItemFactory *
ferry_action_factory_new (gboolean in_list)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (action_item_setup_cb), GINT_TO_POINTER (in_list));
  g_signal_connect (factory, "bind", G_CALLBACK (action_item_bind_cb), GINT_TO_POINTER (in_list));
  return factory;
}

GtkWidget *
ferry_action_drop_down_new_unbound (void)
{
  g_autoptr(GtkListItemFactory) factory = ferry_action_factory_new (FALSE);
  g_autoptr(GtkListItemFactory) list_factory = ferry_action_factory_new (TRUE);
  GtkWidget *drop_down = gtk_drop_down_new (ferry_action_model_new (), NULL);

  gtk_drop_down_set_factory (GTK_DROP_DOWN (drop_down), factory);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (drop_down), list_factory);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Action"),
                                  -1);
  return drop_down;
}

GtkWidget *
ferry_action_drop_down_new (GObject    *object,
                            const char *property)
{
  GtkWidget *drop_down = ferry_action_drop_down_new_unbound ();

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
  GtkLabel           *default_note;
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

/* "Not set" leaves the choice to the server: say so. */
static const char *acl_replacing_labels[] = {
  N_("Left to the server"),
  N_("The target’s"),
  N_("The source’s"),
  N_("Both, merged"),
  NULL
};

static const char *acl_new_labels[] = {
  N_("Left to the server"),
  N_("The source object’s"),
  N_("The folder’s, inherited"),
  NULL
};

static const char *translation_labels[] = {
  N_("Left to the server"),
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

/* The row of a folder or object rule: an AdwActionRow whose title and
 * subtitle UPDATE writes (again when the rule's PROPS change), then the
 * action drop-down and the remove button. ICON_NAME may be NULL. */
typedef void (*RuleRowUpdate) (gpointer      rule,
                               GParamSpec   *pspec,
                               AdwActionRow *row);

static GtkWidget *
rule_action_row_new (gpointer            item,
                     GListStore         *store,
                     const char         *icon_name,
                     RuleRowUpdate       update,
                     const char * const *props)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *actions;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  update (item, NULL, ADW_ACTION_ROW (row));
  for (guint i = 0; props[i] != NULL; i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", props[i], NULL);

      g_signal_connect_object (item, signal, G_CALLBACK (update), row, 0);
    }

  actions = rule_row_finish (row, item, store, _("Remove This Rule"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), actions);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), g_object_get_data (G_OBJECT (row), "remove-button"));
  return row;
}

static GtkWidget *
folder_rule_create_row (gpointer item,
                        gpointer user_data)
{
  FerrySettingsEditor *self = user_data;
  static const char * const props[] = { "folder-path", "folder-id", NULL };

  return rule_action_row_new (item, ferry_toc_settings_get_folder_rules (self->settings), "folder-symbolic",
                              (RuleRowUpdate) folder_rule_row_update, props);
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
  static const char * const props[] = { "name", "object-id", NULL };

  return rule_action_row_new (item, ferry_toc_settings_get_object_rules (self->settings), NULL,
                              (RuleRowUpdate) object_rule_row_update, props);
}

static GtkWidget *
type_rule_create_row (gpointer item,
                      gpointer user_data)
{
  FerrySettingsEditor *self = user_data;
  GtkWidget *row = ferry_type_rule_row_new (item);
  GtkWidget *actions;

  actions = rule_row_finish (row, item, ferry_toc_settings_get_object_type_rules (self->settings),
                             _("Remove This Rule"));
  ferry_type_rule_row_add_suffix (FERRY_TYPE_RULE_ROW (row), actions);
  ferry_type_rule_row_add_suffix (FERRY_TYPE_RULE_ROW (row), g_object_get_data (G_OBJECT (row), "remove-button"));
  g_object_set_data (G_OBJECT (row), "type-drop-down",
                     ferry_type_rule_row_get_type_drop_down (FERRY_TYPE_RULE_ROW (row)));
  return row;
}

/* --- State ------------------------------------------------------------------------ */

static gboolean
rules_empty (FerryTocSettings *settings)
{
  return g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_folder_rules (settings))) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (settings))) == 0 &&
         g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_object_rules (settings))) == 0;
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

  /* Why the default is what it is (or what the suggested one would do) */
  gtk_label_set_label (self->default_note,
                       ferry_conflict_action_get_default_note (ferry_toc_settings_get_default_action (settings)));

  /* The problems */
  messages = ferry_toc_settings_get_validation_messages (settings);
  gtk_widget_set_visible (self->problems_box, messages != NULL && messages[0] != NULL);
  if (messages != NULL && messages[0] != NULL)
    {
      g_autofree char *text = g_strjoinv ("\n", (char **) messages);

      gtk_label_set_label (self->problems_label, text);
    }
  gtk_widget_set_visible (self->clear_button, ferry_toc_settings_has_inapplicable (settings));
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
  g_return_if_fail (FERRY_IS_SETTINGS_EDITOR (self));

  if (self->settings != NULL)
    ferry_toc_settings_clear_inapplicable (self->settings);
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
  int type = 0, subtype = 0;

  if (self->settings == NULL)
    return;
  rules = G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (self->settings));

  /* The first preset no rule has yet. */
  for (pick = 0; pick < ferry_object_type_presets_get_n (); pick++)
    {
      gboolean used = FALSE;

      ferry_object_type_preset_get (pick, &type, &subtype);
      for (guint i = 0; i < g_list_model_get_n_items (rules) && !used; i++)
        {
          g_autoptr(FerryObjectTypeRule) r = g_list_model_get_item (rules, i);

          used = ferry_object_type_rule_get_object_type (r) == type &&
                 MAX (ferry_object_type_rule_get_subtype (r), 0) == subtype;
        }
      if (!used)
        break;
    }
  if (pick >= ferry_object_type_presets_get_n ())
    pick = 0;

  ferry_object_type_preset_get (pick, &type, &subtype);
  rule = ferry_object_type_rule_new (type, subtype, FERRY_CONFLICT_ACTION_USE_EXISTING);
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
  gtk_widget_class_bind_template_child (widget_class, FerrySettingsEditor, default_note);
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
  g_autoptr(GListModel) actions = ferry_action_model_new ();
  g_autoptr(GtkListItemFactory) action_factory = ferry_action_factory_new (FALSE);
  g_autoptr(GtkListItemFactory) action_list_factory = ferry_action_factory_new (TRUE);
  g_autoptr(GtkStringList) acl_replacing = NULL;
  g_autoptr(GtkStringList) acl_new = NULL;
  g_autoptr(GtkStringList) translation = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_a11y_fix_mnemonics (GTK_WIDGET (self));
  self->bindings = g_ptr_array_new_with_free_func (g_object_unref);

  /* The models first: binding "selected" before would be undone by them. */
  acl_replacing = string_list_new_translated (acl_replacing_labels);
  acl_new = string_list_new_translated (acl_new_labels);
  translation = string_list_new_translated (translation_labels);
  adw_combo_row_set_model (self->default_action_row, actions);
  adw_combo_row_set_factory (self->default_action_row, action_factory);
  adw_combo_row_set_list_factory (self->default_action_row, action_list_factory);
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
