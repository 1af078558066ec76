/* test-toc-settings.c: FerryTocSettings, the package settings model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The spec samples (tests/core/fixtures/, copied verbatim from
 * ../shared/spec/ pages) parse and serialize back to equal JSON; every
 * property maps to its JSON member both ways; unknown values are refused
 * with the field named; validation sentences per package type; undo-possible
 * and "changed" follow every kind of edit.
 */

#include <string.h>

#include "ferry-core.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return parse (text);
}

static JsonNode *
get_path (JsonNode   *node,
          const char *dotted)
{
  g_auto(GStrv) parts = g_strsplit (dotted, ".", -1);

  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node;
}

static void
assert_json_equal (JsonNode *expected,
                   JsonNode *actual)
{
  if (!json_node_equal (expected, actual))
    {
      g_autofree char *e = json_to_string (expected, TRUE);
      g_autofree char *a = json_to_string (actual, TRUE);

      g_error ("JSON differs.\nexpected: %s\nactual:   %s", e, a);
    }
}

static FerryTocSettings *
settings_from_text (const char       *text,
                    FerryPackageType  type)
{
  g_autoptr(JsonNode) node = parse (text);
  g_autoptr(GError) error = NULL;
  FerryTocSettings *settings = ferry_toc_settings_new_from_json (json_node_get_object (node), type, &error);

  g_assert_no_error (error);
  g_assert_nonnull (settings);
  return settings;
}

/* The settings' JSON as compact text. */
static char *
settings_text (FerryTocSettings *settings)
{
  g_autoptr(JsonNode) node = ferry_toc_settings_to_json (settings);

  return json_to_string (node, FALSE);
}

/* Counts "changed" emissions and notifications per property. */
typedef struct
{
  guint       changed;
  GHashTable *notified;  /* property name → count */
} Counter;

static void
changed_cb (FerryTocSettings *settings,
            Counter          *counter)
{
  counter->changed++;
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Counter    *counter)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counter->notified, pspec->name));

  g_hash_table_insert (counter->notified, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static void
counter_watch (Counter          *counter,
               FerryTocSettings *settings)
{
  counter->changed = 0;
  counter->notified = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (settings, "changed", G_CALLBACK (changed_cb), counter);
  g_signal_connect (settings, "notify", G_CALLBACK (notify_cb), counter);
}

static void
counter_reset (Counter *counter)
{
  counter->changed = 0;
  g_hash_table_remove_all (counter->notified);
}

static guint
counter_notified (Counter    *counter,
                  const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counter->notified, name));
}

static void
counter_unwatch (Counter          *counter,
                 FerryTocSettings *settings)
{
  g_signal_handlers_disconnect_by_data (settings, counter);
  g_clear_pointer (&counter->notified, g_hash_table_unref);
}

static gboolean
messages_contain (FerryTocSettings *settings,
                  const char       *sentence)
{
  return g_strv_contains (ferry_toc_settings_get_validation_messages (settings), sentence);
}

/* ------------------------------------------------------------------------ */
/* The spec samples                                                          */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *fixture;
  const char *settings_path;   /* dotted path of the settings object */
  const char *type_path;       /* dotted path of the package type */
} Sample;

static const Sample samples[] = {
  { "merge-create-request.json",            "packageInfo.tocView.settings", "packageInfo.type" },
  { "merge-get-all-response.json",          "packageInfo.tocView.settings", "packageInfo.type" },
  { "merge-import-request.json",            "packageInfo.tocView.settings", "packageInfo.type" },
  { "merge-get-imported-response.json",     "packageInfo.tocView.settings", "packageInfo.type" },
  { "package-define-project.json",          "settings",                     "type" },
  { "package-get-response.json",            "settings",                     NULL },
  { "package-define-configuration.json",    "settings",                     "type" },
  { "package-define-project-security.json", "settings",                     "type" },
};

static void
test_spec_samples_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(JsonNode) root = load_fixture (samples[i].fixture);
      JsonNode *settings_node = get_path (root, samples[i].settings_path);
      JsonNode *type_node = samples[i].type_path ? get_path (root, samples[i].type_path) : NULL;
      FerryPackageType type = FERRY_PACKAGE_TYPE_PROJECT;
      g_autoptr(FerryTocSettings) settings = NULL;
      g_autoptr(JsonNode) out = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(FerryTocSettings) reparsed = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("sample %s", samples[i].fixture);
      g_assert_nonnull (settings_node);
      if (type_node != NULL)
        g_assert_true (ferry_package_type_from_string (json_node_get_string (type_node), &type));

      settings = ferry_toc_settings_new_from_json (json_node_get_object (settings_node), type, &error);
      g_assert_no_error (error);
      g_assert_cmpint (ferry_toc_settings_get_package_type (settings), ==, type);

      out = ferry_toc_settings_to_json (settings);
      assert_json_equal (settings_node, out);

      /* and once more through the model */
      reparsed = ferry_toc_settings_new_from_json (json_node_get_object (out), type, &error);
      g_assert_no_error (error);
      again = ferry_toc_settings_to_json (reparsed);
      assert_json_equal (settings_node, again);

      g_assert_finalize_object (g_steal_pointer (&settings));
      g_assert_finalize_object (g_steal_pointer (&reparsed));
    }
}

/* The project-merge sample, read into properties. */
static void
test_spec_merge_properties (void)
{
  g_autoptr(JsonNode) root = load_fixture ("merge-create-request.json");
  JsonNode *node = get_path (root, "packageInfo.tocView.settings");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryTocSettings) s = ferry_toc_settings_new_from_json (json_node_get_object (node),
                                                                     FERRY_PACKAGE_TYPE_PROJECT, &error);
  g_autoptr(FerryFolderRule) folder = NULL;
  g_autoptr(FerryObjectTypeRule) type_rule = NULL;
  g_autoptr(FerryObjectRule) object = NULL;
  g_autoptr(GListModel) folders = NULL;
  gboolean b1, b2, b3, validate, has_validate, undo;
  FerryAclOnReplacing acl_replacing;
  FerryAclOnNew acl_new;
  FerryConflictAction default_action;
  FerryTranslationAction translation;

  g_assert_no_error (error);
  g_object_get (s,
                "update-schema-logical-size", &b1,
                "update-schema-keys-fact-entry-level", &b2,
                "update-schema-logical-info", &b3,
                "acl-on-replacing-objects", &acl_replacing,
                "acl-on-new-objects", &acl_new,
                "validate-dependencies", &validate,
                "has-validate-dependencies", &has_validate,
                "default-action", &default_action,
                "translation-action", &translation,
                "folder-rules", &folders,
                "undo-possible", &undo,
                NULL);
  g_assert_true (b1);
  g_assert_true (b2);
  g_assert_true (b3);
  g_assert_cmpint (acl_replacing, ==, FERRY_ACL_ON_REPLACING_USE_EXISTING);
  g_assert_cmpint (acl_new, ==, FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT);
  g_assert_true (validate);
  g_assert_true (has_validate);
  g_assert_cmpint (default_action, ==, FERRY_CONFLICT_ACTION_USE_EXISTING);
  g_assert_cmpint (translation, ==, FERRY_TRANSLATION_ACTION_EXISTING);
  g_assert_true (undo);

  g_assert_true (folders == G_LIST_MODEL (ferry_toc_settings_get_folder_rules (s)));
  g_assert_cmpuint (g_list_model_get_n_items (folders), ==, 1);
  g_assert_true (g_list_model_get_item_type (folders) == FERRY_TYPE_FOLDER_RULE);
  folder = g_list_model_get_item (folders, 0);
  g_assert_cmpstr (ferry_folder_rule_get_folder_id (folder), ==, "8D679D5111D3E4981000E787EC6DE8A4");
  g_assert_cmpint (ferry_folder_rule_get_action (folder), ==, FERRY_CONFLICT_ACTION_USE_EXISTING);
  g_assert_null (ferry_folder_rule_get_folder_path (folder));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (s))), ==, 1);
  type_rule = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (s)), 0);
  g_assert_cmpint (ferry_object_type_rule_get_object_type (type_rule), ==, 1);
  g_assert_cmpint (ferry_object_type_rule_get_subtype (type_rule), ==, 256);
  g_assert_cmpint (ferry_object_type_rule_get_action (type_rule), ==, FERRY_CONFLICT_ACTION_USE_EXISTING);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_object_rules (s))), ==, 1);
  object = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_object_rules (s)), 0);
  g_assert_cmpstr (ferry_object_rule_get_object_id (object), ==, "8D679D5111D3E4981000E787EC6DE8A4");
  g_assert_cmpint (ferry_object_rule_get_action (object), ==, FERRY_CONFLICT_ACTION_REPLACE);
  g_assert_null (ferry_object_rule_get_name (object));

  /* As a project merge of a project package, nothing is out of place. */
  ferry_toc_settings_set_project_merge (s, TRUE);
  g_assert_true (ferry_toc_settings_validate (s, NULL));
  g_assert_cmpstr (ferry_toc_settings_get_validation_messages (s)[0], ==, NULL);
}

/* The three package samples: nulls read as "unset" and come back as null. */
static void
test_spec_package_properties (void)
{
  struct {
    const char          *fixture;
    FerryPackageType     type;
    gboolean             schema;       /* the two recal flags */
    FerryAclOnReplacing  acl;
    gboolean             schema_null;
    gboolean             acl_null;
  } cases[] = {
    { "package-define-project.json", FERRY_PACKAGE_TYPE_PROJECT, TRUE, FERRY_ACL_ON_REPLACING_USE_EXISTING, FALSE, FALSE },
    { "package-define-configuration.json", FERRY_PACKAGE_TYPE_CONFIGURATION, FALSE, FERRY_ACL_ON_REPLACING_USE_EXISTING, TRUE, FALSE },
    { "package-define-project-security.json", FERRY_PACKAGE_TYPE_PROJECT_SECURITY, FALSE, FERRY_ACL_ON_REPLACING_UNSET, TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = load_fixture (cases[i].fixture);
      FerryPackageType type;
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryTocSettings) s = NULL;
      g_autoptr(JsonNode) out = NULL;

      g_assert_true (ferry_package_type_from_string (json_node_get_string (get_path (root, "type")), &type));
      g_assert_cmpint (type, ==, cases[i].type);
      s = ferry_toc_settings_new_from_json (json_node_get_object (get_path (root, "settings")), type, &error);
      g_assert_no_error (error);

      g_assert_cmpint (ferry_toc_settings_get_update_schema_logical_size (s), ==, cases[i].schema);
      g_assert_cmpint (ferry_toc_settings_get_update_schema_keys_fact_entry_level (s), ==, cases[i].schema);
      g_assert_false (ferry_toc_settings_get_update_schema_logical_info (s));
      g_assert_cmpint (ferry_toc_settings_get_acl_on_replacing_objects (s), ==, cases[i].acl);
      g_assert_cmpint (ferry_toc_settings_get_acl_on_new_objects (s), ==, FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT);
      g_assert_cmpint (ferry_toc_settings_get_default_action (s), ==, FERRY_CONFLICT_ACTION_REPLACE);
      g_assert_false (ferry_toc_settings_get_has_validate_dependencies (s));
      g_assert_cmpint (ferry_toc_settings_get_translation_action (s), ==, FERRY_TRANSLATION_ACTION_UNSET);
      g_assert_true (ferry_toc_settings_validate (s, NULL));

      out = ferry_toc_settings_to_json (s);
      g_assert_cmpint (JSON_NODE_HOLDS_NULL (get_path (out, "updateSchema")), ==, cases[i].schema_null);
      g_assert_cmpint (JSON_NODE_HOLDS_NULL (get_path (out, "aclOnReplacingObjects")), ==, cases[i].acl_null);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (get_path (out, "aclOnNewObjects")));
      /* absent stays absent */
      g_assert_null (get_path (out, "validateDependencies"));
      g_assert_null (get_path (out, "folderActions"));
      g_assert_null (get_path (out, "objectTypeActions"));
      g_assert_null (get_path (out, "objectActions"));
      g_assert_null (get_path (out, "translationAction"));
      g_assert_cmpuint (json_object_get_size (json_node_get_object (out)), ==, 4);
    }
}

/* ------------------------------------------------------------------------ */
/* Each property ↔ its JSON member                                           */
/* ------------------------------------------------------------------------ */

/* Every value of an enum property, set through the property, appears in the
 * JSON as MEMBER (wrapped in an array when ARRAY), and the same JSON read
 * back gives the value. UNSET_JSON: what the unset value is written as
 * ("null", or NULL for "left out"). */
static void
check_enum_property (const char *property,
                     GType       enum_type,
                     const char *member,
                     gboolean    array,
                     const char *unset_json)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (enum_type);

  for (guint i = 0; i < klass->n_values; i++)
    {
      const GEnumValue *v = &klass->values[i];
      g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
      g_autoptr(FerryTocSettings) back = NULL;
      g_autoptr(JsonNode) out = NULL;
      g_autofree char *expected = NULL;
      g_autoptr(JsonNode) expected_node = NULL;
      JsonNode *got;
      int value = -1;
      gboolean is_unset = g_str_equal (v->value_nick, "unset");

      /* start from another value, so that setting this one is a change */
      g_object_set (s, property, (int) (i == 0 ? 1 : 0), NULL);
      g_object_set (s, property, v->value, NULL);
      out = ferry_toc_settings_to_json (s);
      got = get_path (out, member);

      if (is_unset && unset_json == NULL)
        {
          g_assert_null (got);
        }
      else
        {
          if (is_unset)
            expected = g_strdup (unset_json);
          else if (array)
            expected = g_strdup_printf ("[\"%s\"]", v->value_nick);
          else
            expected = g_strdup_printf ("\"%s\"", v->value_nick);
          expected_node = parse (expected);
          g_assert_nonnull (got);
          assert_json_equal (expected_node, got);
        }

      /* and back */
      back = ferry_toc_settings_new_from_json (json_node_get_object (out), FERRY_PACKAGE_TYPE_PROJECT, NULL);
      g_assert_nonnull (back);
      g_object_get (back, property, &value, NULL);
      g_assert_cmpint (value, ==, v->value);
    }
}

static void
test_enum_properties (void)
{
  check_enum_property ("default-action", FERRY_TYPE_CONFLICT_ACTION, "defaultAction", FALSE, NULL);
  check_enum_property ("acl-on-replacing-objects", FERRY_TYPE_ACL_ON_REPLACING, "aclOnReplacingObjects", FALSE, "null");
  check_enum_property ("acl-on-new-objects", FERRY_TYPE_ACL_ON_NEW, "aclOnNewObjects", TRUE, "null");
  check_enum_property ("translation-action", FERRY_TYPE_TRANSLATION_ACTION, "translationAction", FALSE, NULL);
}

/* JSON → property for every spelling, written out by hand (independent of
 * the GEnum tables above). */
static void
test_json_values_to_properties (void)
{
  struct {
    const char *json;
    const char *property;
    int         value;
  } cases[] = {
    { "{\"defaultAction\":\"use_existing\"}", "default-action", FERRY_CONFLICT_ACTION_USE_EXISTING },
    { "{\"defaultAction\":\"replace\"}", "default-action", FERRY_CONFLICT_ACTION_REPLACE },
    { "{\"defaultAction\":\"keep_both\"}", "default-action", FERRY_CONFLICT_ACTION_KEEP_BOTH },
    { "{\"defaultAction\":\"use_newer\"}", "default-action", FERRY_CONFLICT_ACTION_USE_NEWER },
    { "{\"defaultAction\":\"use_older\"}", "default-action", FERRY_CONFLICT_ACTION_USE_OLDER },
    { "{\"defaultAction\":\"force_replace\"}", "default-action", FERRY_CONFLICT_ACTION_FORCE_REPLACE },
    { "{\"defaultAction\":\"delete\"}", "default-action", FERRY_CONFLICT_ACTION_DELETE },
    { "{\"aclOnReplacingObjects\":\"use_existing\"}", "acl-on-replacing-objects", FERRY_ACL_ON_REPLACING_USE_EXISTING },
    { "{\"aclOnReplacingObjects\":\"replace\"}", "acl-on-replacing-objects", FERRY_ACL_ON_REPLACING_REPLACE },
    { "{\"aclOnReplacingObjects\":\"keep_both\"}", "acl-on-replacing-objects", FERRY_ACL_ON_REPLACING_KEEP_BOTH },
    { "{\"aclOnReplacingObjects\":null}", "acl-on-replacing-objects", FERRY_ACL_ON_REPLACING_UNSET },
    { "{\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}", "acl-on-new-objects", FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT },
    { "{\"aclOnNewObjects\":[\"inherit_acl_as_dest_folder\"]}", "acl-on-new-objects", FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER },
    { "{\"aclOnNewObjects\":null}", "acl-on-new-objects", FERRY_ACL_ON_NEW_UNSET },
    { "{\"aclOnNewObjects\":[]}", "acl-on-new-objects", FERRY_ACL_ON_NEW_UNSET },
    { "{\"translationAction\":\"existing\"}", "translation-action", FERRY_TRANSLATION_ACTION_EXISTING },
    { "{\"translationAction\":\"not_merged\"}", "translation-action", FERRY_TRANSLATION_ACTION_NOT_MERGED },
    { "{\"translationAction\":\"use_existing\"}", "translation-action", FERRY_TRANSLATION_ACTION_USE_EXISTING },
    { "{\"translationAction\":\"replace\"}", "translation-action", FERRY_TRANSLATION_ACTION_REPLACE },
    { "{\"translationAction\":\"force_replace\"}", "translation-action", FERRY_TRANSLATION_ACTION_FORCE_REPLACE },
    { "{\"validateDependencies\":true}", "validate-dependencies", TRUE },
    { "{\"validateDependencies\":false}", "validate-dependencies", FALSE },
    { "{\"validateDependencies\":false}", "has-validate-dependencies", TRUE },
    { "{}", "has-validate-dependencies", FALSE },
    { "{\"updateSchema\":[\"recal_table_logical_size\"]}", "update-schema-logical-size", TRUE },
    { "{\"updateSchema\":[\"recal_table_logical_size\"]}", "update-schema-keys-fact-entry-level", FALSE },
    { "{\"updateSchema\":[\"recal_table_keys_fact_entry_level\"]}", "update-schema-keys-fact-entry-level", TRUE },
    { "{\"updateSchema\":[\"update_schema_logical_info\"]}", "update-schema-logical-info", TRUE },
    { "{\"updateSchema\":[\"update_schema_logical_info\"]}", "update-schema-logical-size", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryTocSettings) s = settings_from_text (cases[i].json, FERRY_PACKAGE_TYPE_PROJECT);
      g_autoptr(JsonNode) in = parse (cases[i].json);
      g_autoptr(JsonNode) out = ferry_toc_settings_to_json (s);
      GValue value = G_VALUE_INIT;
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (s), cases[i].property);
      int got;

      g_test_message ("%s → %s", cases[i].json, cases[i].property);
      g_assert_nonnull (pspec);
      g_value_init (&value, pspec->value_type);
      g_object_get_property (G_OBJECT (s), cases[i].property, &value);
      got = G_VALUE_HOLDS_BOOLEAN (&value) ? g_value_get_boolean (&value) : g_value_get_enum (&value);
      g_value_unset (&value);
      g_assert_cmpint (got, ==, cases[i].value);
      assert_json_equal (in, out);
    }
}

static void
test_boolean_properties (void)
{
  struct {
    const char *property;
    const char *json_on;    /* the settings' JSON after setting it TRUE (defaults aside) */
  } cases[] = {
    { "update-schema-logical-size", "[\"recal_table_logical_size\"]" },
    { "update-schema-keys-fact-entry-level", "[\"recal_table_keys_fact_entry_level\"]" },
    { "update-schema-logical-info", "[\"update_schema_logical_info\"]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
      g_autoptr(JsonNode) before = ferry_toc_settings_to_json (s);
      g_autoptr(JsonNode) on = NULL;
      g_autoptr(JsonNode) off = NULL;
      g_autoptr(JsonNode) expected = parse (cases[i].json_on);

      /* a new settings object has no schema update: null */
      g_assert_true (JSON_NODE_HOLDS_NULL (get_path (before, "updateSchema")));
      g_object_set (s, cases[i].property, TRUE, NULL);
      on = ferry_toc_settings_to_json (s);
      assert_json_equal (expected, get_path (on, "updateSchema"));
      g_object_set (s, cases[i].property, FALSE, NULL);
      off = ferry_toc_settings_to_json (s);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (get_path (off, "updateSchema")));
      g_assert_cmpuint (json_array_get_length (json_node_get_array (get_path (off, "updateSchema"))), ==, 0);
    }

  /* all three, in the order they were ticked */
  {
    g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
    g_autoptr(JsonNode) out = NULL;
    g_autoptr(JsonNode) expected = parse ("[\"update_schema_logical_info\",\"recal_table_logical_size\","
                                          "\"recal_table_keys_fact_entry_level\"]");

    g_object_set (s, "update-schema-logical-info", TRUE, "update-schema-logical-size", TRUE,
                  "update-schema-keys-fact-entry-level", TRUE, NULL);
    out = ferry_toc_settings_to_json (s);
    assert_json_equal (expected, get_path (out, "updateSchema"));
  }

  /* validateDependencies: setting it makes it present; has = FALSE leaves it out */
  {
    g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
    g_autoptr(JsonNode) a = ferry_toc_settings_to_json (s);
    g_autoptr(JsonNode) b = NULL;
    g_autoptr(JsonNode) c = NULL;

    g_assert_null (get_path (a, "validateDependencies"));
    g_object_set (s, "validate-dependencies", TRUE, NULL);
    g_assert_true (ferry_toc_settings_get_has_validate_dependencies (s));
    b = ferry_toc_settings_to_json (s);
    g_assert_true (json_node_get_boolean (get_path (b, "validateDependencies")));
    g_object_set (s, "has-validate-dependencies", FALSE, NULL);
    c = ferry_toc_settings_to_json (s);
    g_assert_null (get_path (c, "validateDependencies"));
    g_object_set (s, "has-validate-dependencies", TRUE, NULL);
    g_clear_pointer (&c, json_node_unref);
    c = ferry_toc_settings_to_json (s);
    g_assert_true (json_node_get_boolean (get_path (c, "validateDependencies")));
  }
}

static void
test_rules_to_json (void)
{
  g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryFolderRule) folder = ferry_folder_rule_new ("AAAA0000AAAA0000AAAA0000AAAA0000",
                                                             FERRY_CONFLICT_ACTION_REPLACE);
  g_autoptr(FerryObjectTypeRule) all_reports = ferry_object_type_rule_new (3, 0, FERRY_CONFLICT_ACTION_USE_NEWER);
  g_autoptr(FerryObjectTypeRule) filters = ferry_object_type_rule_new (1, 256, FERRY_CONFLICT_ACTION_USE_OLDER);
  g_autoptr(FerryObjectRule) object = ferry_object_rule_new ("BBBB0000BBBB0000BBBB0000BBBB0000",
                                                             FERRY_CONFLICT_ACTION_DELETE);
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) expected = parse ("{"
    "\"folderActions\":[{\"id\":\"AAAA0000AAAA0000AAAA0000AAAA0000\",\"action\":\"replace\"}],"
    "\"objectTypeActions\":[{\"type\":3,\"action\":\"use_newer\"},{\"type\":1,\"subtype\":256,\"action\":\"use_older\"}],"
    "\"objectActions\":[{\"id\":\"BBBB0000BBBB0000BBBB0000BBBB0000\",\"action\":\"delete\"}]}");
  g_autoptr(FerryTocSettings) back = NULL;

  /* display-only fields never reach the JSON */
  ferry_folder_rule_set_folder_path (folder, "\\Public Objects\\Reports");
  ferry_object_rule_set_name (object, "Revenue");
  ferry_object_rule_set_object_type (object, 4);

  g_list_store_append (ferry_toc_settings_get_folder_rules (s), folder);
  g_list_store_append (ferry_toc_settings_get_object_type_rules (s), all_reports);
  g_list_store_append (ferry_toc_settings_get_object_type_rules (s), filters);
  g_list_store_append (ferry_toc_settings_get_object_rules (s), object);
  out = ferry_toc_settings_to_json (s);
  assert_json_equal (get_path (expected, "folderActions"), get_path (out, "folderActions"));
  assert_json_equal (get_path (expected, "objectTypeActions"), get_path (out, "objectTypeActions"));
  assert_json_equal (get_path (expected, "objectActions"), get_path (out, "objectActions"));

  /* and back into rule objects */
  back = ferry_toc_settings_new_from_json (json_node_get_object (out), FERRY_PACKAGE_TYPE_PROJECT, NULL);
  g_assert_nonnull (back);
  {
    g_autoptr(FerryObjectTypeRule) r0 = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (back)), 0);
    g_autoptr(FerryObjectTypeRule) r1 = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (back)), 1);
    g_autoptr(FerryObjectRule) o = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_object_rules (back)), 0);

    g_assert_cmpint (ferry_object_type_rule_get_object_type (r0), ==, 3);
    g_assert_cmpint (ferry_object_type_rule_get_subtype (r0), ==, 0);
    g_assert_cmpint (ferry_object_type_rule_get_action (r0), ==, FERRY_CONFLICT_ACTION_USE_NEWER);
    g_assert_cmpint (ferry_object_type_rule_get_subtype (r1), ==, 256);
    g_assert_cmpint (ferry_object_rule_get_action (o), ==, FERRY_CONFLICT_ACTION_DELETE);
  }

  /* an edit in place shows in the next JSON */
  ferry_object_type_rule_set_subtype (all_reports, 774);
  ferry_folder_rule_set_action (folder, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_clear_pointer (&out, json_node_unref);
  out = ferry_toc_settings_to_json (s);
  g_assert_cmpint (json_node_get_int (get_path (json_array_get_element (json_node_get_array (get_path (out, "objectTypeActions")), 0), "subtype")), ==, 774);
  g_assert_cmpstr (json_node_get_string (get_path (json_array_get_element (json_node_get_array (get_path (out, "folderActions")), 0), "action")), ==, "keep_both");
}

/* Absent, null, [], member order in arrays and members Ferry does not know
 * all survive a round trip. */
static void
test_round_trip_details (void)
{
  const char *texts[] = {
    "{}",
    "{\"updateSchema\":[]}",
    "{\"updateSchema\":null,\"aclOnNewObjects\":null,\"validateDependencies\":null,\"defaultAction\":null,"
    "\"folderActions\":null,\"objectTypeActions\":null,\"objectActions\":null,\"translationAction\":null}",
    "{\"updateSchema\":[\"update_schema_logical_info\",\"recal_table_logical_size\"]}",
    "{\"aclOnNewObjects\":[],\"folderActions\":[],\"objectTypeActions\":[],\"objectActions\":[]}",
    "{\"defaultAction\":\"use_newer\",\"futureSetting\":{\"a\":[1,2,3]},\"other\":\"x\"}",
    "{\"objectTypeActions\":[{\"type\":4,\"action\":\"replace\"},{\"type\":1,\"subtype\":-1,\"action\":\"replace\"},"
    "{\"type\":1,\"subtype\":0,\"action\":\"replace\"}]}",
    "{\"objectActions\":[{\"id\":\"X\",\"name\":\"Year\",\"type\":12,\"action\":\"replace\",\"note\":true}]}",
    "{\"folderActions\":[{\"id\":\"F\",\"action\":\"replace\",\"name\":\"Reports\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(FerryTocSettings) s = settings_from_text (texts[i], FERRY_PACKAGE_TYPE_PROJECT);
      g_autoptr(JsonNode) in = parse (texts[i]);
      g_autoptr(JsonNode) out = ferry_toc_settings_to_json (s);
      g_autoptr(FerryTocSettings) copy = ferry_toc_settings_copy (s);
      g_autoptr(JsonNode) copied = ferry_toc_settings_to_json (copy);

      g_test_message ("%s", texts[i]);
      assert_json_equal (in, out);
      assert_json_equal (in, copied);
    }

  /* a bare string for aclOnNewObjects is read, and written as the array */
  {
    g_autoptr(FerryTocSettings) s = settings_from_text ("{\"aclOnNewObjects\":\"inherit_acl_as_dest_folder\"}",
                                                       FERRY_PACKAGE_TYPE_PROJECT);
    g_autofree char *text = settings_text (s);

    g_assert_cmpstr (text, ==, "{\"aclOnNewObjects\":[\"inherit_acl_as_dest_folder\"]}");
  }

  /* the object rule's display name read from the JSON, edited, written */
  {
    g_autoptr(FerryTocSettings) s = settings_from_text ("{\"objectActions\":[{\"id\":\"X\",\"name\":\"Year\","
                                                       "\"type\":12,\"action\":\"replace\"}]}",
                                                       FERRY_PACKAGE_TYPE_PROJECT);
    g_autoptr(FerryObjectRule) rule = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_object_rules (s)), 0);
    g_autofree char *text = NULL;

    g_assert_cmpstr (ferry_object_rule_get_name (rule), ==, "Year");
    g_assert_cmpint (ferry_object_rule_get_object_type (rule), ==, 12);
    ferry_object_rule_set_name (rule, "Calendar Year");
    text = settings_text (s);
    g_assert_cmpstr (text, ==, "{\"objectActions\":[{\"id\":\"X\",\"name\":\"Calendar Year\",\"type\":12,\"action\":\"replace\"}]}");
  }

  /* a copy is independent */
  {
    g_autoptr(FerryTocSettings) s = settings_from_text ("{\"defaultAction\":\"replace\",\"folderActions\":"
                                                       "[{\"id\":\"F\",\"action\":\"replace\"}]}",
                                                       FERRY_PACKAGE_TYPE_CONFIGURATION);
    g_autoptr(FerryTocSettings) copy = ferry_toc_settings_copy (s);
    g_autoptr(FerryFolderRule) rule = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_folder_rules (copy)), 0);
    g_autofree char *text = NULL;

    g_assert_cmpint (ferry_toc_settings_get_package_type (copy), ==, FERRY_PACKAGE_TYPE_CONFIGURATION);
    ferry_folder_rule_set_action (rule, FERRY_CONFLICT_ACTION_DELETE);
    ferry_toc_settings_set_default_action (copy, FERRY_CONFLICT_ACTION_USE_OLDER);
    text = settings_text (s);
    g_assert_cmpstr (text, ==, "{\"defaultAction\":\"replace\",\"folderActions\":[{\"id\":\"F\",\"action\":\"replace\"}]}");
  }
}

/* ------------------------------------------------------------------------ */
/* Unknown values                                                            */
/* ------------------------------------------------------------------------ */

static void
test_unknown_values_refused (void)
{
  struct {
    const char *json;
    int         code;
    const char *message;
  } cases[] = {
    { "{\"defaultAction\":\"replace_all\"}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.defaultAction: 'replace_all' is not one of use_existing, replace, keep_both, use_newer, use_older, force_replace, delete" },
    { "{\"defaultAction\":\"force_keep_both\"}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.defaultAction: 'force_keep_both' is not one of use_existing, replace, keep_both, use_newer, use_older, force_replace, delete" },
    { "{\"defaultAction\":\"Replace\"}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.defaultAction: 'Replace' is not one of use_existing, replace, keep_both, use_newer, use_older, force_replace, delete" },
    { "{\"defaultAction\":3}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.defaultAction: expected a string, got a number" },
    { "{\"aclOnReplacingObjects\":\"use_newer\"}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.aclOnReplacingObjects: 'use_newer' is not one of use_existing, replace, keep_both" },
    { "{\"aclOnNewObjects\":[\"inherit\"]}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.aclOnNewObjects[0]: 'inherit' is not one of keep_acl_as_source_object, inherit_acl_as_dest_folder" },
    { "{\"aclOnNewObjects\":[\"keep_acl_as_source_object\",\"inherit_acl_as_dest_folder\"]}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.aclOnNewObjects: holds both keep_acl_as_source_object and inherit_acl_as_dest_folder; give only one" },
    { "{\"aclOnNewObjects\":{}}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.aclOnNewObjects: expected an array or null, got an object" },
    { "{\"updateSchema\":[\"recal_table_logical_size\",\"reload\"]}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.updateSchema[1]: 'reload' is not one of recal_table_logical_size, recal_table_keys_fact_entry_level, update_schema_logical_info" },
    { "{\"updateSchema\":\"recal_table_logical_size\"}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.updateSchema: expected an array or null, got a string" },
    { "{\"validateDependencies\":\"true\"}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.validateDependencies: expected a boolean, got a string" },
    { "{\"translationAction\":\"merge\"}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.translationAction: 'merge' is not one of existing, not_merged, use_existing, replace, force_replace" },
    { "{\"folderActions\":[{\"id\":\"F\",\"action\":\"replace\"},{\"id\":\"G\",\"action\":\"skip\"}]}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.folderActions[1].action: 'skip' is not one of use_existing, replace, keep_both, use_newer, use_older, force_replace, delete" },
    { "{\"folderActions\":[{\"action\":\"replace\"}]}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.folderActions[0].id: expected a string, got nothing" },
    { "{\"folderActions\":{\"id\":\"F\",\"action\":\"replace\"}}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.folderActions: expected an array, got an object" },
    { "{\"objectTypeActions\":[{\"type\":\"1\",\"action\":\"replace\"}]}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.objectTypeActions[0].type: expected an integer, got a string" },
    { "{\"objectTypeActions\":[{\"type\":1,\"subtype\":256.5,\"action\":\"replace\"}]}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.objectTypeActions[0].subtype: expected an integer, got a number" },
    { "{\"objectTypeActions\":[{\"type\":1,\"subtype\":256}]}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.objectTypeActions[0].action: expected a string, got nothing" },
    { "{\"objectActions\":[7]}", FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
      "settings.objectActions[0]: expected an object, got a number" },
    { "{\"objectActions\":[{\"id\":\"X\",\"action\":\"use_existing\"},{\"id\":\"Y\",\"action\":\"KEEP_BOTH\"}]}", FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
      "settings.objectActions[1].action: 'KEEP_BOTH' is not one of use_existing, replace, keep_both, use_newer, use_older, force_replace, delete" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryTocSettings) s = NULL;
      g_autoptr(FerryTocSettings) existing = settings_from_text ("{\"defaultAction\":\"use_older\","
                                                                "\"folderActions\":[{\"id\":\"A\",\"action\":\"replace\"}]}",
                                                                FERRY_PACKAGE_TYPE_PROJECT);
      g_autofree char *before = settings_text (existing);
      g_autofree char *after = NULL;
      Counter counter = { 0 };

      g_test_message ("%s", cases[i].json);
      s = ferry_toc_settings_new_from_json (json_node_get_object (node), FERRY_PACKAGE_TYPE_PROJECT, &error);
      g_assert_null (s);
      g_assert_error (error, FERRY_TOC_SETTINGS_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_clear_error (&error);

      /* a refused load leaves existing settings as they were, silently */
      counter_watch (&counter, existing);
      g_assert_false (ferry_toc_settings_load_json (existing, json_node_get_object (node), &error));
      g_assert_error (error, FERRY_TOC_SETTINGS_ERROR, cases[i].code);
      after = settings_text (existing);
      g_assert_cmpstr (before, ==, after);
      g_assert_cmpuint (counter.changed, ==, 0);
      g_assert_cmpuint (g_hash_table_size (counter.notified), ==, 0);
      counter_unwatch (&counter, existing);
    }
}

/* ------------------------------------------------------------------------ */
/* Validation                                                                */
/* ------------------------------------------------------------------------ */

#define MSG_SCHEMA    "Schema updates apply only to project packages"
#define MSG_ACL       "ACL on replacing objects does not apply to project security packages"
#define MSG_RULES     "Folder, object-type and object rules apply only to project merges"
#define MSG_TRANSLATE "The translation action applies only to project merges"
#define MSG_MERGE     "A project merge always uses a project package"

static void
assert_messages (FerryTocSettings   *s,
                 const char * const *expected)
{
  g_autoptr(GPtrArray) messages = NULL;
  const char * const *property = ferry_toc_settings_get_validation_messages (s);
  gboolean ok = ferry_toc_settings_validate (s, &messages);

  g_assert_cmpint (ok, ==, expected[0] == NULL);
  g_assert_cmpuint (messages->len, ==, g_strv_length ((char **) expected));
  g_assert_cmpuint (g_strv_length ((char **) property), ==, messages->len);
  for (guint i = 0; i < messages->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (messages, i), ==, expected[i]);
      g_assert_cmpstr (property[i], ==, expected[i]);
    }
}

static void
test_validation_per_package_type (void)
{
  /* Defaults are valid for every package type. */
  for (FerryPackageType t = FERRY_PACKAGE_TYPE_PROJECT; t <= FERRY_PACKAGE_TYPE_PROJECT_SECURITY; t++)
    {
      g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (t);
      const char *none[] = { NULL };

      assert_messages (s, none);
      g_assert_cmpint (ferry_toc_settings_get_acl_on_replacing_objects (s), ==,
                       t == FERRY_PACKAGE_TYPE_PROJECT_SECURITY ? FERRY_ACL_ON_REPLACING_UNSET
                                                                : FERRY_ACL_ON_REPLACING_USE_EXISTING);
    }

  /* Schema updates: project only. */
  {
    g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
    const char *none[] = { NULL };
    const char *schema[] = { MSG_SCHEMA, NULL };
    const char *both[] = { MSG_SCHEMA, MSG_ACL, NULL };
    Counter counter = { 0 };

    ferry_toc_settings_set_update_schema_logical_info (s, TRUE);
    assert_messages (s, none);
    counter_watch (&counter, s);
    ferry_toc_settings_set_package_type (s, FERRY_PACKAGE_TYPE_CONFIGURATION);
    assert_messages (s, schema);
    g_assert_cmpuint (counter_notified (&counter, "validation-messages"), ==, 1);
    g_assert_true (messages_contain (s, MSG_SCHEMA));
    ferry_toc_settings_set_package_type (s, FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
    ferry_toc_settings_set_acl_on_replacing_objects (s, FERRY_ACL_ON_REPLACING_REPLACE);
    assert_messages (s, both);
    /* null ACL and no schema flags: fine again */
    counter_reset (&counter);
    ferry_toc_settings_set_acl_on_replacing_objects (s, FERRY_ACL_ON_REPLACING_UNSET);
    ferry_toc_settings_set_update_schema_logical_info (s, FALSE);
    assert_messages (s, none);
    g_assert_cmpuint (counter_notified (&counter, "validation-messages"), ==, 2);
    counter_unwatch (&counter, s);
  }

  /* ACL on replacing objects applies to configuration packages. */
  {
    g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_CONFIGURATION);
    const char *none[] = { NULL };

    ferry_toc_settings_set_acl_on_replacing_objects (s, FERRY_ACL_ON_REPLACING_KEEP_BOTH);
    assert_messages (s, none);
  }

  /* Rules and the translation action: project merges only. */
  {
    g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
    g_autoptr(FerryObjectRule) rule = ferry_object_rule_new ("X", FERRY_CONFLICT_ACTION_REPLACE);
    const char *none[] = { NULL };
    const char *rules[] = { MSG_RULES, NULL };
    const char *rules_translation[] = { MSG_RULES, MSG_TRANSLATE, NULL };
    const char *merge[] = { MSG_MERGE, MSG_SCHEMA, NULL };

    g_list_store_append (ferry_toc_settings_get_object_rules (s), rule);
    assert_messages (s, rules);
    ferry_toc_settings_set_translation_action (s, FERRY_TRANSLATION_ACTION_EXISTING);
    assert_messages (s, rules_translation);
    ferry_toc_settings_set_project_merge (s, TRUE);
    assert_messages (s, none);

    /* a project merge of another package type */
    ferry_toc_settings_set_update_schema_logical_size (s, TRUE);
    ferry_toc_settings_set_package_type (s, FERRY_PACKAGE_TYPE_CONFIGURATION);
    assert_messages (s, merge);
  }

  /* Rule lists themselves: missing ids, duplicates, subtypes of another type. */
  {
    g_autoptr(FerryTocSettings) s = settings_from_text (
      "{\"folderActions\":[{\"id\":\"F1\",\"action\":\"replace\"},{\"id\":\"f1\",\"action\":\"delete\"},"
      "{\"id\":\"\",\"action\":\"replace\"}],"
      "\"objectTypeActions\":[{\"type\":1,\"subtype\":256,\"action\":\"replace\"},{\"type\":1,\"subtype\":3072,\"action\":\"replace\"},"
      "{\"type\":3,\"action\":\"replace\"},{\"type\":3,\"subtype\":0,\"action\":\"delete\"},{\"type\":1,\"subtype\":256,\"action\":\"delete\"}],"
      "\"objectActions\":[{\"id\":\"O\",\"action\":\"replace\"},{\"id\":\"O\",\"action\":\"delete\"}]}",
      FERRY_PACKAGE_TYPE_PROJECT);
    const char *expected[] = {
      "Folder f1 has more than one folder rule; only the first applies",
      "Folder rule 3 names no folder",
      "Object O has more than one object rule; only the first applies",
      "Object-type rule 2: subtype 3072 is not a subtype of type 1 (Filter)",
      "Type 3 (Report) has more than one object-type rule for all its subtypes; only the first applies",
      "Type 1 (Filter), subtype 256 has more than one object-type rule; only the first applies",
      NULL
    };

    ferry_toc_settings_set_project_merge (s, TRUE);
    assert_messages (s, expected);
  }
}

/* ------------------------------------------------------------------------ */
/* undo-possible, "changed", notifications                                   */
/* ------------------------------------------------------------------------ */

/* The one keep_both rule: the action predicate, the JSON TOC form, and the
 * settings model agree. */
static void
test_keep_both_blocks_undo (void)
{
  static const struct { const char *json; gboolean blocks; } cases[] = {
    { "{}", FALSE },
    { "{\"settings\": {\"defaultAction\": \"replace\"}, \"content\": []}", FALSE },
    { "{\"settings\": {\"defaultAction\": \"keep_both\"}}", TRUE },
    { "{\"settings\": {\"defaultAction\": \"force_keep_both\"}}", TRUE },
    { "{\"settings\": {\"folderActions\": [{\"id\": \"F\", \"action\": \"keep_both\"}]}}", TRUE },
    { "{\"settings\": {\"objectTypeActions\": [{\"type\": 3, \"action\": \"use_newer\"},"
      " {\"type\": 4, \"action\": \"keep_both\"}]}}", TRUE },
    { "{\"settings\": {\"objectActions\": [{\"id\": \"O\", \"action\": \"force_keep_both\"}]}}", TRUE },
    { "{\"settings\": {\"objectActions\": [{\"id\": \"O\", \"action\": \"replace\"}]},"
      " \"content\": [{\"id\": \"A\", \"action\": \"keep_both\"}]}", TRUE },
    { "{\"content\": [{\"id\": \"A\", \"action\": \"use_existing\"}, {\"id\": \"B\"}, 3]}", FALSE },
    /* members of the wrong type are ignored, not trusted */
    { "{\"settings\": {\"defaultAction\": 2, \"folderActions\": {\"action\": \"keep_both\"}},"
      " \"content\": \"keep_both\"}", FALSE },
    { "{\"settings\": null, \"content\": [{\"action\": \"KEEP_BOTH\"}]}", TRUE },
  };

  g_assert_false (ferry_toc_json_blocks_undo (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = parse (cases[i].json);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_cmpint (ferry_toc_json_blocks_undo (json_node_get_object (node)), ==, cases[i].blocks);
    }

  /* the predicate over every action Ferry models, and the names */
  for (FerryConflictAction a = FERRY_CONFLICT_ACTION_USE_EXISTING; a <= FERRY_CONFLICT_ACTION_DELETE; a++)
    g_assert_cmpint (ferry_conflict_action_blocks_undo (a), ==, a == FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_true (ferry_conflict_action_name_blocks_undo ("keep_both"));
  g_assert_true (ferry_conflict_action_name_blocks_undo ("force_keep_both"));
  g_assert_false (ferry_conflict_action_name_blocks_undo ("force_replace"));
  g_assert_false (ferry_conflict_action_name_blocks_undo (NULL));

  /* the settings model says the same as the JSON it writes, for each place */
  for (guint place = 0; place < 5; place++)
    {
      g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
      g_autoptr(JsonNode) settings = NULL;
      g_autoptr(JsonObject) toc = json_object_new ();
      g_autoptr(FerryFolderRule) folder = ferry_folder_rule_new ("F", FERRY_CONFLICT_ACTION_REPLACE);
      g_autoptr(FerryObjectTypeRule) type = ferry_object_type_rule_new (4, 0, FERRY_CONFLICT_ACTION_REPLACE);
      g_autoptr(FerryObjectRule) object = ferry_object_rule_new ("O", FERRY_CONFLICT_ACTION_REPLACE);

      ferry_toc_settings_set_project_merge (s, TRUE);
      g_list_store_append (ferry_toc_settings_get_folder_rules (s), folder);
      g_list_store_append (ferry_toc_settings_get_object_type_rules (s), type);
      g_list_store_append (ferry_toc_settings_get_object_rules (s), object);
      switch (place)
        {
        case 0: ferry_toc_settings_set_default_action (s, FERRY_CONFLICT_ACTION_KEEP_BOTH); break;
        case 1: ferry_folder_rule_set_action (folder, FERRY_CONFLICT_ACTION_KEEP_BOTH); break;
        case 2: ferry_object_type_rule_set_action (type, FERRY_CONFLICT_ACTION_KEEP_BOTH); break;
        case 3: ferry_toc_rule_set_action (FERRY_TOC_RULE (object), FERRY_CONFLICT_ACTION_KEEP_BOTH); break;
        default: break;   /* nowhere */
        }
      settings = ferry_toc_settings_to_json (s);
      json_object_set_member (toc, "settings", json_node_ref (settings));
      g_assert_cmpint (ferry_toc_json_blocks_undo (toc), ==, place < 4);
      g_assert_cmpint (ferry_toc_settings_get_undo_possible (s), ==, place >= 4);
      g_assert_cmpint (ferry_toc_rule_blocks_undo (FERRY_TOC_RULE (object)), ==, place == 3);
    }
}

/* The three rule kinds share one base: "action" is the base's property,
 * JSON in and out and copies go through it. */
static void
test_rule_base_class (void)
{
  g_autoptr(JsonNode) node = parse ("{\"id\": \"O\", \"name\": \"Sales\", \"action\": \"use_newer\","
                                    " \"extra\": {\"deep\": [1, 2]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryTocRule) rule = NULL;
  g_autoptr(FerryTocRule) copy = NULL;
  g_autoptr(JsonNode) copy_json = NULL;
  g_autoptr(JsonNode) bad = parse ("{\"id\": \"O\", \"action\": \"sometimes\"}");
  FerryConflictAction action = FERRY_CONFLICT_ACTION_DELETE;

  g_assert_true (G_TYPE_IS_ABSTRACT (FERRY_TYPE_TOC_RULE));
  g_assert_true (g_type_is_a (FERRY_TYPE_FOLDER_RULE, FERRY_TYPE_TOC_RULE));
  g_assert_true (g_type_is_a (FERRY_TYPE_OBJECT_TYPE_RULE, FERRY_TYPE_TOC_RULE));
  g_assert_true (g_type_is_a (FERRY_TYPE_OBJECT_RULE, FERRY_TYPE_TOC_RULE));

  rule = ferry_toc_rule_new_from_json (FERRY_TYPE_OBJECT_RULE, node, "rule", &error);
  g_assert_no_error (error);
  g_assert_true (FERRY_IS_OBJECT_RULE (rule));
  g_assert_cmpstr (ferry_object_rule_get_name (FERRY_OBJECT_RULE (rule)), ==, "Sales");
  g_object_get (rule, "action", &action, NULL);
  g_assert_cmpint (action, ==, FERRY_CONFLICT_ACTION_USE_NEWER);
  g_assert_cmpint (ferry_object_rule_get_action (FERRY_OBJECT_RULE (rule)), ==, FERRY_CONFLICT_ACTION_USE_NEWER);

  /* a copy is independent, down to the members Ferry does not model */
  copy = ferry_toc_rule_copy (rule);
  g_assert_true (FERRY_IS_OBJECT_RULE (copy));
  ferry_toc_rule_set_action (copy, FERRY_CONFLICT_ACTION_REPLACE);
  g_assert_cmpint (ferry_toc_rule_get_action (rule), ==, FERRY_CONFLICT_ACTION_USE_NEWER);
  copy_json = ferry_toc_rule_to_json (copy);
  json_array_add_int_element (json_object_get_array_member (json_object_get_object_member (
    json_node_get_object (copy_json), "extra"), "deep"), 3);
  {
    g_autoptr(JsonNode) again = ferry_toc_rule_to_json (rule);

    assert_json_equal (node, again);
  }

  g_assert_null (ferry_toc_rule_new_from_json (FERRY_TYPE_FOLDER_RULE, bad, "settings.folderActions[0]", &error));
  g_assert_error (error, FERRY_TOC_SETTINGS_ERROR, FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "settings.folderActions[0].action"));
}

/* What does not apply to the package type or the kind of migration:
 * found, and turned off, by the model (the editor's "Clear" button). */
static void
test_clear_inapplicable (void)
{
  g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryFolderRule) folder = ferry_folder_rule_new ("F", FERRY_CONFLICT_ACTION_REPLACE);
  g_autoptr(GPtrArray) messages = NULL;

  /* a project merge with rules, schema updates, a translation action: all apply */
  ferry_toc_settings_set_project_merge (s, TRUE);
  g_list_store_append (ferry_toc_settings_get_folder_rules (s), folder);
  ferry_toc_settings_set_update_schema_logical_info (s, TRUE);
  ferry_toc_settings_set_translation_action (s, FERRY_TRANSLATION_ACTION_REPLACE);
  g_assert_false (ferry_toc_settings_has_inapplicable (s));
  ferry_toc_settings_clear_inapplicable (s);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_folder_rules (s))), ==, 1);
  g_assert_true (ferry_toc_settings_get_update_schema_logical_info (s));
  g_assert_cmpint (ferry_toc_settings_get_translation_action (s), ==, FERRY_TRANSLATION_ACTION_REPLACE);

  /* no merge: the rules and the translation action do not apply */
  ferry_toc_settings_set_project_merge (s, FALSE);
  g_assert_true (ferry_toc_settings_has_inapplicable (s));
  ferry_toc_settings_clear_inapplicable (s);
  g_assert_false (ferry_toc_settings_has_inapplicable (s));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_toc_settings_get_folder_rules (s))), ==, 0);
  g_assert_cmpint (ferry_toc_settings_get_translation_action (s), ==, FERRY_TRANSLATION_ACTION_UNSET);
  g_assert_true (ferry_toc_settings_get_update_schema_logical_info (s));

  /* a project security package: no schema updates, no ACL on replacing */
  ferry_toc_settings_set_package_type (s, FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
  ferry_toc_settings_set_acl_on_replacing_objects (s, FERRY_ACL_ON_REPLACING_REPLACE);
  g_assert_true (ferry_toc_settings_has_inapplicable (s));
  ferry_toc_settings_clear_inapplicable (s);
  g_assert_false (ferry_toc_settings_has_inapplicable (s));
  g_assert_false (ferry_toc_settings_get_update_schema_logical_info (s));
  g_assert_cmpint (ferry_toc_settings_get_acl_on_replacing_objects (s), ==, FERRY_ACL_ON_REPLACING_UNSET);
  g_assert_true (ferry_toc_settings_validate (s, &messages));
  g_assert_cmpuint (messages->len, ==, 0);

  /* a configuration package keeps its ACL on replacing */
  ferry_toc_settings_set_package_type (s, FERRY_PACKAGE_TYPE_CONFIGURATION);
  ferry_toc_settings_set_acl_on_replacing_objects (s, FERRY_ACL_ON_REPLACING_KEEP_BOTH);
  ferry_toc_settings_set_update_schema_logical_size (s, TRUE);
  g_assert_true (ferry_toc_settings_has_inapplicable (s));
  ferry_toc_settings_clear_inapplicable (s);
  g_assert_false (ferry_toc_settings_get_update_schema_logical_size (s));
  g_assert_cmpint (ferry_toc_settings_get_acl_on_replacing_objects (s), ==, FERRY_ACL_ON_REPLACING_KEEP_BOTH);
}

static void
test_undo_possible (void)
{
  g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  Counter counter = { 0 };
  g_autoptr(FerryFolderRule) folder = ferry_folder_rule_new ("F", FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_autoptr(FerryObjectTypeRule) type = ferry_object_type_rule_new (4, 1024, FERRY_CONFLICT_ACTION_REPLACE);
  g_autoptr(FerryObjectRule) object = ferry_object_rule_new ("O", FERRY_CONFLICT_ACTION_USE_NEWER);
  gboolean undo = FALSE;

  counter_watch (&counter, s);
  g_object_get (s, "undo-possible", &undo, NULL);
  g_assert_true (undo);

  /* default action */
  ferry_toc_settings_set_default_action (s, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_false (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 1);
  ferry_toc_settings_set_default_action (s, FERRY_CONFLICT_ACTION_REPLACE);
  g_assert_true (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 2);

  /* a folder rule added with keep_both, then removed */
  counter_reset (&counter);
  g_list_store_append (ferry_toc_settings_get_folder_rules (s), folder);
  g_assert_false (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 1);
  g_list_store_remove (ferry_toc_settings_get_folder_rules (s), 0);
  g_assert_true (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 2);

  /* an object-type rule edited to keep_both in place, and back */
  counter_reset (&counter);
  g_list_store_append (ferry_toc_settings_get_object_type_rules (s), type);
  g_assert_true (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 0);
  ferry_object_type_rule_set_action (type, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_false (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 1);
  ferry_object_type_rule_set_action (type, FERRY_CONFLICT_ACTION_USE_OLDER);
  g_assert_true (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 2);

  /* an object rule edited to keep_both, then removed while keep_both */
  counter_reset (&counter);
  g_list_store_append (ferry_toc_settings_get_object_rules (s), object);
  ferry_object_rule_set_action (object, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_false (ferry_toc_settings_get_undo_possible (s));
  g_list_store_remove_all (ferry_toc_settings_get_object_rules (s));
  g_assert_true (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 2);

  /* two keep_both places: removing one keeps undo impossible (no notify) */
  counter_reset (&counter);
  ferry_folder_rule_set_action (folder, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_list_store_append (ferry_toc_settings_get_folder_rules (s), folder);
  ferry_toc_settings_set_default_action (s, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 1);
  ferry_toc_settings_set_default_action (s, FERRY_CONFLICT_ACTION_DELETE);
  g_assert_false (ferry_toc_settings_get_undo_possible (s));
  g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 1);

  /* a load that brings keep_both in, then one that takes it out */
  counter_reset (&counter);
  {
    g_autoptr(JsonNode) with = parse ("{\"objectTypeActions\":[{\"type\":1,\"action\":\"keep_both\"}]}");
    g_autoptr(JsonNode) without = parse ("{\"defaultAction\":\"keep_both\"}");
    g_autoptr(JsonNode) none = parse ("{\"defaultAction\":\"replace\"}");

    g_assert_true (ferry_toc_settings_load_json (s, json_node_get_object (none), NULL));
    g_assert_true (ferry_toc_settings_get_undo_possible (s));
    g_assert_true (ferry_toc_settings_load_json (s, json_node_get_object (with), NULL));
    g_assert_false (ferry_toc_settings_get_undo_possible (s));
    g_assert_true (ferry_toc_settings_load_json (s, json_node_get_object (without), NULL));
    g_assert_false (ferry_toc_settings_get_undo_possible (s));
    g_assert_true (ferry_toc_settings_load_json (s, json_node_get_object (none), NULL));
    g_assert_true (ferry_toc_settings_get_undo_possible (s));
    g_assert_cmpuint (counter_notified (&counter, "undo-possible"), ==, 3);
  }

  /* ACL keep_both is not a conflict rule */
  ferry_toc_settings_set_acl_on_replacing_objects (s, FERRY_ACL_ON_REPLACING_KEEP_BOTH);
  g_assert_true (ferry_toc_settings_get_undo_possible (s));
  counter_unwatch (&counter, s);
}

static void
test_changed_signal (void)
{
  g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryFolderRule) folder = ferry_folder_rule_new ("F", FERRY_CONFLICT_ACTION_REPLACE);
  g_autoptr(FerryObjectTypeRule) type = ferry_object_type_rule_new (1, 0, FERRY_CONFLICT_ACTION_REPLACE);
  g_autoptr(FerryObjectRule) object = ferry_object_rule_new ("O", FERRY_CONFLICT_ACTION_REPLACE);
  g_autoptr(JsonNode) sample = load_fixture ("merge-create-request.json");
  Counter counter = { 0 };

  counter_watch (&counter, s);

  /* a property: one "changed"; the same value again: nothing */
  ferry_toc_settings_set_default_action (s, FERRY_CONFLICT_ACTION_USE_NEWER);
  g_assert_cmpuint (counter.changed, ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "default-action"), ==, 1);
  g_object_set (s, "default-action", FERRY_CONFLICT_ACTION_USE_NEWER, NULL);
  g_assert_cmpuint (counter.changed, ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "default-action"), ==, 1);

  /* each rule list: add, edit each property, remove */
  counter_reset (&counter);
  g_list_store_append (ferry_toc_settings_get_folder_rules (s), folder);
  g_assert_cmpuint (counter.changed, ==, 1);
  ferry_folder_rule_set_folder_id (folder, "G");
  ferry_folder_rule_set_folder_path (folder, "\\Public Objects");
  ferry_folder_rule_set_action (folder, FERRY_CONFLICT_ACTION_USE_OLDER);
  g_assert_cmpuint (counter.changed, ==, 4);
  ferry_folder_rule_set_action (folder, FERRY_CONFLICT_ACTION_USE_OLDER);  /* no change */
  g_assert_cmpuint (counter.changed, ==, 4);

  counter_reset (&counter);
  g_list_store_append (ferry_toc_settings_get_object_type_rules (s), type);
  g_object_set (type, "object-type", 3, "subtype", 774, "action", FERRY_CONFLICT_ACTION_DELETE, NULL);
  g_assert_cmpuint (counter.changed, ==, 4);

  counter_reset (&counter);
  g_list_store_append (ferry_toc_settings_get_object_rules (s), object);
  g_object_set (object, "object-id", "P", "name", "Revenue", "object-type", 4,
                "action", FERRY_CONFLICT_ACTION_FORCE_REPLACE, NULL);
  g_assert_cmpuint (counter.changed, ==, 5);

  /* removed rules are no longer watched */
  counter_reset (&counter);
  g_list_store_remove (ferry_toc_settings_get_folder_rules (s), 0);
  g_list_store_remove (ferry_toc_settings_get_object_type_rules (s), 0);
  g_list_store_remove (ferry_toc_settings_get_object_rules (s), 0);
  g_assert_cmpuint (counter.changed, ==, 3);
  ferry_folder_rule_set_action (folder, FERRY_CONFLICT_ACTION_DELETE);
  ferry_object_type_rule_set_action (type, FERRY_CONFLICT_ACTION_REPLACE);
  ferry_object_rule_set_action (object, FERRY_CONFLICT_ACTION_REPLACE);
  g_assert_cmpuint (counter.changed, ==, 3);

  /* a rule in the middle of a list, replaced by splice: the mirror follows */
  counter_reset (&counter);
  {
    g_autoptr(FerryFolderRule) a = ferry_folder_rule_new ("A", FERRY_CONFLICT_ACTION_REPLACE);
    g_autoptr(FerryFolderRule) b = ferry_folder_rule_new ("B", FERRY_CONFLICT_ACTION_REPLACE);
    g_autoptr(FerryFolderRule) c = ferry_folder_rule_new ("C", FERRY_CONFLICT_ACTION_REPLACE);
    gpointer replacement[] = { c };
    g_autofree char *text = NULL;

    g_list_store_append (ferry_toc_settings_get_folder_rules (s), a);
    g_list_store_append (ferry_toc_settings_get_folder_rules (s), b);
    g_list_store_splice (ferry_toc_settings_get_folder_rules (s), 0, 1, replacement, 1);
    g_assert_cmpuint (counter.changed, ==, 3);
    ferry_folder_rule_set_action (a, FERRY_CONFLICT_ACTION_DELETE);   /* gone: silent */
    g_assert_cmpuint (counter.changed, ==, 3);
    ferry_folder_rule_set_action (c, FERRY_CONFLICT_ACTION_DELETE);
    ferry_folder_rule_set_action (b, FERRY_CONFLICT_ACTION_DELETE);
    g_assert_cmpuint (counter.changed, ==, 5);
    text = settings_text (s);
    g_assert_nonnull (strstr (text, "\"folderActions\":[{\"id\":\"C\",\"action\":\"delete\"},{\"id\":\"B\",\"action\":\"delete\"}]"));
  }

  /* a load: exactly one "changed", and notifications for what changed */
  counter_reset (&counter);
  g_assert_true (ferry_toc_settings_load_json (s, json_node_get_object (get_path (sample, "packageInfo.tocView.settings")), NULL));
  g_assert_cmpuint (counter.changed, ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "default-action"), ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "translation-action"), ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "update-schema-logical-info"), ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "validate-dependencies"), ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "has-validate-dependencies"), ==, 1);
  g_assert_cmpuint (counter_notified (&counter, "acl-on-new-objects"), ==, 0);  /* unchanged */
  g_assert_cmpuint (counter_notified (&counter, "package-type"), ==, 0);

  /* rules that arrived with a load are watched */
  counter_reset (&counter);
  {
    g_autoptr(FerryObjectRule) loaded = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_object_rules (s)), 0);

    ferry_object_rule_set_action (loaded, FERRY_CONFLICT_ACTION_KEEP_BOTH);
    g_assert_cmpuint (counter.changed, ==, 1);
    g_assert_false (ferry_toc_settings_get_undo_possible (s));
  }

  counter_unwatch (&counter, s);
}

/* Every writable property notifies once per real change, never on a set to
 * the same value (G_PARAM_EXPLICIT_NOTIFY). */
static void
test_notify_only_on_change (void)
{
  g_autoptr(FerryTocSettings) s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  guint n_pspecs = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (s), &n_pspecs);
  Counter counter = { 0 };
  guint checked = 0;

  counter_watch (&counter, s);
  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      GValue value = G_VALUE_INIT;

      if (!(pspec->flags & G_PARAM_WRITABLE))
        continue;
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_value_init (&value, pspec->value_type);
      g_object_get_property (G_OBJECT (s), pspec->name, &value);

      counter_reset (&counter);
      g_object_set_property (G_OBJECT (s), pspec->name, &value);
      g_assert_cmpuint (counter_notified (&counter, pspec->name), ==, 0);
      g_assert_cmpuint (counter.changed, ==, 0);

      if (G_VALUE_HOLDS_BOOLEAN (&value))
        g_value_set_boolean (&value, !g_value_get_boolean (&value));
      else if (G_VALUE_HOLDS_ENUM (&value))
        g_value_set_enum (&value, g_value_get_enum (&value) == 0 ? 1 : 0);
      else
        g_assert_not_reached ();
      g_object_set_property (G_OBJECT (s), pspec->name, &value);
      g_assert_cmpuint (counter_notified (&counter, pspec->name), ==, 1);
      g_assert_cmpuint (counter.changed, ==, 1);
      g_value_unset (&value);
      checked++;
    }
  g_assert_cmpuint (checked, ==, 11);
  counter_unwatch (&counter, s);

  /* the rule objects too */
  {
    GObject *rules[] = {
      G_OBJECT (ferry_folder_rule_new ("F", FERRY_CONFLICT_ACTION_REPLACE)),
      G_OBJECT (ferry_object_type_rule_new (1, 256, FERRY_CONFLICT_ACTION_REPLACE)),
      G_OBJECT (ferry_object_rule_new ("O", FERRY_CONFLICT_ACTION_REPLACE)),
    };

    for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
      {
        guint n = 0;
        g_autofree GParamSpec **rule_pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (rules[r]), &n);

        for (guint i = 0; i < n; i++)
          {
            Counter rc = { 0 };
            GValue value = G_VALUE_INIT;

            g_assert_true (rule_pspecs[i]->flags & G_PARAM_EXPLICIT_NOTIFY);
            rc.notified = g_hash_table_new (g_str_hash, g_str_equal);
            g_signal_connect (rules[r], "notify", G_CALLBACK (notify_cb), &rc);
            g_value_init (&value, rule_pspecs[i]->value_type);
            g_object_get_property (rules[r], rule_pspecs[i]->name, &value);
            g_object_set_property (rules[r], rule_pspecs[i]->name, &value);
            g_assert_cmpuint (counter_notified (&rc, rule_pspecs[i]->name), ==, 0);
            if (G_VALUE_HOLDS_STRING (&value))
              g_value_set_string (&value, "Z");
            else if (G_VALUE_HOLDS_INT (&value))
              g_value_set_int (&value, g_value_get_int (&value) + 1);
            else
              g_value_set_enum (&value, FERRY_CONFLICT_ACTION_DELETE);
            g_object_set_property (rules[r], rule_pspecs[i]->name, &value);
            g_assert_cmpuint (counter_notified (&rc, rule_pspecs[i]->name), ==, 1);
            g_value_unset (&value);
            g_signal_handlers_disconnect_by_data (rules[r], &rc);
            g_hash_table_unref (rc.notified);
          }
        g_assert_finalize_object (rules[r]);
      }
  }
}

/* The rule stores may outlive the settings (a list view holding one). */
static void
test_lifetime (void)
{
  FerryTocSettings *s = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(GListStore) store = g_object_ref (ferry_toc_settings_get_folder_rules (s));
  g_autoptr(FerryFolderRule) rule = ferry_folder_rule_new ("F", FERRY_CONFLICT_ACTION_REPLACE);

  g_list_store_append (store, rule);
  g_assert_finalize_object (s);
  /* no handler of the dead settings may run */
  ferry_folder_rule_set_action (rule, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_list_store_remove_all (store);
  g_list_store_append (store, rule);
}

static void
test_enum_types (void)
{
  struct {
    GType       type;
    const char *nicks;
  } cases[] = {
    { FERRY_TYPE_PACKAGE_TYPE, "project configuration project_security" },
    { FERRY_TYPE_CONFLICT_ACTION, "use_existing replace keep_both use_newer use_older force_replace delete" },
    { FERRY_TYPE_ACL_ON_REPLACING, "unset use_existing replace keep_both" },
    { FERRY_TYPE_ACL_ON_NEW, "unset keep_acl_as_source_object inherit_acl_as_dest_folder" },
    { FERRY_TYPE_TRANSLATION_ACTION, "unset existing not_merged use_existing replace force_replace" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GEnumClass) klass = NULL;
      g_autoptr(GString) nicks = g_string_new (NULL);

      g_assert_true (G_TYPE_IS_ENUM (cases[i].type));
      klass = g_type_class_ref (cases[i].type);
      for (guint v = 0; v < klass->n_values; v++)
        {
          g_assert_cmpint (klass->values[v].value, ==, (int) v);
          g_string_append_printf (nicks, "%s%s", v ? " " : "", klass->values[v].value_nick);
        }
      g_assert_cmpstr (nicks->str, ==, cases[i].nicks);
    }

  {
    FerryConflictAction action;
    FerryPackageType type;

    g_assert_true (ferry_conflict_action_from_string ("force_replace", &action));
    g_assert_cmpint (action, ==, FERRY_CONFLICT_ACTION_FORCE_REPLACE);
    g_assert_false (ferry_conflict_action_from_string ("unset", &action));
    g_assert_false (ferry_conflict_action_from_string (NULL, &action));
    g_assert_cmpstr (ferry_conflict_action_to_string (FERRY_CONFLICT_ACTION_KEEP_BOTH), ==, "keep_both");
    g_assert_true (ferry_package_type_from_string ("project_security", &type));
    g_assert_cmpint (type, ==, FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
    g_assert_false (ferry_package_type_from_string ("Project", &type));
    g_assert_cmpstr (ferry_package_type_to_string (FERRY_PACKAGE_TYPE_CONFIGURATION), ==, "configuration");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/toc-settings/spec-samples/round-trip", test_spec_samples_round_trip);
  g_test_add_func ("/toc-settings/spec-samples/merge-properties", test_spec_merge_properties);
  g_test_add_func ("/toc-settings/spec-samples/package-properties", test_spec_package_properties);
  g_test_add_func ("/toc-settings/json/enum-properties", test_enum_properties);
  g_test_add_func ("/toc-settings/json/values-to-properties", test_json_values_to_properties);
  g_test_add_func ("/toc-settings/json/boolean-properties", test_boolean_properties);
  g_test_add_func ("/toc-settings/json/rules", test_rules_to_json);
  g_test_add_func ("/toc-settings/json/round-trip-details", test_round_trip_details);
  g_test_add_func ("/toc-settings/json/unknown-values-refused", test_unknown_values_refused);
  g_test_add_func ("/toc-settings/validation", test_validation_per_package_type);
  g_test_add_func ("/toc-settings/undo-possible", test_undo_possible);
  g_test_add_func ("/toc-settings/keep-both-blocks-undo", test_keep_both_blocks_undo);
  g_test_add_func ("/toc-settings/rule-base-class", test_rule_base_class);
  g_test_add_func ("/toc-settings/clear-inapplicable", test_clear_inapplicable);
  g_test_add_func ("/toc-settings/changed", test_changed_signal);
  g_test_add_func ("/toc-settings/notify-only-on-change", test_notify_only_on_change);
  g_test_add_func ("/toc-settings/lifetime", test_lifetime);
  g_test_add_func ("/toc-settings/enum-types", test_enum_types);

  return g_test_run ();
}
