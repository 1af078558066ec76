/* test-rules.c: the conflict-rule engine, table-driven
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every action × every state of the target's copy (absent, same version,
 * newer in the source, newer in the target, other version with equal
 * times), written out here from api.md "Sandbox semantics" rather than
 * taken from the engine; rule precedence (object > folder > nearer folder >
 * farther folder > type+subtype > type only > default) with the
 * explanations a person reads; content actions; the fail flag; speed.
 */

#include <string.h>

#include "ferry-core.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

#define V_SRC "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define V_TGT "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
#define T0    G_GINT64_CONSTANT (1647416320125)   /* 2022-03-16T07:38:40.125+0000 */

static FerryTocSettings *
settings_from_text (const char *text,
                    gboolean    project_merge)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);
  FerryTocSettings *settings;

  g_assert_no_error (error);
  settings = ferry_toc_settings_new_from_json (json_node_get_object (node), FERRY_PACKAGE_TYPE_PROJECT, &error);
  g_assert_no_error (error);
  ferry_toc_settings_set_project_merge (settings, project_merge);
  return settings;
}

static FerryRuleSet *
rule_set_from_text (const char *text,
                    gboolean    project_merge)
{
  g_autoptr(FerryTocSettings) settings = settings_from_text (text, project_merge);

  return ferry_rule_set_new (settings);
}

/* The outcome as written in api.md's table. */
static FerryOutcome
outcome_from_word (const char *word)
{
  static const struct { const char *word; FerryOutcome outcome; } words[] = {
    { "create", FERRY_OUTCOME_CREATE },
    { "replace", FERRY_OUTCOME_REPLACE },
    { "keep", FERRY_OUTCOME_KEEP_EXISTING },
    { "duplicate", FERRY_OUTCOME_DUPLICATE },
    { "skip", FERRY_OUTCOME_SKIP },
    { "delete", FERRY_OUTCOME_DELETE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_str_equal (words[i].word, word))
      return words[i].outcome;
  g_error ("unknown outcome word %s", word);
  return FERRY_OUTCOME_FAIL;
}

/* ------------------------------------------------------------------------ */
/* The outcome table                                                         */
/* ------------------------------------------------------------------------ */

/* api.md: action | no target copy | same version | other version, source
 * newer | other version, target newer or equal time. The last column is
 * split in two here: target strictly newer, and equal times. */
static const struct
{
  const char *action;
  const char *outcomes[5];
} table[] = {
  { "use_existing",  { "create", "skip",    "keep",      "keep",      "keep" } },
  { "replace",       { "create", "skip",    "replace",   "replace",   "replace" } },
  { "force_replace", { "create", "replace", "replace",   "replace",   "replace" } },
  { "keep_both",     { "create", "skip",    "duplicate", "duplicate", "duplicate" } },
  { "use_newer",     { "create", "skip",    "replace",   "keep",      "keep" } },
  { "use_older",     { "create", "skip",    "keep",      "replace",   "replace" } },
  { "delete",        { "skip",   "delete",  "delete",    "delete",    "delete" } },
};

typedef struct
{
  const char      *name;
  const char      *target_version;   /* NULL: absent */
  gint64           target_ms;
  FerryTargetState state;
} TargetCase;

/* The source is version V_SRC, modified at T0. */
static const TargetCase target_cases[5] = {
  { "absent",            NULL,  0,           FERRY_TARGET_STATE_ABSENT },
  { "same version",      V_SRC, T0 - 100000, FERRY_TARGET_STATE_SAME_VERSION },  /* times do not matter */
  { "newer in source",   V_TGT, T0 - 1,      FERRY_TARGET_STATE_SOURCE_NEWER },
  { "newer in target",   V_TGT, T0 + 1,      FERRY_TARGET_STATE_TARGET_NEWER },
  { "equal time",        V_TGT, T0,          FERRY_TARGET_STATE_TARGET_NEWER },
};

static void
test_outcome_table (void)
{
  g_assert_cmpuint (G_N_ELEMENTS (table), ==, 7);

  for (guint a = 0; a < G_N_ELEMENTS (table); a++)
    {
      FerryConflictAction action;

      g_assert_true (ferry_conflict_action_from_string (table[a].action, &action));
      for (guint t = 0; t < G_N_ELEMENTS (target_cases); t++)
        {
          const TargetCase *tc = &target_cases[t];
          FerryOutcome expected = outcome_from_word (table[a].outcomes[t]);
          FerryTargetState state = ferry_rules_target_state (V_SRC, T0, tc->target_version, tc->target_ms);
          FerryRuleSource source = { .id = "0123456789ABCDEF0123456789ABCDEF", .type = 4, .subtype = 1024,
                                     .version = V_SRC, .modified_ms = T0 };
          FerryRuleTarget target = { .version = tc->target_version, .modified_ms = tc->target_ms };
          FerryRuleDecision d;
          g_autofree char *defaults = g_strdup_printf ("{\"defaultAction\":\"%s\"}", table[a].action);
          g_autoptr(FerryRuleSet) by_default = rule_set_from_text (defaults, FALSE);
          g_autoptr(FerryRuleSet) by_merge = rule_set_from_text (defaults, TRUE);
          g_autoptr(FerryRuleSet) other = rule_set_from_text ("{\"defaultAction\":\"use_existing\"}", FALSE);
          g_autofree char *explained = NULL;

          g_test_message ("%s × %s → %s", table[a].action, tc->name, table[a].outcomes[t]);
          g_assert_cmpint (state, ==, tc->state);
          g_assert_cmpint (ferry_rules_outcome (action, state), ==, expected);

          /* through a rule set: the default action (dependents, merges) … */
          ferry_rule_set_evaluate (by_default, &source, tc->target_version ? &target : NULL, NULL, 0, &d);
          g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_DEFAULT);
          g_assert_cmpint (d.action, ==, action);
          g_assert_cmpint (d.state, ==, tc->state);
          g_assert_cmpint (d.outcome, ==, expected);
          explained = ferry_rule_set_explain (by_default, &source, &d);
          {
            g_autofree char *want = g_strdup_printf ("Default: %s", ferry_conflict_action_get_phrase (action));
            g_assert_cmpstr (explained, ==, want);
          }
          g_clear_pointer (&explained, g_free);

          ferry_rule_set_evaluate (by_merge, &source, tc->target_version ? &target : NULL, NULL, 0, &d);
          g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_DEFAULT);
          g_assert_cmpint (d.outcome, ==, expected);

          /* … and an explicit content action, whatever the default */
          ferry_rule_set_evaluate (other, &source, tc->target_version ? &target : NULL, &action, 0, &d);
          g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_CONTENT);
          g_assert_cmpint (d.action, ==, action);
          g_assert_cmpint (d.outcome, ==, expected);
          g_assert_cmpint (d.rule_index, ==, -1);
          explained = ferry_rule_set_explain (other, &source, &d);
          {
            g_autofree char *want = g_strdup_printf ("Own action: %s", ferry_conflict_action_get_phrase (action));
            g_assert_cmpstr (explained, ==, want);
          }
        }
    }
}

static void
test_target_state (void)
{
  /* versions compare without case; time decides only between versions */
  g_assert_cmpint (ferry_rules_target_state ("abcdef", 5, "ABCDEF", 9), ==, FERRY_TARGET_STATE_SAME_VERSION);
  g_assert_cmpint (ferry_rules_target_state ("abcdef", 9, "ABCDEF", 5), ==, FERRY_TARGET_STATE_SAME_VERSION);
  g_assert_cmpint (ferry_rules_target_state ("A", 10, "B", 9), ==, FERRY_TARGET_STATE_SOURCE_NEWER);
  g_assert_cmpint (ferry_rules_target_state ("A", 10, "B", 10), ==, FERRY_TARGET_STATE_TARGET_NEWER);
  g_assert_cmpint (ferry_rules_target_state ("A", 10, "B", 11), ==, FERRY_TARGET_STATE_TARGET_NEWER);
  g_assert_cmpint (ferry_rules_target_state ("A", 10, NULL, 11), ==, FERRY_TARGET_STATE_ABSENT);

  g_assert_cmpstr (ferry_outcome_to_string (FERRY_OUTCOME_KEEP_EXISTING), ==, "keep existing");
  g_assert_cmpstr (ferry_outcome_to_string (FERRY_OUTCOME_FAIL), ==, "fail");
  g_assert_cmpstr (ferry_target_state_to_string (FERRY_TARGET_STATE_SOURCE_NEWER), ==, "newer in the source");
}

static void
test_parse_time (void)
{
  gint64 ms = 0;

  g_assert_true (ferry_rules_parse_time ("2022-03-16T07:38:40.125+0000", &ms));
  g_assert_cmpint (ms, ==, T0);
  /* search results carry -0400 offsets: the same instant compares equal */
  g_assert_true (ferry_rules_parse_time ("2022-03-16T03:38:40.125-0400", &ms));
  g_assert_cmpint (ms, ==, T0);
  g_assert_true (ferry_rules_parse_time ("2022-03-16T07:38:40Z", &ms));
  g_assert_cmpint (ms, ==, T0 - 125);
  g_assert_false (ferry_rules_parse_time ("yesterday", &ms));
  g_assert_false (ferry_rules_parse_time ("", &ms));
  g_assert_false (ferry_rules_parse_time (NULL, &ms));
}

/* ------------------------------------------------------------------------ */
/* Precedence                                                                */
/* ------------------------------------------------------------------------ */

/* A project tree:
 *   ROOT (project root, not named in paths)
 *   └ PUB  Public Objects
 *     └ REP  Reports                    folder rule: keep_both
 *       ├ SAL  Sales                    folder rule: use_newer
 *       │ └ DEEP Deep                   (no rule)
 *       └ FIN  Finance                  (no rule)
 *   └ SCH  Schema Objects               (no rule)
 */
#define ROOT "00000000000000000000000000000000"
#define PUB  "11111111111111111111111111111111"
#define REP  "22222222222222222222222222222222"
#define SAL  "33333333333333333333333333333333"
#define DEEP "44444444444444444444444444444444"
#define FIN  "55555555555555555555555555555555"
#define SCH  "66666666666666666666666666666666"
#define OBJ  "ABCDEF0123456789ABCDEF0123456789"

static const char *const path_sales_deep[] = { ROOT, PUB, REP, SAL, DEEP };
static const char *const names_sales_deep[] = { "MicroStrategy Tutorial", "Public Objects", "Reports", "Sales", "Deep" };
static const char *const path_finance[] = { ROOT, PUB, REP, FIN };
static const char *const names_finance[] = { "MicroStrategy Tutorial", "Public Objects", "Reports", "Finance" };
static const char *const path_schema[] = { ROOT, SCH };
static const char *const names_schema[] = { "MicroStrategy Tutorial", "Schema Objects" };
static const char *const path_public[] = { ROOT, PUB };
static const char *const names_public[] = { "MicroStrategy Tutorial", "Public Objects" };
static const char *const path_reports[] = { ROOT, PUB, REP };
static const char *const names_reports[] = { "MicroStrategy Tutorial", "Public Objects", "Reports" };

static const char *precedence_settings =
  "{\"defaultAction\":\"use_existing\","
  " \"folderActions\":["
  "   {\"id\":\"" REP "\",\"action\":\"keep_both\"},"
  "   {\"id\":\"" SAL "\",\"action\":\"use_newer\"},"
  "   {\"id\":\"" OBJ "\",\"action\":\"delete\"}],"          /* not a folder: matches nothing */
  " \"objectTypeActions\":["
  "   {\"type\":3,\"action\":\"use_older\"},"                 /* every report */
  "   {\"type\":3,\"subtype\":774,\"action\":\"force_replace\"}," /* grid+graph reports */
  "   {\"type\":1,\"subtype\":256,\"action\":\"replace\"}],"
  " \"objectActions\":["
  "   {\"id\":\"" OBJ "\",\"action\":\"replace\"},"
  "   {\"id\":\"" OBJ "\",\"action\":\"delete\"}]}";           /* a duplicate: the first wins */

typedef struct
{
  const char          *what;
  const char          *id;
  const char          *name;
  int                  type;
  int                  subtype;
  const char *const   *path;
  const char *const   *names;
  guint                n;
  FerryRuleKind        kind;
  const char          *action;
  int                  rule_index;
  int                  folder_level;
  const char          *explanation;
} PrecedenceCase;

static const PrecedenceCase precedence_cases[] = {
  { "object rule beats folder and type rules", OBJ, "Revenue by Year", 3, 774,
    path_sales_deep, names_sales_deep, 5,
    FERRY_RULE_KIND_OBJECT, "replace", 0, -1, "Object rule: replace" },
  { "object rule, lower-case id", "abcdef0123456789abcdef0123456789", "Revenue", 4, 1024,
    path_schema, names_schema, 2,
    FERRY_RULE_KIND_OBJECT, "replace", 0, -1, "Object rule: replace" },
  { "nearer folder (Sales) beats farther folder (Reports), deep below", "C1000000000000000000000000000001", "Deep Report", 3, 768,
    path_sales_deep, names_sales_deep, 5,
    FERRY_RULE_KIND_FOLDER, "use_newer", 1, 3, "Folder rule on \\Public Objects\\Reports\\Sales: use newer" },
  { "folder rule beats the type+subtype rule", "C1000000000000000000000000000002", "Sales Mix", 3, 774,
    path_sales_deep, names_sales_deep, 4,   /* in Sales itself */
    FERRY_RULE_KIND_FOLDER, "use_newer", 1, 3, "Folder rule on \\Public Objects\\Reports\\Sales: use newer" },
  { "farther folder when the nearer has no rule", "C1000000000000000000000000000003", "Margin", 4, 1024,
    path_finance, names_finance, 4,
    FERRY_RULE_KIND_FOLDER, "keep_both", 0, 2, "Folder rule on \\Public Objects\\Reports: keep both" },
  { "a folder's own rule covers the folder itself", SAL, "Sales", 8, 2048,
    path_reports, names_reports, 3,
    FERRY_RULE_KIND_FOLDER, "use_newer", 1, 3, "Folder rule on \\Public Objects\\Reports\\Sales: use newer" },
  { "a folder without a rule takes its parent's", DEEP, "Deep", 8, 2048,
    path_sales_deep, names_sales_deep, 4,
    FERRY_RULE_KIND_FOLDER, "use_newer", 1, 3, "Folder rule on \\Public Objects\\Reports\\Sales: use newer" },
  { "type+subtype beats type only", "C1000000000000000000000000000004", "Grid and Graph", 3, 774,
    path_public, names_public, 2,
    FERRY_RULE_KIND_OBJECT_TYPE, "force_replace", 1, -1, "Object-type rule Grid and graph report: force replace" },
  { "type only covers the other subtypes", "C1000000000000000000000000000005", "Grid", 3, 768,
    path_public, names_public, 2,
    FERRY_RULE_KIND_OBJECT_TYPE, "use_older", 0, -1, "Object-type rule Report (all subtypes): use older" },
  { "type only, an object without subtype", "C1000000000000000000000000000006", "Odd", 3, 0,
    path_schema, names_schema, 2,
    FERRY_RULE_KIND_OBJECT_TYPE, "use_older", 0, -1, "Object-type rule Report (all subtypes): use older" },
  { "the spec's filter rule", "C1000000000000000000000000000007", "Northeast", 1, 256,
    path_public, names_public, 2,
    FERRY_RULE_KIND_OBJECT_TYPE, "replace", 2, -1, "Object-type rule Filter: replace" },
  { "another filter subtype has no rule", "C1000000000000000000000000000008", "Age Groups", 1, 257,
    path_public, names_public, 2,
    FERRY_RULE_KIND_DEFAULT, "use_existing", -1, -1, "Default: use existing" },
  { "default for everything else", "C1000000000000000000000000000009", "Revenue", 13, 3328,
    path_schema, names_schema, 2,
    FERRY_RULE_KIND_DEFAULT, "use_existing", -1, -1, "Default: use existing" },
  { "an object at the root", "C100000000000000000000000000000A", "Loose", 4, 1024,
    NULL, NULL, 0,
    FERRY_RULE_KIND_DEFAULT, "use_existing", -1, -1, "Default: use existing" },
};

static void
test_precedence (void)
{
  g_autoptr(FerryRuleSet) set = rule_set_from_text (precedence_settings, TRUE);
  g_autoptr(FerryRuleSet) not_merge = rule_set_from_text (precedence_settings, FALSE);

  g_assert_true (ferry_rule_set_get_project_merge (set));
  g_assert_false (ferry_rule_set_get_undo_possible (set));   /* keep_both on Reports */
  g_assert_cmpint (ferry_rule_set_get_default_action (set), ==, FERRY_CONFLICT_ACTION_USE_EXISTING);

  for (guint i = 0; i < G_N_ELEMENTS (precedence_cases); i++)
    {
      const PrecedenceCase *c = &precedence_cases[i];
      FerryRuleSource source = {
        .id = c->id, .name = c->name, .type = c->type, .subtype = c->subtype,
        .ancestor_ids = c->path, .ancestor_names = c->names, .n_ancestors = c->n,
        .version = V_SRC, .modified_ms = T0,
      };
      FerryRuleTarget target = { .version = V_TGT, .modified_ms = T0 + 1 };
      FerryConflictAction action;
      FerryRuleDecision d;
      g_autofree char *explained = NULL;
      g_autofree char *full = NULL;
      g_autofree char *want_full = NULL;

      g_test_message ("%s", c->what);
      g_assert_true (ferry_conflict_action_from_string (c->action, &action));
      ferry_rule_set_evaluate (set, &source, &target, NULL, FERRY_RULE_FLAG_NONE, &d);
      g_assert_cmpint (d.kind, ==, c->kind);
      g_assert_cmpint (d.action, ==, action);
      g_assert_cmpint (d.rule_index, ==, c->rule_index);
      g_assert_cmpint (d.folder_level, ==, c->folder_level);
      g_assert_cmpint (d.state, ==, FERRY_TARGET_STATE_TARGET_NEWER);
      g_assert_cmpint (d.outcome, ==, ferry_rules_outcome (action, d.state));
      explained = ferry_rule_set_explain (set, &source, &d);
      g_assert_cmpstr (explained, ==, c->explanation);
      full = ferry_rule_set_explain_full (set, &source, &d);
      want_full = g_strdup_printf ("%s; newer or as new in the target → %s", c->explanation,
                                   ferry_outcome_to_string (d.outcome));
      g_assert_cmpstr (full, ==, want_full);

      /* Outside a project merge the rules do not apply: the default does. */
      ferry_rule_set_evaluate (not_merge, &source, &target, NULL, FERRY_RULE_FLAG_NONE, &d);
      g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_DEFAULT);
      g_assert_cmpint (d.action, ==, FERRY_CONFLICT_ACTION_USE_EXISTING);
      g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_KEEP_EXISTING);

      /* An explicit content action beats every rule. */
      action = FERRY_CONFLICT_ACTION_DELETE;
      ferry_rule_set_evaluate (set, &source, &target, &action, FERRY_RULE_FLAG_NONE, &d);
      g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_CONTENT);
      g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_DELETE);
    }
}

/* Explanations name folders by the rule's folder-path first, else by the
 * object's ancestry, else by id. */
static void
test_folder_names (void)
{
  g_autoptr(FerryTocSettings) settings = settings_from_text (precedence_settings, TRUE);
  g_autoptr(FerryFolderRule) rule = g_list_model_get_item (G_LIST_MODEL (ferry_toc_settings_get_folder_rules (settings)), 1);
  g_autoptr(FerryRuleSet) plain = ferry_rule_set_new (settings);
  g_autoptr(FerryRuleSet) with_path = NULL;
  FerryRuleSource source = {
    .id = "C1000000000000000000000000000001", .name = "Deep Report", .type = 3, .subtype = 768,
    .ancestor_ids = path_sales_deep, .ancestor_names = names_sales_deep, .n_ancestors = 5,
    .version = V_SRC, .modified_ms = T0,
  };
  FerryRuleDecision d;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  ferry_folder_rule_set_folder_path (rule, "\\Public Objects\\Reports\\Sales (as the user saw it)");
  with_path = ferry_rule_set_new (settings);

  ferry_rule_set_evaluate (with_path, &source, NULL, NULL, 0, &d);
  g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_CREATE);
  a = ferry_rule_set_explain (with_path, &source, &d);
  g_assert_cmpstr (a, ==, "Folder rule on \\Public Objects\\Reports\\Sales (as the user saw it): use newer");
  c = ferry_rule_set_explain_full (with_path, &source, &d);
  g_assert_cmpstr (c, ==, "Folder rule on \\Public Objects\\Reports\\Sales (as the user saw it): use newer; "
                          "absent from the target → create");

  source.ancestor_names = NULL;
  ferry_rule_set_evaluate (plain, &source, NULL, NULL, 0, &d);
  b = ferry_rule_set_explain (plain, &source, &d);
  g_assert_cmpstr (b, ==, "Folder rule on " SAL ": use newer");

  /* a rule on the root folder: "\" */
  {
    g_autoptr(FerryRuleSet) root = rule_set_from_text ("{\"folderActions\":[{\"id\":\"" ROOT "\",\"action\":\"replace\"}]}", TRUE);
    g_autofree char *e = NULL;

    source.ancestor_names = names_sales_deep;
    ferry_rule_set_evaluate (root, &source, NULL, NULL, 0, &d);
    g_assert_cmpint (d.folder_level, ==, 0);
    e = ferry_rule_set_explain (root, &source, &d);
    g_assert_cmpstr (e, ==, "Folder rule on \\: replace");
  }
}

/* The rules of the reference page's project-merge sample, applied. */
static void
test_spec_sample_rules (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "fixtures", "merge-create-request.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryTocSettings) settings = NULL;
  g_autoptr(FerryRuleSet) set = NULL;
  JsonObject *tocview;
  struct {
    const char *id;
    int         type, subtype;
    const char *explanation;
    FerryOutcome outcome;      /* against a target copy newer in the source */
  } cases[] = {
    /* Year: the attribute id the page puts in folderActions and objectActions */
    { "8D679D5111D3E4981000E787EC6DE8A4", 12, 3072, "Object rule: replace", FERRY_OUTCOME_REPLACE },
    { "4493CA2CB83C6E272C0E3140109E14FE", 1, 256, "Object-type rule Filter: use existing", FERRY_OUTCOME_KEEP_EXISTING },
    { "919C787959F3760C7A5F655F73C33A59", 1, 257, "Default: use existing", FERRY_OUTCOME_KEEP_EXISTING },
    { "CBCB6C67523AD3BED1E6AE564C4D8A88", 3, 769, "Default: use existing", FERRY_OUTCOME_KEEP_EXISTING },
  };

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  tocview = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                          "packageInfo"), "tocView");
  settings = ferry_toc_settings_new_from_json (json_object_get_object_member (tocview, "settings"),
                                               FERRY_PACKAGE_TYPE_PROJECT, &error);
  g_assert_no_error (error);
  ferry_toc_settings_set_project_merge (settings, TRUE);
  set = ferry_rule_set_new (settings);
  g_assert_true (ferry_rule_set_get_undo_possible (set));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FerryRuleSource source = { .id = cases[i].id, .type = cases[i].type, .subtype = cases[i].subtype,
                                 .ancestor_ids = path_public, .n_ancestors = 2,
                                 .version = V_SRC, .modified_ms = T0 };
      FerryRuleTarget target = { .version = V_TGT, .modified_ms = T0 - 1 };
      FerryRuleDecision d;
      g_autofree char *explained = NULL;

      ferry_rule_set_evaluate (set, &source, &target, NULL, 0, &d);
      explained = ferry_rule_set_explain (set, &source, &d);
      g_assert_cmpstr (explained, ==, cases[i].explanation);
      g_assert_cmpint (d.outcome, ==, cases[i].outcome);
    }

  /* The page's folder rule names Year, an attribute: it matches nothing,
   * not even Year itself. */
  {
    g_autoptr(FerryRuleSet) folders_only = rule_set_from_text ("{\"defaultAction\":\"use_existing\","
                                                              "\"folderActions\":[{\"id\":\"8D679D5111D3E4981000E787EC6DE8A4\","
                                                              "\"action\":\"delete\"}]}", TRUE);
    FerryRuleSource year = { .id = "8D679D5111D3E4981000E787EC6DE8A4", .type = 12, .subtype = 3072,
                             .ancestor_ids = path_schema, .n_ancestors = 2,
                             .version = V_SRC, .modified_ms = T0 };
    FerryRuleDecision d;

    ferry_rule_set_evaluate (folders_only, &year, NULL, NULL, 0, &d);
    g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_DEFAULT);
    g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_CREATE);
  }
}

/* The caller's dependency flag, and the rule set as a snapshot. */
static void
test_fail_and_snapshot (void)
{
  g_autoptr(FerryTocSettings) settings = settings_from_text ("{\"defaultAction\":\"delete\"}", TRUE);
  g_autoptr(FerryRuleSet) before = ferry_rule_set_new (settings);
  g_autoptr(FerryRuleSet) after = NULL;
  g_autoptr(FerryObjectRule) rule = ferry_object_rule_new (OBJ, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  FerryRuleSource source = { .id = OBJ, .type = 4, .subtype = 1024, .version = V_SRC, .modified_ms = T0 };
  FerryRuleTarget target = { .version = V_SRC, .modified_ms = T0 };
  FerryRuleDecision d;
  g_autofree char *full = NULL;

  ferry_rule_set_evaluate (before, &source, &target, NULL, FERRY_RULE_FLAG_DEPENDENCY_FAILS, &d);
  g_assert_cmpint (d.action, ==, FERRY_CONFLICT_ACTION_DELETE);
  g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_FAIL);
  full = ferry_rule_set_explain_full (before, &source, &d);
  g_assert_cmpstr (full, ==, "Default: delete; same version in the target → fails on a dependency");

  /* No cell of the table fails by itself. */
  for (FerryConflictAction a = FERRY_CONFLICT_ACTION_USE_EXISTING; a <= FERRY_CONFLICT_ACTION_DELETE; a++)
    for (FerryTargetState s = FERRY_TARGET_STATE_ABSENT; s <= FERRY_TARGET_STATE_TARGET_NEWER; s++)
      g_assert_cmpint (ferry_rules_outcome (a, s), !=, FERRY_OUTCOME_FAIL);

  /* edits after the set was built do not reach it */
  g_list_store_append (ferry_toc_settings_get_object_rules (settings), rule);
  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_REPLACE);
  ferry_rule_set_evaluate (before, &source, &target, NULL, 0, &d);
  g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_DEFAULT);
  g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_DELETE);
  g_assert_true (ferry_rule_set_get_undo_possible (before));

  after = ferry_rule_set_new (settings);
  ferry_rule_set_evaluate (after, &source, &target, NULL, 0, &d);
  g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_OBJECT);
  g_assert_cmpint (d.action, ==, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_SKIP);
  g_assert_false (ferry_rule_set_get_undo_possible (after));

  /* a boxed type, so it can travel in GValues and GTasks */
  {
    GValue value = G_VALUE_INIT;

    g_value_init (&value, FERRY_TYPE_RULE_SET);
    g_value_set_boxed (&value, after);
    g_assert_true (g_value_get_boxed (&value) == after);
    g_value_unset (&value);
  }
}

static void
test_type_names (void)
{
  struct { int type, subtype; const char *name; } cases[] = {
    { 1, 256, "Filter" },
    { 1, 257, "Custom group" },
    { 1, 0, "Filter" },
    { 3, 0, "Report" },
    { 3, 768, "Grid report" },
    { 3, 776, "Intelligent cube" },
    { 4, 1024, "Metric" },
    { 8, 2048, "Folder" },
    { 12, 3072, "Attribute" },
    { 13, 3328, "Fact" },
    { 34, 8704, "User" },
    { 34, 8705, "User group" },
    { 34, 0, "User or group" },
    { 55, 14081, "Document" },
    { 1, 3072, "Filter" },        /* a subtype of another type: the type's name */
    { 3, 799, "Report" },         /* an unknown subtype */
    { 999, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (ferry_object_type_name (cases[i].type, cases[i].subtype), ==, cases[i].name);
}

/* ------------------------------------------------------------------------ */
/* Threads and speed                                                         */
/* ------------------------------------------------------------------------ */

#define N_OBJECTS 100000

typedef struct
{
  char            **ids;
  const char     ***paths;
  FerryRuleSource  *sources;
  FerryRuleTarget  *targets;
  guint             n;
} Inventory;

static Inventory *
inventory_new (guint n)
{
  Inventory *inv = g_new0 (Inventory, 1);
  static const char *const p0[] = { ROOT, PUB, REP, SAL, DEEP };
  static const char *const p1[] = { ROOT, PUB, REP, FIN };
  static const char *const p2[] = { ROOT, SCH };
  static const char *const p3[] = { ROOT, PUB };
  static const char *const *paths[] = { p0, p1, p2, p3 };
  static const guint lengths[] = { 5, 4, 2, 2 };
  static const int types[][2] = { { 3, 768 }, { 3, 774 }, { 1, 256 }, { 4, 1024 }, { 12, 3072 } };

  inv->n = n;
  inv->ids = g_new0 (char *, n + 1);
  inv->sources = g_new0 (FerryRuleSource, n);
  inv->targets = g_new0 (FerryRuleTarget, n);
  for (guint i = 0; i < n; i++)
    {
      FerryRuleSource *s = &inv->sources[i];

      inv->ids[i] = g_strdup_printf ("%032X", i);
      s->id = inv->ids[i];
      s->type = types[i % G_N_ELEMENTS (types)][0];
      s->subtype = types[i % G_N_ELEMENTS (types)][1];
      s->ancestor_ids = paths[i % 4];
      s->n_ancestors = lengths[i % 4];
      s->version = V_SRC;
      s->modified_ms = T0;
      inv->targets[i].version = (i % 3 == 0) ? V_SRC : V_TGT;
      inv->targets[i].modified_ms = T0 + (gint64) (i % 7) - 3;
    }
  return inv;
}

static void
inventory_free (Inventory *inv)
{
  g_strfreev (inv->ids);
  g_free (inv->sources);
  g_free (inv->targets);
  g_free (inv);
}

typedef struct
{
  FerryRuleSet *set;
  Inventory    *inv;
  guint         counts[FERRY_OUTCOME_FAIL + 1];
} Work;

static gpointer
evaluate_all (gpointer data)
{
  Work *w = data;

  for (guint i = 0; i < w->inv->n; i++)
    {
      FerryRuleDecision d;

      ferry_rule_set_evaluate (w->set, &w->inv->sources[i], (i % 11 == 0) ? NULL : &w->inv->targets[i],
                               NULL, 0, &d);
      w->counts[d.outcome]++;
    }
  return NULL;
}

static void
test_threads_and_speed (void)
{
  g_autoptr(FerryTocSettings) settings = settings_from_text (precedence_settings, TRUE);
  g_autoptr(FerryRuleSet) set = NULL;
  Inventory *inv = inventory_new (N_OBJECTS);
  Work single = { 0 };
  Work parallel[4] = { { 0 } };
  GThread *threads[4];
  gint64 start;
  double seconds;
  guint total = 0;

  /* a rule for each of 2 000 objects and 200 folders makes the lookups real */
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *id = g_strdup_printf ("%032X", i * 37);
      g_autoptr(FerryObjectRule) rule = ferry_object_rule_new (id, FERRY_CONFLICT_ACTION_REPLACE);

      g_list_store_append (ferry_toc_settings_get_object_rules (settings), rule);
    }
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *id = g_strdup_printf ("F%031X", i);
      g_autoptr(FerryFolderRule) rule = ferry_folder_rule_new (id, FERRY_CONFLICT_ACTION_USE_OLDER);

      g_list_store_append (ferry_toc_settings_get_folder_rules (settings), rule);
    }
  set = ferry_rule_set_new (settings);

  single.set = set;
  single.inv = inv;
  start = g_get_monotonic_time ();
  evaluate_all (&single);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("%d objects evaluated in %.1f ms", N_OBJECTS, seconds * 1000);
  for (guint o = 0; o <= FERRY_OUTCOME_FAIL; o++)
    total += single.counts[o];
  g_assert_cmpuint (total, ==, N_OBJECTS);
  g_assert_cmpuint (single.counts[FERRY_OUTCOME_FAIL], ==, 0);
  g_assert_cmpuint (single.counts[FERRY_OUTCOME_CREATE], >, 0);
  g_assert_cmpuint (single.counts[FERRY_OUTCOME_DUPLICATE], >, 0);
  /* generous, for sanitizer and valgrind builds: a preview must not stall */
  g_assert_cmpfloat (seconds, <, 5.0);

  /* the same answers from four threads at once */
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      parallel[t].set = set;
      parallel[t].inv = inv;
      threads[t] = g_thread_new ("rules", evaluate_all, &parallel[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpmem (parallel[t].counts, sizeof parallel[t].counts, single.counts, sizeof single.counts);
    }

  inventory_free (inv);
}

/* The object types offered by name: a type and subtype that belong
 * together, each pair once, and find() the inverse of get(). */
static void
test_type_presets (void)
{
  guint n = ferry_object_type_presets_get_n ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int type = -1, subtype = -1;

  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    {
      const char *label = ferry_object_type_preset_get (i, &type, &subtype);

      g_assert_nonnull (label);
      g_assert_cmpint (type, >, 0);
      g_assert_true (subtype == 0 || subtype / 256 == type);
      g_assert_true (g_hash_table_add (seen, g_strdup_printf ("%d/%d", type, subtype)));
      g_assert_cmpint (ferry_object_type_preset_find (type, subtype), ==, (int) i);
      if (subtype == 0)
        g_assert_cmpint (ferry_object_type_preset_find (type, -1), ==, (int) i);
    }
  g_assert_nonnull (ferry_object_type_preset_get (0, NULL, NULL));
  g_assert_cmpint (ferry_object_type_preset_find (3, 768), >=, 0);    /* grid report */
  g_assert_cmpint (ferry_object_type_preset_find (4, 0), ==, -1);     /* metrics: by subtype only */
  g_assert_cmpint (ferry_object_type_preset_find (999, 0), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/outcome-table", test_outcome_table);
  g_test_add_func ("/rules/target-state", test_target_state);
  g_test_add_func ("/rules/parse-time", test_parse_time);
  g_test_add_func ("/rules/precedence", test_precedence);
  g_test_add_func ("/rules/folder-names", test_folder_names);
  g_test_add_func ("/rules/spec-sample-rules", test_spec_sample_rules);
  g_test_add_func ("/rules/fail-and-snapshot", test_fail_and_snapshot);
  g_test_add_func ("/rules/type-names", test_type_names);
  g_test_add_func ("/rules/type-presets", test_type_presets);
  g_test_add_func ("/rules/threads-and-speed", test_threads_and_speed);

  return g_test_run ();
}
