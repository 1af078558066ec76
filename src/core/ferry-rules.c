/* ferry-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-rules.h"

#define FOLDER_TYPE 8

G_DEFINE_ENUM_TYPE (FerryOutcome, ferry_outcome,
  G_DEFINE_ENUM_VALUE (FERRY_OUTCOME_CREATE, "create"),
  G_DEFINE_ENUM_VALUE (FERRY_OUTCOME_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (FERRY_OUTCOME_KEEP_EXISTING, "keep_existing"),
  G_DEFINE_ENUM_VALUE (FERRY_OUTCOME_DUPLICATE, "duplicate"),
  G_DEFINE_ENUM_VALUE (FERRY_OUTCOME_SKIP, "skip"),
  G_DEFINE_ENUM_VALUE (FERRY_OUTCOME_DELETE, "delete"),
  G_DEFINE_ENUM_VALUE (FERRY_OUTCOME_FAIL, "fail"))

G_DEFINE_ENUM_TYPE (FerryTargetState, ferry_target_state,
  G_DEFINE_ENUM_VALUE (FERRY_TARGET_STATE_ABSENT, "absent"),
  G_DEFINE_ENUM_VALUE (FERRY_TARGET_STATE_SAME_VERSION, "same_version"),
  G_DEFINE_ENUM_VALUE (FERRY_TARGET_STATE_SOURCE_NEWER, "source_newer"),
  G_DEFINE_ENUM_VALUE (FERRY_TARGET_STATE_TARGET_NEWER, "target_newer"))

G_DEFINE_ENUM_TYPE (FerryRuleKind, ferry_rule_kind,
  G_DEFINE_ENUM_VALUE (FERRY_RULE_KIND_CONTENT, "content"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_KIND_OBJECT, "object"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_KIND_FOLDER, "folder"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_KIND_OBJECT_TYPE, "object_type"),
  G_DEFINE_ENUM_VALUE (FERRY_RULE_KIND_DEFAULT, "default"))

/* ------------------------------------------------------------------------ */
/* The outcome table                                                         */
/* ------------------------------------------------------------------------ */

#define C FERRY_OUTCOME_CREATE
#define R FERRY_OUTCOME_REPLACE
#define K FERRY_OUTCOME_KEEP_EXISTING
#define D FERRY_OUTCOME_DUPLICATE
#define S FERRY_OUTCOME_SKIP
#define X FERRY_OUTCOME_DELETE

/* [action][state]: absent, same version, source newer, target newer or equal
 * (api.md "Sandbox semantics", "Conflict actions"). */
static const FerryOutcome outcome_table[FERRY_CONFLICT_ACTION_DELETE + 1][FERRY_TARGET_STATE_TARGET_NEWER + 1] = {
  [FERRY_CONFLICT_ACTION_USE_EXISTING]  = { C, S, K, K },
  [FERRY_CONFLICT_ACTION_REPLACE]       = { C, S, R, R },
  [FERRY_CONFLICT_ACTION_FORCE_REPLACE] = { C, R, R, R },
  [FERRY_CONFLICT_ACTION_KEEP_BOTH]     = { C, S, D, D },
  [FERRY_CONFLICT_ACTION_USE_NEWER]     = { C, S, R, K },
  [FERRY_CONFLICT_ACTION_USE_OLDER]     = { C, S, K, R },
  [FERRY_CONFLICT_ACTION_DELETE]        = { S, X, X, X },
};

#undef C
#undef R
#undef K
#undef D
#undef S
#undef X

FerryTargetState
ferry_rules_target_state (const char *source_version,
                          gint64      source_modified_ms,
                          const char *target_version,
                          gint64      target_modified_ms)
{
  if (target_version == NULL)
    return FERRY_TARGET_STATE_ABSENT;
  if (source_version != NULL && g_ascii_strcasecmp (source_version, target_version) == 0)
    return FERRY_TARGET_STATE_SAME_VERSION;
  if (source_modified_ms > target_modified_ms)
    return FERRY_TARGET_STATE_SOURCE_NEWER;
  return FERRY_TARGET_STATE_TARGET_NEWER;
}

FerryOutcome
ferry_rules_outcome (FerryConflictAction action,
                     FerryTargetState    state)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, FERRY_OUTCOME_FAIL);
  g_return_val_if_fail (state <= FERRY_TARGET_STATE_TARGET_NEWER, FERRY_OUTCOME_FAIL);
  return outcome_table[action][state];
}

const char *
ferry_outcome_to_string (FerryOutcome outcome)
{
  switch (outcome)
    {
    case FERRY_OUTCOME_CREATE:
      return _("create");
    case FERRY_OUTCOME_REPLACE:
      return _("replace");
    case FERRY_OUTCOME_KEEP_EXISTING:
      return _("keep existing");
    case FERRY_OUTCOME_DUPLICATE:
      return _("duplicate");
    case FERRY_OUTCOME_SKIP:
      return _("skip");
    case FERRY_OUTCOME_DELETE:
      return _("delete");
    case FERRY_OUTCOME_FAIL:
      return _("fail");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ferry_target_state_to_string (FerryTargetState state)
{
  switch (state)
    {
    case FERRY_TARGET_STATE_ABSENT:
      return _("absent from the target");
    case FERRY_TARGET_STATE_SAME_VERSION:
      return _("same version in the target");
    case FERRY_TARGET_STATE_SOURCE_NEWER:
      return _("newer in the source");
    case FERRY_TARGET_STATE_TARGET_NEWER:
      return _("newer or as new in the target");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* Type names (api.md §8.1)                                                  */
/* ------------------------------------------------------------------------ */

static const char *
subtype_name (int subtype)
{
  switch (subtype)
    {
    case 256: return N_("Filter");
    case 257: return N_("Custom group");
    case 260: return N_("Global filter");
    case 512: return N_("Template");
    case 768: return N_("Grid report");
    case 769: return N_("Graph report");
    case 770: return N_("Engine report");
    case 771: return N_("Text report");
    case 772: return N_("Datamart report");
    case 773: return N_("Base report");
    case 774: return N_("Grid and graph report");
    case 775: return N_("Non-interactive report");
    case 776: return N_("Intelligent cube");
    case 777: return N_("Incremental refresh report");
    case 778: return N_("Transaction report");
    case 779: return N_("Super cube");
    case 780: return N_("Super cube incremental refresh report");
    case 781: return N_("Card");
    case 1024: return N_("Metric");
    case 1025: return N_("Subtotal");
    case 1026: return N_("System subtotal");
    case 2048: return N_("Folder");
    case 2560: return N_("Prompt");
    case 3072: return N_("Attribute");
    case 3073: return N_("Role attribute");
    case 3074: return N_("Transformation attribute");
    case 3075: return N_("Abstract attribute");
    case 3076: return N_("Recursive attribute");
    case 3077: return N_("Derived attribute");
    case 3078: return N_("Smart attribute");
    case 3328: return N_("Fact");
    case 3585: return N_("User dimension");
    case 3586: return N_("Ordered dimension");
    case 3587: return N_("User hierarchy");
    case 3840: return N_("Table");
    case 8704: return N_("User");
    case 8705: return N_("User group");
    case 11009: return N_("Transformation");
    case 11264: return N_("Security role");
    case 14081: return N_("Document");
    case 14087: return N_("Bot");
    case 14091: return N_("Universal bot");
    case 14848: return N_("Security filter");
    case 17921: return N_("Palette");
    default: return NULL;
    }
}

static const char *
type_name (int type)
{
  switch (type)
    {
    case 1: return N_("Filter");
    case 2: return N_("Template");
    case 3: return N_("Report");
    case 4: return N_("Metric");
    case 6: return N_("Auto style");
    case 7: return N_("Aggregate metric");
    case 8: return N_("Folder");
    case 9: return N_("Device");
    case 10: return N_("Prompt");
    case 11: return N_("Function");
    case 12: return N_("Attribute");
    case 13: return N_("Fact");
    case 14: return N_("Hierarchy");
    case 15: return N_("Table");
    case 16: return N_("Datamart report");
    case 17: return N_("Fact group");
    case 18: return N_("Shortcut");
    case 21: return N_("Attribute form");
    case 22: return N_("Schema");
    case 26: return N_("Column");
    case 28: return N_("Property set");
    case 29: return N_("Database instance");
    case 30: return N_("Database login");
    case 31: return N_("Database connection");
    case 32: return N_("Project");
    case 33: return N_("Server definition");
    case 34: return N_("User or group");
    case 35: return N_("Transmitter");
    case 36: return N_("Configuration");
    case 39: return N_("Search");
    case 40: return N_("Search folder");
    case 41: return N_("Datamart");
    case 43: return N_("Transformation");
    case 44: return N_("Security role");
    case 45: return N_("Locale");
    case 47: return N_("Consolidation");
    case 48: return N_("Consolidation element");
    case 49: return N_("Schedule event");
    case 50: return N_("Schedule");
    case 51: return N_("Schedule trigger");
    case 52: return N_("Link");
    case 53: return N_("Database table");
    case 55: return N_("Document");
    case 56: return N_("Drill map");
    case 57: return N_("DBMS");
    case 58: return N_("Security filter");
    case 61: return N_("Graph style");
    case 67: return N_("External shortcut");
    case 71: return N_("Palette");
    case 76: return N_("Script");
    case 77: return N_("Content bundle");
    case 78: return N_("Application");
    case 79: return N_("Time zone");
    case 80: return N_("Script runtime");
    case 81: return N_("Calendar");
    default: return NULL;
    }
}

const char *
ferry_object_type_name (int type,
                        int subtype)
{
  const char *name;

  /* A subtype belongs to its type: subtype = type × 256 + n. */
  if (subtype > 0 && subtype / 256 == type)
    {
      name = subtype_name (subtype);
      if (name != NULL)
        return _(name);
    }
  name = type_name (type);
  return name != NULL ? _(name) : NULL;
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

int
ferry_object_type_preset_find (int type,
                               int subtype)
{
  subtype = MAX (subtype, 0);
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (presets[i].type == type && presets[i].subtype == subtype)
      return (int) i;
  return -1;
}

gboolean
ferry_rules_parse_time (const char *text,
                        gint64     *out_ms)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (out_ms != NULL, FALSE);

  if (text == NULL || *text == '\0')
    return FALSE;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    return FALSE;
  *out_ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Rule sets                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryConflictAction  action;
  int                  index;    /* in its list */
  char                *id;       /* folder or object id (hash key) */
  char                *label;    /* folder path, for explanations (may be NULL) */
  int                  type;     /* object-type rules */
  int                  subtype;  /* object-type rules: 0 = all subtypes */
  gint64               key;      /* object-type rules: hash key */
} Entry;

struct _FerryRuleSet
{
  gboolean             project_merge;
  FerryConflictAction  default_action;
  gboolean             undo_possible;
  GPtrArray           *folder_entries;   /* Entry, by index in the folder list */
  GPtrArray           *type_entries;
  GPtrArray           *object_entries;
  GHashTable          *folders;          /* id → Entry (first rule wins) */
  GHashTable          *types;            /* &key → Entry */
  GHashTable          *objects;          /* id → Entry */
};

G_DEFINE_BOXED_TYPE (FerryRuleSet, ferry_rule_set, ferry_rule_set_ref, ferry_rule_set_unref)

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->id);
  g_free (e->label);
  g_free (e);
}

/* Ids are 32 hex digits; compare them without regard to case. */
static guint
id_hash (gconstpointer key)
{
  guint32 h = 5381;

  for (const char *p = key; *p != '\0'; p++)
    h = (h << 5) + h + (guchar) g_ascii_toupper (*p);
  return h;
}

static gboolean
id_equal (gconstpointer a,
          gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

static gint64
type_key (int type,
          int subtype)
{
  return ((gint64) type << 32) | (guint32) MAX (subtype, 0);
}

static void
add_entry (GHashTable *table,
           gpointer    key,
           Entry      *entry)
{
  /* The first rule for a key wins. */
  if (!g_hash_table_contains (table, key))
    g_hash_table_insert (table, key, entry);
}

static void
rule_set_clear (gpointer data)
{
  FerryRuleSet *set = data;

  g_clear_pointer (&set->folders, g_hash_table_unref);
  g_clear_pointer (&set->types, g_hash_table_unref);
  g_clear_pointer (&set->objects, g_hash_table_unref);
  g_clear_pointer (&set->folder_entries, g_ptr_array_unref);
  g_clear_pointer (&set->type_entries, g_ptr_array_unref);
  g_clear_pointer (&set->object_entries, g_ptr_array_unref);
}

FerryRuleSet *
ferry_rule_set_new (FerryTocSettings *settings)
{
  FerryRuleSet *set;
  GListModel *model;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (settings), NULL);

  set = g_atomic_rc_box_new0 (FerryRuleSet);
  set->project_merge = ferry_toc_settings_get_project_merge (settings);
  set->default_action = ferry_toc_settings_get_default_action (settings);
  set->undo_possible = ferry_toc_settings_get_undo_possible (settings);
  set->folder_entries = g_ptr_array_new_with_free_func (entry_free);
  set->type_entries = g_ptr_array_new_with_free_func (entry_free);
  set->object_entries = g_ptr_array_new_with_free_func (entry_free);
  set->folders = g_hash_table_new (id_hash, id_equal);
  set->types = g_hash_table_new (g_int64_hash, g_int64_equal);
  set->objects = g_hash_table_new (id_hash, id_equal);

  model = G_LIST_MODEL (ferry_toc_settings_get_folder_rules (settings));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryFolderRule) rule = g_list_model_get_item (model, i);
      Entry *e = g_new0 (Entry, 1);
      const char *path = ferry_folder_rule_get_folder_path (rule);

      e->action = ferry_folder_rule_get_action (rule);
      e->index = (int) i;
      e->id = g_strdup (ferry_folder_rule_get_folder_id (rule));
      e->label = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
      g_ptr_array_add (set->folder_entries, e);
      if (e->id != NULL && *e->id != '\0')
        add_entry (set->folders, e->id, e);
    }

  model = G_LIST_MODEL (ferry_toc_settings_get_object_type_rules (settings));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryObjectTypeRule) rule = g_list_model_get_item (model, i);
      Entry *e = g_new0 (Entry, 1);

      e->action = ferry_object_type_rule_get_action (rule);
      e->index = (int) i;
      e->type = ferry_object_type_rule_get_object_type (rule);
      e->subtype = MAX (ferry_object_type_rule_get_subtype (rule), 0);
      e->key = type_key (e->type, e->subtype);
      g_ptr_array_add (set->type_entries, e);
      add_entry (set->types, &e->key, e);
    }

  model = G_LIST_MODEL (ferry_toc_settings_get_object_rules (settings));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryObjectRule) rule = g_list_model_get_item (model, i);
      Entry *e = g_new0 (Entry, 1);

      e->action = ferry_object_rule_get_action (rule);
      e->index = (int) i;
      e->id = g_strdup (ferry_object_rule_get_object_id (rule));
      e->label = g_strdup (ferry_object_rule_get_name (rule));
      g_ptr_array_add (set->object_entries, e);
      if (e->id != NULL && *e->id != '\0')
        add_entry (set->objects, e->id, e);
    }

  return set;
}

FerryRuleSet *
ferry_rule_set_ref (FerryRuleSet *set)
{
  g_return_val_if_fail (set != NULL, NULL);
  return g_atomic_rc_box_acquire (set);
}

void
ferry_rule_set_unref (FerryRuleSet *set)
{
  g_return_if_fail (set != NULL);
  g_atomic_rc_box_release_full (set, rule_set_clear);
}

gboolean
ferry_rule_set_get_project_merge (FerryRuleSet *set)
{
  g_return_val_if_fail (set != NULL, FALSE);
  return set->project_merge;
}

FerryConflictAction
ferry_rule_set_get_default_action (FerryRuleSet *set)
{
  g_return_val_if_fail (set != NULL, FERRY_CONFLICT_ACTION_USE_EXISTING);
  return set->default_action;
}

gboolean
ferry_rule_set_get_undo_possible (FerryRuleSet *set)
{
  g_return_val_if_fail (set != NULL, FALSE);
  return set->undo_possible;
}

/* The rule of a project merge for SOURCE, or NULL for the default. */
static const Entry *
find_merge_rule (FerryRuleSet          *set,
                 const FerryRuleSource *source,
                 FerryRuleKind         *kind,
                 int                   *folder_level)
{
  const Entry *e;

  if (source->id != NULL && (e = g_hash_table_lookup (set->objects, source->id)) != NULL)
    {
      *kind = FERRY_RULE_KIND_OBJECT;
      return e;
    }

  if (g_hash_table_size (set->folders) > 0)
    {
      /* A folder's own rule covers the folder itself. */
      if (source->type == FOLDER_TYPE && source->id != NULL &&
          (e = g_hash_table_lookup (set->folders, source->id)) != NULL)
        {
          *kind = FERRY_RULE_KIND_FOLDER;
          *folder_level = (int) source->n_ancestors;
          return e;
        }
      /* Then the nearest folder up the path. */
      for (guint i = source->n_ancestors; i > 0; i--)
        {
          const char *folder = source->ancestor_ids[i - 1];

          if (folder != NULL && (e = g_hash_table_lookup (set->folders, folder)) != NULL)
            {
              *kind = FERRY_RULE_KIND_FOLDER;
              *folder_level = (int) i - 1;
              return e;
            }
        }
    }

  if (g_hash_table_size (set->types) > 0)
    {
      gint64 key;

      if (source->subtype > 0)
        {
          key = type_key (source->type, source->subtype);
          if ((e = g_hash_table_lookup (set->types, &key)) != NULL)
            {
              *kind = FERRY_RULE_KIND_OBJECT_TYPE;
              return e;
            }
        }
      key = type_key (source->type, 0);
      if ((e = g_hash_table_lookup (set->types, &key)) != NULL)
        {
          *kind = FERRY_RULE_KIND_OBJECT_TYPE;
          return e;
        }
    }

  return NULL;
}

void
ferry_rule_set_evaluate (FerryRuleSet              *set,
                         const FerryRuleSource     *source,
                         const FerryRuleTarget     *target,
                         const FerryConflictAction *content_action,
                         FerryRuleFlags             flags,
                         FerryRuleDecision         *decision)
{
  g_return_if_fail (set != NULL);
  g_return_if_fail (source != NULL);
  g_return_if_fail (decision != NULL);
  g_return_if_fail (source->n_ancestors == 0 || source->ancestor_ids != NULL);
  g_return_if_fail (target == NULL || target->version != NULL);

  decision->rule_index = -1;
  decision->folder_level = -1;

  if (content_action != NULL)
    {
      decision->kind = FERRY_RULE_KIND_CONTENT;
      decision->action = *content_action;
    }
  else
    {
      const Entry *e = NULL;
      FerryRuleKind kind = FERRY_RULE_KIND_DEFAULT;

      if (set->project_merge)
        e = find_merge_rule (set, source, &kind, &decision->folder_level);
      decision->kind = kind;
      if (e != NULL)
        {
          decision->action = e->action;
          decision->rule_index = e->index;
        }
      else
        decision->action = set->default_action;
    }

  decision->state = ferry_rules_target_state (source->version, source->modified_ms,
                                              target != NULL ? target->version : NULL,
                                              target != NULL ? target->modified_ms : 0);
  decision->outcome = (flags & FERRY_RULE_FLAG_DEPENDENCY_FAILS)
                      ? FERRY_OUTCOME_FAIL
                      : ferry_rules_outcome (decision->action, decision->state);
}

/* --- Explanations --- */

static char *
folder_label (const Entry           *e,
              const FerryRuleSource *source,
              int                    level)
{
  GString *path;

  if (e->label != NULL)
    return g_strdup (e->label);

  if (source->ancestor_names == NULL || level < 0 || (guint) level > source->n_ancestors ||
      (level == (int) source->n_ancestors && source->name == NULL))
    return g_strdup (e->id);

  /* The root folder (index 0) is not named in paths. */
  path = g_string_new (NULL);
  for (int i = 1; i <= level && (guint) i < source->n_ancestors; i++)
    {
      g_string_append_c (path, '\\');
      g_string_append (path, source->ancestor_names[i] ? source->ancestor_names[i] : "?");
    }
  if (level == (int) source->n_ancestors && level > 0)
    {
      g_string_append_c (path, '\\');
      g_string_append (path, source->name);
    }
  if (path->len == 0)
    g_string_append_c (path, '\\');
  return g_string_free (path, FALSE);
}

static char *
type_label (const Entry *e)
{
  const char *name = ferry_object_type_name (e->type, e->subtype);

  if (e->subtype > 0)
    {
      if (name != NULL)
        return g_strdup (name);
      return g_strdup_printf (_("type %d, subtype %d"), e->type, e->subtype);
    }
  if (name != NULL)
    /* Translators: a rule for every subtype of a type, e.g. "Report (all subtypes)" */
    return g_strdup_printf (_("%s (all subtypes)"), name);
  return g_strdup_printf (_("type %d (all subtypes)"), e->type);
}

char *
ferry_rule_set_explain (FerryRuleSet            *set,
                        const FerryRuleSource   *source,
                        const FerryRuleDecision *decision)
{
  const char *action;

  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (decision != NULL, NULL);

  /* In words, not JSON: "Default: use newer" */
  action = ferry_conflict_action_get_phrase (decision->action);

  switch (decision->kind)
    {
    case FERRY_RULE_KIND_CONTENT:
      /* Translators: an object migration's own action for an object, e.g. "Own action: replace" */
      return g_strdup_printf (_("Own action: %s"), action);

    case FERRY_RULE_KIND_OBJECT:
      return g_strdup_printf (_("Object rule: %s"), action);

    case FERRY_RULE_KIND_FOLDER:
      if (decision->rule_index >= 0 && (guint) decision->rule_index < set->folder_entries->len)
        {
          g_autofree char *label = folder_label (g_ptr_array_index (set->folder_entries, decision->rule_index),
                                                 source, decision->folder_level);
          return g_strdup_printf (_("Folder rule on %s: %s"), label, action);
        }
      break;

    case FERRY_RULE_KIND_OBJECT_TYPE:
      if (decision->rule_index >= 0 && (guint) decision->rule_index < set->type_entries->len)
        {
          g_autofree char *label = type_label (g_ptr_array_index (set->type_entries, decision->rule_index));
          return g_strdup_printf (_("Object-type rule %s: %s"), label, action);
        }
      break;

    case FERRY_RULE_KIND_DEFAULT:
    default:
      break;
    }
  /* Translators: the default action decided, e.g. "Default: use newer" */
  return g_strdup_printf (_("Default: %s"), action);
}

char *
ferry_rule_set_explain_full (FerryRuleSet            *set,
                             const FerryRuleSource   *source,
                             const FerryRuleDecision *decision)
{
  g_autofree char *rule = ferry_rule_set_explain (set, source, decision);

  if (rule == NULL)
    return NULL;
  if (decision->outcome == FERRY_OUTCOME_FAIL)
    /* Translators: rule; the target's state → "fail" */
    return g_strdup_printf (_("%s; %s → fails on a dependency"), rule,
                            ferry_target_state_to_string (decision->state));
  /* Translators: "Folder rule on \Reports: use existing; newer in the source → keep existing" */
  return g_strdup_printf (_("%s; %s → %s"), rule, ferry_target_state_to_string (decision->state),
                          ferry_outcome_to_string (decision->outcome));
}
