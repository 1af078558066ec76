/* test-settings-editor.c: the settings editor, bound to FerryTocSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (suite ui). What the user sees against what the
 * settings hold, both ways:
 *
 *   - each widget changes the bound FerryTocSettings and the JSON it
 *     writes (default action, both ACL options, the three schema-update
 *     switches, validate dependencies, the translation action, and the three
 *     rule lists: add, change the type, change the action, remove);
 *   - loading each sample of the reference pages (tests/core/fixtures) fills
 *     the editor exactly: every widget's state is asserted, and the JSON
 *     written back equals the sample;
 *   - keep_both anywhere shows "Undo will not be available for this
 *     migration", and taking it away hides it;
 *   - the package type and the kind hide or disable what does not apply,
 *     with the reason shown, and "Clear Settings That Do Not Apply" clears it;
 *   - the folder and object pickers list a real project (an in-process
 *     sandbox) and add rules.
 *
 * Screenshot: G_TEST_BUILDDIR/screenshots/settings-editor-merge-sample.png.
 */

#include "config.h"

#include <string.h>

#include "ferry-settings-editor.h"
#include "ui-test-util.h"

#define T FERRY_TYPE_SETTINGS_EDITOR

typedef struct
{
  GtkWindow           *window;
  FerrySettingsEditor *editor;
  FerryTocSettings    *settings;
} Fixture;

static void
fixture_setup (Fixture          *f,
               FerryPackageType  type,
               gboolean          merge)
{
  f->settings = ferry_toc_settings_new (type);
  ferry_toc_settings_set_project_merge (f->settings, merge);
  f->editor = FERRY_SETTINGS_EDITOR (ferry_settings_editor_new ());
  ferry_settings_editor_set_settings (f->editor, f->settings);
  f->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (f->window, 720, 900);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->editor));
  utu_present (f->window);
}

static void
fixture_teardown (Fixture *f)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->settings);
  utu_wait_ms (20);
}

static JsonNode *
json_of (Fixture *f)
{
  return ferry_toc_settings_to_json (f->settings);
}

/* The member at NAME of the settings' JSON, or NULL. */
static JsonNode *
member (JsonNode   *settings,
        const char *name)
{
  return json_object_get_member (json_node_get_object (settings), name);
}

static const char *
member_string (JsonNode   *settings,
               const char *name)
{
  JsonNode *node = member (settings, name);

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static gboolean
array_has (JsonNode   *node,
           const char *value)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static guint
array_length (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

static GtkListBoxRow *
rule_row (Fixture    *f,
          const char *list,
          int         index)
{
  GtkListBox *box = GTK_LIST_BOX (utu_child (f->editor, T, list));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (box, index);

  g_assert_nonnull (row);
  return row;
}

static guint
n_rule_rows (Fixture    *f,
             const char *list)
{
  GtkListBox *box = GTK_LIST_BOX (utu_child (f->editor, T, list));
  guint n = 0;

  while (gtk_list_box_get_row_at_index (box, n) != NULL)
    n++;
  return n;
}

static GtkDropDown *
row_drop_down (GtkListBoxRow *row,
               const char    *key)
{
  GtkDropDown *drop_down = g_object_get_data (G_OBJECT (row), key);

  g_assert_true (GTK_IS_DROP_DOWN (drop_down));
  return drop_down;
}

static const char *
row_title (GtkListBoxRow *row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static int
preset_index (int type,
              int subtype)
{
  for (guint i = 0; i < ferry_object_type_presets_get_n (); i++)
    {
      int t, s;

      ferry_object_type_preset_get (i, &t, &s);
      if (t == type && s == subtype)
        return (int) i;
    }
  g_error ("no preset %d/%d", type, subtype);
  return -1;
}

/* ------------------------------------------------------------------------ */

static void
test_widgets_change_settings (void)
{
  Fixture f;
  g_autoptr(JsonNode) json = NULL;
  GtkListBoxRow *row;

  fixture_setup (&f, FERRY_PACKAGE_TYPE_PROJECT, TRUE);

  /* Default action */
  adw_combo_row_set_selected (ADW_COMBO_ROW (utu_child (f.editor, T, "default_action_row")), FERRY_CONFLICT_ACTION_FORCE_REPLACE);
  g_assert_cmpint (ferry_toc_settings_get_default_action (f.settings), ==, FERRY_CONFLICT_ACTION_FORCE_REPLACE);
  json = json_of (&f);
  g_assert_cmpstr (member_string (json, "defaultAction"), ==, "force_replace");
  g_clear_pointer (&json, json_node_unref);

  /* ACL of replaced objects */
  adw_combo_row_set_selected (ADW_COMBO_ROW (utu_child (f.editor, T, "acl_replacing_row")), FERRY_ACL_ON_REPLACING_KEEP_BOTH);
  g_assert_cmpint (ferry_toc_settings_get_acl_on_replacing_objects (f.settings), ==, FERRY_ACL_ON_REPLACING_KEEP_BOTH);
  adw_combo_row_set_selected (ADW_COMBO_ROW (utu_child (f.editor, T, "acl_replacing_row")), FERRY_ACL_ON_REPLACING_REPLACE);
  json = json_of (&f);
  g_assert_cmpstr (member_string (json, "aclOnReplacingObjects"), ==, "replace");
  g_clear_pointer (&json, json_node_unref);

  /* ACL of new objects: a one-value array */
  adw_combo_row_set_selected (ADW_COMBO_ROW (utu_child (f.editor, T, "acl_new_row")), FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER);
  g_assert_cmpint (ferry_toc_settings_get_acl_on_new_objects (f.settings), ==, FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER);
  json = json_of (&f);
  g_assert_cmpuint (array_length (member (json, "aclOnNewObjects")), ==, 1);
  g_assert_true (array_has (member (json, "aclOnNewObjects"), "inherit_acl_as_dest_folder"));
  g_clear_pointer (&json, json_node_unref);

  /* Schema updates, one switch at a time */
  gtk_switch_set_active (GTK_SWITCH (utu_child (f.editor, T, "schema_logical_size_switch")), TRUE);
  g_assert_true (ferry_toc_settings_get_update_schema_logical_size (f.settings));
  json = json_of (&f);
  g_assert_cmpuint (array_length (member (json, "updateSchema")), ==, 1);
  g_assert_true (array_has (member (json, "updateSchema"), "recal_table_logical_size"));
  g_clear_pointer (&json, json_node_unref);
  gtk_switch_set_active (GTK_SWITCH (utu_child (f.editor, T, "schema_keys_switch")), TRUE);
  gtk_switch_set_active (GTK_SWITCH (utu_child (f.editor, T, "schema_logical_info_switch")), TRUE);
  g_assert_true (ferry_toc_settings_get_update_schema_keys_fact_entry_level (f.settings));
  g_assert_true (ferry_toc_settings_get_update_schema_logical_info (f.settings));
  json = json_of (&f);
  g_assert_cmpuint (array_length (member (json, "updateSchema")), ==, 3);
  g_assert_true (array_has (member (json, "updateSchema"), "recal_table_keys_fact_entry_level"));
  g_assert_true (array_has (member (json, "updateSchema"), "update_schema_logical_info"));
  g_clear_pointer (&json, json_node_unref);
  gtk_switch_set_active (GTK_SWITCH (utu_child (f.editor, T, "schema_logical_size_switch")), FALSE);
  json = json_of (&f);
  g_assert_false (array_has (member (json, "updateSchema"), "recal_table_logical_size"));
  g_clear_pointer (&json, json_node_unref);

  /* Validate dependencies */
  gtk_switch_set_active (GTK_SWITCH (utu_child (f.editor, T, "validate_switch")), TRUE);
  g_assert_true (ferry_toc_settings_get_validate_dependencies (f.settings));
  json = json_of (&f);
  g_assert_true (json_node_get_boolean (member (json, "validateDependencies")));
  g_clear_pointer (&json, json_node_unref);

  /* Translation action */
  adw_combo_row_set_selected (ADW_COMBO_ROW (utu_child (f.editor, T, "translation_row")), FERRY_TRANSLATION_ACTION_NOT_MERGED);
  g_assert_cmpint (ferry_toc_settings_get_translation_action (f.settings), ==, FERRY_TRANSLATION_ACTION_NOT_MERGED);
  json = json_of (&f);
  g_assert_cmpstr (member_string (json, "translationAction"), ==, "not_merged");
  g_clear_pointer (&json, json_node_unref);

  /* An object-type rule: add, pick a type by name, change its action, remove */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.editor), "settings.add-type-rule", NULL));
  g_assert_cmpuint (n_rule_rows (&f, "type_rules_list"), ==, 1);
  row = rule_row (&f, "type_rules_list", 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (row_drop_down (row, "type-drop-down")), ==, preset_index (1, 256));
  json = json_of (&f);
  {
    JsonObject *rule = json_array_get_object_element (json_node_get_array (member (json, "objectTypeActions")), 0);

    g_assert_cmpint (json_object_get_int_member (rule, "type"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (rule, "subtype"), ==, 256);
    g_assert_cmpstr (json_object_get_string_member (rule, "action"), ==, "use_existing");
  }
  g_clear_pointer (&json, json_node_unref);
  gtk_drop_down_set_selected (row_drop_down (row, "type-drop-down"), preset_index (4, 1024));
  gtk_drop_down_set_selected (row_drop_down (row, "action-drop-down"), FERRY_CONFLICT_ACTION_USE_NEWER);
  json = json_of (&f);
  {
    JsonObject *rule = json_array_get_object_element (json_node_get_array (member (json, "objectTypeActions")), 0);

    g_assert_cmpint (json_object_get_int_member (rule, "type"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (rule, "subtype"), ==, 1024);
    g_assert_cmpstr (json_object_get_string_member (rule, "action"), ==, "use_newer");
  }
  g_clear_pointer (&json, json_node_unref);
  /* "All subtypes": no subtype member */
  gtk_drop_down_set_selected (row_drop_down (row, "type-drop-down"), preset_index (3, 0));
  json = json_of (&f);
  {
    JsonObject *rule = json_array_get_object_element (json_node_get_array (member (json, "objectTypeActions")), 0);

    g_assert_cmpint (json_object_get_int_member (rule, "type"), ==, 3);
    g_assert_false (json_object_has_member (rule, "subtype"));
  }
  g_clear_pointer (&json, json_node_unref);
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (row), "remove-button"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (f.settings))), ==, 0);
  g_assert_cmpuint (n_rule_rows (&f, "type_rules_list"), ==, 0);
  json = json_of (&f);
  g_assert_cmpuint (array_length (member (json, "objectTypeActions")), ==, 0);
  g_clear_pointer (&json, json_node_unref);

  /* A folder rule, picked in the folder picker */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (utu_child (f.editor, T, "add_folder_rule_button"));
    GtkPopover *picker = gtk_menu_button_get_popover (button);

    g_assert_true (FERRY_IS_FOLDER_PICKER (picker));
    g_signal_emit_by_name (picker, "picked", "7A1B2C3D4E5F60718293A4B5C6D7E8F9", "\\Public Objects\\Reports");
  }
  g_assert_cmpuint (n_rule_rows (&f, "folder_rules_list"), ==, 1);
  row = rule_row (&f, "folder_rules_list", 0);
  g_assert_cmpstr (row_title (row), ==, "\\Public Objects\\Reports");
  gtk_drop_down_set_selected (row_drop_down (row, "action-drop-down"), FERRY_CONFLICT_ACTION_USE_OLDER);
  json = json_of (&f);
  {
    JsonObject *rule = json_array_get_object_element (json_node_get_array (member (json, "folderActions")), 0);

    g_assert_cmpstr (json_object_get_string_member (rule, "id"), ==, "7A1B2C3D4E5F60718293A4B5C6D7E8F9");
    g_assert_cmpstr (json_object_get_string_member (rule, "action"), ==, "use_older");
    g_assert_false (json_object_has_member (rule, "path"));   /* display only */
  }
  g_clear_pointer (&json, json_node_unref);
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (row), "remove-button"), "clicked");
  g_assert_cmpuint (n_rule_rows (&f, "folder_rules_list"), ==, 0);

  /* An object rule, picked in the object picker */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (utu_child (f.editor, T, "add_object_rule_button"));
    GtkPopover *picker = gtk_menu_button_get_popover (button);
    g_autoptr(JsonNode) node = json_from_string ("{\"id\": \"" UTU_YEAR_ID "\", \"name\": \"Year\", \"type\": 12,"
                                                 " \"subtype\": 3072}", NULL);
    g_autoptr(FerryObjectInfo) info = ferry_object_info_new_from_json (json_node_get_object (node), NULL);

    g_assert_true (FERRY_IS_OBJECT_PICKER (picker));
    g_signal_emit_by_name (picker, "picked", info);
    g_signal_emit_by_name (picker, "picked", info);   /* once is enough */
  }
  g_assert_cmpuint (n_rule_rows (&f, "object_rules_list"), ==, 1);
  row = rule_row (&f, "object_rules_list", 0);
  g_assert_cmpstr (row_title (row), ==, "Year");
  g_assert_cmpuint (gtk_drop_down_get_selected (row_drop_down (row, "action-drop-down")), ==, FERRY_CONFLICT_ACTION_REPLACE);
  gtk_drop_down_set_selected (row_drop_down (row, "action-drop-down"), FERRY_CONFLICT_ACTION_DELETE);
  json = json_of (&f);
  {
    JsonObject *rule = json_array_get_object_element (json_node_get_array (member (json, "objectActions")), 0);

    g_assert_cmpstr (json_object_get_string_member (rule, "id"), ==, UTU_YEAR_ID);
    g_assert_cmpstr (json_object_get_string_member (rule, "action"), ==, "delete");
  }
  g_clear_pointer (&json, json_node_unref);

  fixture_teardown (&f);
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  const char       *file;
  const char       *settings_path;
  FerryPackageType  type;
  gboolean          merge;
} Sample;

static const Sample samples[] = {
  { "merge-create-request.json", "packageInfo.tocView.settings", FERRY_PACKAGE_TYPE_PROJECT, TRUE },
  { "package-define-project.json", "settings", FERRY_PACKAGE_TYPE_PROJECT, FALSE },
  { "package-define-configuration.json", "settings", FERRY_PACKAGE_TYPE_CONFIGURATION, FALSE },
  { "package-define-project-security.json", "settings", FERRY_PACKAGE_TYPE_PROJECT_SECURITY, FALSE },
};

static guint
combo (Fixture    *f,
       const char *name)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (utu_child (f->editor, T, name)));
}

static gboolean
switch_on (Fixture    *f,
           const char *name)
{
  return gtk_switch_get_active (GTK_SWITCH (utu_child (f->editor, T, name)));
}

static void
test_samples_fill_editor (gconstpointer data)
{
  const Sample *sample = data;
  g_autoptr(JsonNode) file = utu_fixture (sample->file);
  JsonObject *expected = utu_member_object (file, sample->settings_path);
  g_autoptr(JsonNode) expected_node = json_node_init_object (json_node_alloc (), expected);
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f;

  fixture_setup (&f, sample->type, sample->merge);
  /* Something else first, so that the load really changes every widget. */
  ferry_toc_settings_set_default_action (f.settings, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  ferry_toc_settings_set_acl_on_new_objects (f.settings, FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER);
  ferry_toc_settings_set_validate_dependencies (f.settings, TRUE);

  g_assert_true (ferry_toc_settings_load_json (f.settings, expected, &error));
  g_assert_no_error (error);

  /* Every widget shows the sample. */
  if (g_str_equal (sample->file, "merge-create-request.json"))
    {
      GtkListBoxRow *row;

      g_assert_cmpuint (combo (&f, "default_action_row"), ==, FERRY_CONFLICT_ACTION_USE_EXISTING);
      g_assert_cmpuint (combo (&f, "acl_replacing_row"), ==, FERRY_ACL_ON_REPLACING_USE_EXISTING);
      g_assert_cmpuint (combo (&f, "acl_new_row"), ==, FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT);
      g_assert_true (switch_on (&f, "schema_logical_size_switch"));
      g_assert_true (switch_on (&f, "schema_keys_switch"));
      g_assert_true (switch_on (&f, "schema_logical_info_switch"));
      g_assert_true (switch_on (&f, "validate_switch"));
      g_assert_cmpuint (combo (&f, "translation_row"), ==, FERRY_TRANSLATION_ACTION_EXISTING);

      g_assert_cmpuint (n_rule_rows (&f, "folder_rules_list"), ==, 1);
      row = rule_row (&f, "folder_rules_list", 0);
      g_assert_cmpstr (row_title (row), ==, UTU_YEAR_ID);   /* no path known: the id */
      g_assert_cmpuint (gtk_drop_down_get_selected (row_drop_down (row, "action-drop-down")), ==, FERRY_CONFLICT_ACTION_USE_EXISTING);

      g_assert_cmpuint (n_rule_rows (&f, "type_rules_list"), ==, 1);
      row = rule_row (&f, "type_rules_list", 0);
      g_assert_cmpuint (gtk_drop_down_get_selected (row_drop_down (row, "type-drop-down")), ==, preset_index (1, 256));
      g_assert_cmpuint (gtk_drop_down_get_selected (row_drop_down (row, "action-drop-down")), ==, FERRY_CONFLICT_ACTION_USE_EXISTING);

      g_assert_cmpuint (n_rule_rows (&f, "object_rules_list"), ==, 1);
      row = rule_row (&f, "object_rules_list", 0);
      g_assert_cmpstr (row_title (row), ==, UTU_YEAR_ID);
      g_assert_cmpuint (gtk_drop_down_get_selected (row_drop_down (row, "action-drop-down")), ==, FERRY_CONFLICT_ACTION_REPLACE);

      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "undo_warning"))));
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "problems_box"))));
      utu_screenshot (GTK_WIDGET (f.window), "settings-editor-merge-sample.png");
    }
  else
    {
      gboolean project = sample->type == FERRY_PACKAGE_TYPE_PROJECT;

      g_assert_cmpuint (combo (&f, "default_action_row"), ==, FERRY_CONFLICT_ACTION_REPLACE);
      g_assert_cmpuint (combo (&f, "acl_replacing_row"), ==,
                        sample->type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY ? FERRY_ACL_ON_REPLACING_UNSET
                                                                            : FERRY_ACL_ON_REPLACING_USE_EXISTING);
      g_assert_cmpuint (combo (&f, "acl_new_row"), ==, FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT);
      g_assert_cmpint (switch_on (&f, "schema_logical_size_switch"), ==, project);
      g_assert_cmpint (switch_on (&f, "schema_keys_switch"), ==, project);
      g_assert_false (switch_on (&f, "schema_logical_info_switch"));
      g_assert_false (switch_on (&f, "validate_switch"));
      g_assert_cmpuint (combo (&f, "translation_row"), ==, FERRY_TRANSLATION_ACTION_UNSET);
      g_assert_cmpuint (n_rule_rows (&f, "folder_rules_list"), ==, 0);
      g_assert_cmpuint (n_rule_rows (&f, "type_rules_list"), ==, 0);
      g_assert_cmpuint (n_rule_rows (&f, "object_rules_list"), ==, 0);
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "problems_box"))));
    }

  /* And the JSON the editor's settings write is the sample. */
  written = json_of (&f);
  if (!json_node_equal (written, expected_node))
    g_error ("%s: written %s, expected %s", sample->file,
             json_to_string (written, FALSE), json_to_string (expected_node, FALSE));

  fixture_teardown (&f);
}

/* ------------------------------------------------------------------------ */

static gboolean
undo_warning_shown (Fixture *f)
{
  GtkWidget *warning = GTK_WIDGET (utu_child (f->editor, T, "undo_warning"));

  return gtk_widget_get_visible (warning) && gtk_widget_get_mapped (warning) &&
         g_str_equal (gtk_label_get_label (GTK_LABEL (utu_child (f->editor, T, "undo_warning_title"))),
                      "Undo will not be available for this migration");
}

static void
test_keep_both_warning (void)
{
  Fixture f;
  g_autoptr(FerryObjectRule) rule = NULL;
  AdwComboRow *default_row;
  const char *detail;

  fixture_setup (&f, FERRY_PACKAGE_TYPE_PROJECT, TRUE);
  default_row = ADW_COMBO_ROW (utu_child (f.editor, T, "default_action_row"));
  g_assert_false (undo_warning_shown (&f));

  /* keep_both as the default action, chosen in the editor */
  adw_combo_row_set_selected (default_row, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_false (ferry_toc_settings_get_undo_possible (f.settings));
  utu_wait_ms (50);
  g_assert_true (undo_warning_shown (&f));
  detail = gtk_label_get_label (GTK_LABEL (utu_child (f.editor, T, "undo_warning_detail")));
  g_assert_nonnull (strstr (detail, "the default action"));
  adw_combo_row_set_selected (default_row, FERRY_CONFLICT_ACTION_REPLACE);
  g_assert_true (ferry_toc_settings_get_undo_possible (f.settings));
  g_assert_false (undo_warning_shown (&f));

  /* keep_both in a rule */
  rule = ferry_object_rule_new (UTU_YEAR_ID, FERRY_CONFLICT_ACTION_REPLACE);
  ferry_object_rule_set_name (rule, "Year");
  g_list_store_append (ferry_toc_settings_get_object_rules (f.settings), rule);
  g_assert_false (undo_warning_shown (&f));
  gtk_drop_down_set_selected (row_drop_down (rule_row (&f, "object_rules_list", 0), "action-drop-down"),
                              FERRY_CONFLICT_ACTION_KEEP_BOTH);
  utu_wait_ms (50);
  g_assert_true (undo_warning_shown (&f));
  detail = gtk_label_get_label (GTK_LABEL (utu_child (f.editor, T, "undo_warning_detail")));
  g_assert_nonnull (strstr (detail, "an object rule"));
  utu_screenshot (GTK_WIDGET (f.window), "settings-editor-keep-both.png");

  /* removing the rule hides it */
  g_signal_emit_by_name (g_object_get_data (G_OBJECT (rule_row (&f, "object_rules_list", 0)), "remove-button"), "clicked");
  g_assert_false (undo_warning_shown (&f));

  fixture_teardown (&f);
}

/* ------------------------------------------------------------------------ */

static void
assert_reason (Fixture    *f,
               const char *label,
               gboolean    shown,
               const char *text)
{
  GtkLabel *reason = GTK_LABEL (utu_child (f->editor, T, label));

  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (reason)), ==, shown);
  if (shown)
    g_assert_cmpstr (gtk_label_get_label (reason), ==, text);
}

static gboolean
sensitive (Fixture    *f,
           const char *name)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (utu_child (f->editor, T, name)));
}

static void
test_package_type_rules (void)
{
  Fixture f;
  const char *rules_reason = "Folder, object-type and object rules apply only to project merges: in an object "
                             "migration each object has its own action, and the objects it pulls in take the "
                             "default action.";

  fixture_setup (&f, FERRY_PACKAGE_TYPE_PROJECT, TRUE);

  /* A project merge: everything applies. */
  g_assert_true (sensitive (&f, "folder_rules_list"));
  g_assert_true (sensitive (&f, "add_folder_rule_button"));
  g_assert_true (sensitive (&f, "translation_row"));
  g_assert_true (sensitive (&f, "schema_keys_row"));
  g_assert_true (sensitive (&f, "acl_replacing_row"));
  assert_reason (&f, "rules_reason", FALSE, NULL);
  assert_reason (&f, "schema_reason", FALSE, NULL);
  assert_reason (&f, "acl_reason", FALSE, NULL);
  assert_reason (&f, "translation_reason", FALSE, NULL);

  /* An object migration of a project package: no rules, no translation action. */
  ferry_toc_settings_set_project_merge (f.settings, FALSE);
  g_assert_false (sensitive (&f, "folder_rules_list"));
  g_assert_false (sensitive (&f, "type_rules_list"));
  g_assert_false (sensitive (&f, "object_rules_list"));
  g_assert_false (sensitive (&f, "add_folder_rule_button"));
  g_assert_false (sensitive (&f, "add_type_rule_button"));
  g_assert_false (sensitive (&f, "add_object_rule_button"));
  g_assert_false (sensitive (&f, "translation_row"));
  g_assert_true (sensitive (&f, "schema_keys_row"));
  assert_reason (&f, "rules_reason", TRUE, rules_reason);
  /* without rules to clear, the lists are not even shown */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "folder_rules_group"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "type_rules_group"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "object_rules_group"))));
  assert_reason (&f, "translation_reason", TRUE, "The translation action applies only to project merges");
  assert_reason (&f, "schema_reason", FALSE, NULL);
  utu_screenshot (GTK_WIDGET (f.window), "settings-editor-object-migration.png");

  /* Configuration: no schema updates. */
  ferry_toc_settings_set_package_type (f.settings, FERRY_PACKAGE_TYPE_CONFIGURATION);
  g_assert_false (sensitive (&f, "schema_logical_size_row"));
  g_assert_false (sensitive (&f, "schema_keys_row"));
  g_assert_false (sensitive (&f, "schema_logical_info_row"));
  g_assert_true (sensitive (&f, "acl_replacing_row"));
  assert_reason (&f, "schema_reason", TRUE, "Schema updates apply only to project packages");
  assert_reason (&f, "acl_reason", FALSE, NULL);

  /* A setting that does not apply (here from JSON): the problem and the Clear button. */
  ferry_toc_settings_set_update_schema_logical_size (f.settings, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "problems_box"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (utu_child (f.editor, T, "problems_label"))),
                            "Schema updates apply only to project packages"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "clear_button"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.editor), "settings.clear-inapplicable", NULL));
  g_assert_false (ferry_toc_settings_get_update_schema_logical_size (f.settings));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "problems_box"))));

  /* Project security: no ACL for replaced objects either. */
  ferry_toc_settings_set_package_type (f.settings, FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
  g_assert_false (sensitive (&f, "acl_replacing_row"));
  g_assert_true (sensitive (&f, "acl_new_row"));
  g_assert_false (sensitive (&f, "schema_keys_row"));
  assert_reason (&f, "acl_reason", TRUE, "ACL on replacing objects does not apply to project security packages");
  assert_reason (&f, "schema_reason", TRUE, "Schema updates apply only to project packages");
  /* the default (use_existing) does not apply: Clear sets it to null */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "problems_box"))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.editor), "settings.clear-inapplicable", NULL));
  g_assert_cmpint (ferry_toc_settings_get_acl_on_replacing_objects (f.settings), ==, FERRY_ACL_ON_REPLACING_UNSET);
  g_assert_cmpuint (combo (&f, "acl_replacing_row"), ==, FERRY_ACL_ON_REPLACING_UNSET);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (f.editor, T, "problems_box"))));

  fixture_teardown (&f);
}

/* ------------------------------------------------------------------------ */

static gboolean
folders_listed (gpointer data)
{
  return g_list_model_get_n_items (ferry_folder_picker_get_folders (data)) > 0;
}

static gboolean
results_listed (gpointer data)
{
  return g_list_model_get_n_items (ferry_object_picker_get_results (data)) > 0;
}

static FerryObjectInfo *
find_named (GListModel *model,
            const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryObjectInfo) info = g_list_model_get_item (model, i);

      if (g_strcmp0 (ferry_object_info_get_name (info), name) == 0)
        return info;   /* still owned by the model */
    }
  return NULL;
}

static void
test_pickers (void)
{
  UtuPair pair = { 0 };
  g_autoptr(FerryEnvironment) dev = NULL;
  FerryConnection *connection;
  FerryFolderPicker *folder_picker;
  FerryObjectPicker *object_picker;
  FerryObjectInfo *public_objects, *year;
  GtkListBoxRow *row;
  Fixture f;

  utu_pair_start (&pair);
  dev = utu_environment_connect (pair.dev, "Development", UTU_MIGRATOR, UTU_PASSWORD);
  connection = ferry_environment_get_connection (dev);

  fixture_setup (&f, FERRY_PACKAGE_TYPE_PROJECT, TRUE);
  ferry_settings_editor_set_source (f.editor, connection, UTU_TUTORIAL_ID);
  folder_picker = FERRY_FOLDER_PICKER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (utu_child (f.editor, T, "add_folder_rule_button"))));
  object_picker = FERRY_OBJECT_PICKER (gtk_menu_button_get_popover (GTK_MENU_BUTTON (utu_child (f.editor, T, "add_object_rule_button"))));

  /* Folders: the top level, then into Public Objects, and pick Reports. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (utu_child (f.editor, T, "add_folder_rule_button")));
  g_assert_true (utu_spin_until (folders_listed, folder_picker, 30000));
  public_objects = find_named (ferry_folder_picker_get_folders (folder_picker), "Public Objects");
  g_assert_nonnull (public_objects);
  ferry_folder_picker_open_folder (folder_picker, ferry_object_info_get_id (public_objects), "\\Public Objects");
  g_assert_true (utu_spin_until (folders_listed, folder_picker, 30000));
  {
    FerryObjectInfo *reports = find_named (ferry_folder_picker_get_folders (folder_picker), "Reports");

    g_assert_nonnull (reports);
    utu_screenshot (GTK_WIDGET (folder_picker), "settings-editor-folder-picker.png");
    g_signal_emit_by_name (folder_picker, "picked", ferry_object_info_get_id (reports), "\\Public Objects\\Reports");
  }
  g_assert_cmpuint (n_rule_rows (&f, "folder_rules_list"), ==, 1);
  row = rule_row (&f, "folder_rules_list", 0);
  g_assert_cmpstr (row_title (row), ==, "\\Public Objects\\Reports");

  /* Objects: a search by name. */
  gtk_menu_button_popdown (GTK_MENU_BUTTON (utu_child (f.editor, T, "add_folder_rule_button")));
  gtk_menu_button_popup (GTK_MENU_BUTTON (utu_child (f.editor, T, "add_object_rule_button")));
  ferry_object_picker_search (object_picker, "Year");
  g_assert_true (utu_spin_until (results_listed, object_picker, 30000));
  year = find_named (ferry_object_picker_get_results (object_picker), "Year");
  g_assert_nonnull (year);
  g_assert_cmpstr (ferry_object_info_get_id (year), ==, UTU_YEAR_ID);
  utu_screenshot (GTK_WIDGET (object_picker), "settings-editor-object-picker.png");
  g_signal_emit_by_name (object_picker, "picked", year);
  g_assert_cmpuint (n_rule_rows (&f, "object_rules_list"), ==, 1);
  g_assert_cmpstr (row_title (rule_row (&f, "object_rules_list", 0)), ==, "Year");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (utu_child (f.editor, T, "add_object_rule_button")));

  fixture_teardown (&f);
  g_clear_object (&dev);
  utu_pair_stop (&pair);
}

/* ------------------------------------------------------------------------ */

#define FP FERRY_TYPE_FOLDER_PICKER

static const char *
picker_page (FerryFolderPicker *picker)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (utu_child (picker, FP, "stack")));
}

static gboolean
picker_settled (gpointer data)
{
  return !g_str_equal (picker_page (data), "loading");
}

static guint
folder_requests (FerrySandbox *sandbox,
                 gboolean      top)
{
  return ferry_sandbox_get_request_count (sandbox, "GET", top ? "/api/folders" : "/api/folders/{id}");
}

/* Activates the row of the folder named NAME, as a click would. */
static void
picker_go_into (FerryFolderPicker *picker,
                const char        *name)
{
  GListModel *folders = ferry_folder_picker_get_folders (picker);
  GtkListBox *list = GTK_LIST_BOX (utu_child (picker, FP, "list"));

  for (guint i = 0; i < g_list_model_get_n_items (folders); i++)
    {
      g_autoptr(FerryObjectInfo) info = g_list_model_get_item (folders, i);

      if (g_strcmp0 (ferry_object_info_get_name (info), name) == 0)
        {
          g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, i));
          return;
        }
    }
  g_error ("no folder %s in the picker", name);
}

static GtkWidget *
first_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = first_button (child);

      if (button != NULL)
        return button;
    }
  return NULL;
}

static void
assert_only_folders (FerryFolderPicker *picker)
{
  GListModel *folders = ferry_folder_picker_get_folders (picker);

  g_assert_cmpuint (g_list_model_get_n_items (folders), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (folders); i++)
    {
      g_autoptr(FerryObjectInfo) info = g_list_model_get_item (folders, i);

      g_assert_true (ferry_object_info_is_folder (info));
    }
}

/* The folder picker lists lazily, one folder at a time: nothing before it
 * opens, the top level once, each folder gone into once (Up lists the
 * folder above again); a failed listing shows why, with Retry. */
static void
test_folder_picker (void)
{
  UtuPair pair = { 0 };
  g_autoptr(FerryEnvironment) dev = NULL;
  GtkMenuButton *button;
  FerryFolderPicker *picker;
  GtkLabel *path_label, *status_label;
  GtkWidget *up_button, *retry_button;
  guint top, below;
  Fixture f;

  utu_pair_start (&pair);
  dev = utu_environment_connect (pair.dev, "Development", UTU_MIGRATOR, UTU_PASSWORD);

  fixture_setup (&f, FERRY_PACKAGE_TYPE_PROJECT, TRUE);
  button = GTK_MENU_BUTTON (utu_child (f.editor, T, "add_folder_rule_button"));
  picker = FERRY_FOLDER_PICKER (gtk_menu_button_get_popover (button));
  path_label = GTK_LABEL (utu_child (picker, FP, "path_label"));
  status_label = GTK_LABEL (utu_child (picker, FP, "status_label"));
  up_button = GTK_WIDGET (utu_child (picker, FP, "up_button"));
  retry_button = GTK_WIDGET (utu_child (picker, FP, "retry_button"));

  /* A source, but the picker is closed: nothing is listed. */
  top = folder_requests (pair.dev, TRUE);
  below = folder_requests (pair.dev, FALSE);
  ferry_settings_editor_set_source (f.editor, ferry_environment_get_connection (dev), UTU_TUTORIAL_ID);
  utu_wait_ms (200);
  g_assert_cmpuint (folder_requests (pair.dev, TRUE), ==, top);
  g_assert_cmpuint (folder_requests (pair.dev, FALSE), ==, below);
  g_assert_cmpuint (g_list_model_get_n_items (ferry_folder_picker_get_folders (picker)), ==, 0);

  /* Opening it lists the top level, once; reopening lists nothing. */
  gtk_menu_button_popup (button);
  g_assert_true (utu_spin_until (folders_listed, picker, 30000));
  g_assert_cmpstr (picker_page (picker), ==, "folders");
  g_assert_cmpstr (gtk_label_get_label (path_label), ==, "Top level");
  g_assert_false (gtk_widget_get_sensitive (up_button));
  g_assert_nonnull (find_named (ferry_folder_picker_get_folders (picker), "Public Objects"));
  assert_only_folders (picker);
  g_assert_cmpuint (folder_requests (pair.dev, TRUE), ==, top + 1);
  g_assert_cmpuint (folder_requests (pair.dev, FALSE), ==, below);
  gtk_menu_button_popdown (button);
  gtk_menu_button_popup (button);
  utu_wait_ms (200);
  g_assert_cmpstr (picker_page (picker), ==, "folders");
  g_assert_cmpuint (folder_requests (pair.dev, TRUE), ==, top + 1);

  /* Into Public Objects: its folders only, with one request. */
  picker_go_into (picker, "Public Objects");
  g_assert_cmpuint (g_list_model_get_n_items (ferry_folder_picker_get_folders (picker)), ==, 0);
  g_assert_cmpstr (picker_page (picker), ==, "loading");
  g_assert_true (utu_spin_until (folders_listed, picker, 30000));
  g_assert_cmpstr (picker_page (picker), ==, "folders");
  g_assert_cmpstr (gtk_label_get_label (path_label), ==, "\\Public Objects");
  g_assert_true (gtk_widget_get_sensitive (up_button));
  g_assert_nonnull (find_named (ferry_folder_picker_get_folders (picker), "Reports"));
  g_assert_null (find_named (ferry_folder_picker_get_folders (picker), "Public Objects"));
  assert_only_folders (picker);
  g_assert_cmpuint (folder_requests (pair.dev, TRUE), ==, top + 1);
  g_assert_cmpuint (folder_requests (pair.dev, FALSE), ==, below + 1);

  /* Into Reports, and Up twice: back where it was, each folder listed again. */
  picker_go_into (picker, "Reports");
  g_assert_true (utu_spin_until (picker_settled, picker, 30000));
  g_assert_cmpstr (gtk_label_get_label (path_label), ==, "\\Public Objects\\Reports");
  g_assert_cmpuint (folder_requests (pair.dev, FALSE), ==, below + 2);
  if (g_list_model_get_n_items (ferry_folder_picker_get_folders (picker)) == 0)
    {
      g_assert_cmpstr (picker_page (picker), ==, "status");
      g_assert_cmpstr (gtk_label_get_label (status_label), ==, "No folders here");
      g_assert_false (gtk_widget_get_visible (retry_button));
    }
  else
    g_assert_cmpstr (picker_page (picker), ==, "folders");
  g_signal_emit_by_name (up_button, "clicked");
  g_assert_true (utu_spin_until (folders_listed, picker, 30000));
  g_assert_cmpstr (gtk_label_get_label (path_label), ==, "\\Public Objects");
  g_assert_nonnull (find_named (ferry_folder_picker_get_folders (picker), "Reports"));
  g_assert_cmpuint (folder_requests (pair.dev, FALSE), ==, below + 3);
  g_signal_emit_by_name (up_button, "clicked");
  g_assert_true (utu_spin_until (folders_listed, picker, 30000));
  g_assert_cmpstr (gtk_label_get_label (path_label), ==, "Top level");
  g_assert_false (gtk_widget_get_sensitive (up_button));
  g_assert_nonnull (find_named (ferry_folder_picker_get_folders (picker), "Public Objects"));
  g_assert_cmpuint (folder_requests (pair.dev, TRUE), ==, top + 2);

  /* The server drops every folder request: the reason, with Retry. */
  ferry_sandbox_add_fault (pair.dev, "GET", "/api/folders", 1000, FERRY_SANDBOX_FAULT_DROP, 0, NULL, NULL, 0);
  picker_go_into (picker, "Public Objects");
  g_assert_true (utu_spin_until (picker_settled, picker, 30000));
  g_assert_cmpstr (picker_page (picker), ==, "status");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (status_label), "Could not list the folders: "));
  g_assert_true (gtk_widget_get_visible (retry_button));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_folder_picker_get_folders (picker)), ==, 0);
  g_assert_cmpstr (gtk_label_get_label (path_label), ==, "\\Public Objects");
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (picker), "settings-editor-folder-picker-error.png");

  /* The server is back: Retry lists the folder. */
  ferry_sandbox_clear_faults (pair.dev);
  below = folder_requests (pair.dev, FALSE);
  g_signal_emit_by_name (retry_button, "clicked");
  g_assert_cmpstr (picker_page (picker), ==, "loading");
  g_assert_true (utu_spin_until (folders_listed, picker, 30000));
  g_assert_cmpstr (picker_page (picker), ==, "folders");
  g_assert_false (gtk_widget_get_visible (retry_button));
  g_assert_nonnull (find_named (ferry_folder_picker_get_folders (picker), "Reports"));
  assert_only_folders (picker);
  g_assert_cmpuint (folder_requests (pair.dev, FALSE), ==, below + 1);

  /* A row's "+" picks its folder, with the path of the folder shown. */
  {
    GListModel *folders = ferry_folder_picker_get_folders (picker);
    GtkListBox *list = GTK_LIST_BOX (utu_child (picker, FP, "list"));
    GtkWidget *add = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (folders); i++)
      {
        g_autoptr(FerryObjectInfo) info = g_list_model_get_item (folders, i);

        if (g_str_equal (ferry_object_info_get_name (info), "Reports"))
          add = first_button (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)));
      }
    g_assert_nonnull (add);
    g_signal_emit_by_name (add, "clicked");
    g_assert_cmpuint (n_rule_rows (&f, "folder_rules_list"), ==, 1);
    g_assert_cmpstr (row_title (rule_row (&f, "folder_rules_list", 0)), ==, "\\Public Objects\\Reports");
  }
  gtk_menu_button_popdown (button);

  fixture_teardown (&f);
  g_clear_object (&dev);
  utu_pair_stop (&pair);
}

/* A visible label under WIDGET whose text is TEXT, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gtk_widget_get_visible (child) ? find_label (child, text) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} LabelShown;

static gboolean
label_shown (gpointer data)
{
  LabelShown *l = data;

  return find_label (l->widget, l->text) != NULL;
}

static gboolean
label_gone (gpointer data)
{
  return !label_shown (data);
}

/* Every action says what it does in the list; where Delete, Force replace
 * or Keep both is chosen, a warning says what to beware of. The default
 * says why it is suggested. */
static void
test_action_words (void)
{
  Fixture f;
  GtkWidget *row;
  GtkWidget *window;
  GtkWidget *list;
  g_autoptr(FerryFolderRule) rule = NULL;
  LabelShown shown;

  fixture_setup (&f, FERRY_PACKAGE_TYPE_PROJECT, TRUE);
  row = GTK_WIDGET (utu_child (f.editor, T, "default_action_row"));

  /* The note under the default says why (or what the suggested one does). */
  ferry_toc_settings_set_default_action (f.settings, FERRY_CONFLICT_ACTION_USE_NEWER);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (utu_child (f.editor, T, "default_note"))), ==,
                   ferry_conflict_action_get_default_note (FERRY_CONFLICT_ACTION_USE_NEWER));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "For the objects that no folder, type or object rule below covers");

  /* Delete chosen as the default: the row warns. */
  shown = (LabelShown) { row, "Deletes the object in the target" };
  g_assert_false (label_shown (&shown));
  ferry_toc_settings_set_default_action (f.settings, FERRY_CONFLICT_ACTION_DELETE);
  g_assert_true (utu_spin_until (label_shown, &shown, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (utu_child (f.editor, T, "default_note"))), ==,
                   ferry_conflict_action_get_default_note (FERRY_CONFLICT_ACTION_DELETE));
  utu_screenshot (GTK_WIDGET (f.window), "settings-editor-delete-default.png");
  ferry_toc_settings_set_default_action (f.settings, FERRY_CONFLICT_ACTION_USE_NEWER);
  g_assert_true (utu_spin_until (label_gone, &shown, 5000));

  /* A folder rule's drop-down: force replace warns, keep both says undo goes. */
  rule = ferry_folder_rule_new ("7A1B2C3D4E5F60718293A4B5C6D7E8F9", FERRY_CONFLICT_ACTION_FORCE_REPLACE);
  ferry_folder_rule_set_folder_path (rule, "\\Public Objects\\Reports");
  g_list_store_append (ferry_toc_settings_get_folder_rules (f.settings), rule);
  list = GTK_WIDGET (utu_child (f.editor, T, "folder_rules_list"));
  shown = (LabelShown) { list, "Replaces even identical versions" };
  g_assert_true (utu_spin_until (label_shown, &shown, 5000));
  ferry_toc_rule_set_action (FERRY_TOC_RULE (rule), FERRY_CONFLICT_ACTION_KEEP_BOTH);
  shown = (LabelShown) { list, "Turns off undo" };
  g_assert_true (utu_spin_until (label_shown, &shown, 5000));
  utu_screenshot (GTK_WIDGET (f.window), "settings-editor-action-warnings.png");

  /* The list of a drop-down: each action with what it does. */
  {
    g_autoptr(GtkListItemFactory) factory = ferry_action_factory_new (TRUE);
    GtkSelectionModel *model = GTK_SELECTION_MODEL (gtk_no_selection_new (ferry_action_model_new ()));

    window = gtk_window_new ();
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
    gtk_window_set_child (GTK_WINDOW (window), gtk_list_view_new (model, g_object_ref (factory)));
    utu_present (GTK_WINDOW (window));
    for (FerryConflictAction a = FERRY_CONFLICT_ACTION_USE_EXISTING; a <= FERRY_CONFLICT_ACTION_DELETE; a++)
      {
        shown = (LabelShown) { window, ferry_conflict_action_get_description (a) };
        g_assert_true (utu_spin_until (label_shown, &shown, 5000));
        shown = (LabelShown) { window, ferry_conflict_action_get_label (a) };
        g_assert_true (label_shown (&shown));
      }
    shown = (LabelShown) { window, "Replace when the source was changed later" };
    g_assert_true (label_shown (&shown));
    utu_screenshot (window, "settings-editor-action-list.png");
    gtk_window_destroy (GTK_WINDOW (window));
  }

  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (utu_init (&argc, &argv) == NULL)
    return 0;

  g_test_add_func ("/settings-editor/widgets-change-settings", test_widgets_change_settings);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autofree char *path = g_strdup_printf ("/settings-editor/sample/%s", samples[i].file);

      g_test_add_data_func (path, &samples[i], test_samples_fill_editor);
    }
  g_test_add_func ("/settings-editor/keep-both-warning", test_keep_both_warning);
  g_test_add_func ("/settings-editor/package-type-rules", test_package_type_rules);
  g_test_add_func ("/settings-editor/pickers", test_pickers);
  g_test_add_func ("/settings-editor/folder-picker", test_folder_picker);
  g_test_add_func ("/settings-editor/action-words", test_action_words);

  return g_test_run ();
}
