/* ferry-toc-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-toc-settings"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-toc-settings.h"
#include "ferry-toc-rule-private.h"
#include "ferry-json.h"
#include "ferry-rules.h"   /* ferry_object_type_name() */

G_DEFINE_QUARK (ferry-toc-settings-error-quark, ferry_toc_settings_error)

/* ------------------------------------------------------------------------ */
/* Enumerations                                                              */
/* ------------------------------------------------------------------------ */

G_DEFINE_ENUM_TYPE (FerryPackageType, ferry_package_type,
  G_DEFINE_ENUM_VALUE (FERRY_PACKAGE_TYPE_PROJECT, "project"),
  G_DEFINE_ENUM_VALUE (FERRY_PACKAGE_TYPE_CONFIGURATION, "configuration"),
  G_DEFINE_ENUM_VALUE (FERRY_PACKAGE_TYPE_PROJECT_SECURITY, "project_security"))

G_DEFINE_ENUM_TYPE (FerryAclOnReplacing, ferry_acl_on_replacing,
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_USE_EXISTING, "use_existing"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_KEEP_BOTH, "keep_both"))

G_DEFINE_ENUM_TYPE (FerryAclOnNew, ferry_acl_on_new,
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_NEW_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT, "keep_acl_as_source_object"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER, "inherit_acl_as_dest_folder"))

G_DEFINE_ENUM_TYPE (FerryTranslationAction, ferry_translation_action,
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_EXISTING, "existing"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_NOT_MERGED, "not_merged"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_USE_EXISTING, "use_existing"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_FORCE_REPLACE, "force_replace"))

/* The JSON spellings, indexed by enum value (NULL: no spelling, i.e. unset).
 * These tables, not the GEnum nicks, decide what JSON accepts. */
static const char * const package_types[] = {
  "project", "configuration", "project_security", NULL
};
static const char * const acl_replacing_values[] = {
  NULL, "use_existing", "replace", "keep_both", NULL
};
static const char * const acl_new_values[] = {
  NULL, "keep_acl_as_source_object", "inherit_acl_as_dest_folder", NULL
};
static const char * const translation_values[] = {
  NULL, "existing", "not_merged", "use_existing", "replace", "force_replace", NULL
};
enum { N_UPDATE_SCHEMA = 3 };
static const char * const update_schema_values[] = {
  "recal_table_logical_size", "recal_table_keys_fact_entry_level", "update_schema_logical_info", NULL
};

const char *
ferry_package_type_to_string (FerryPackageType type)
{
  g_return_val_if_fail (type <= FERRY_PACKAGE_TYPE_PROJECT_SECURITY, NULL);
  return package_types[type];
}

gboolean
ferry_package_type_from_string (const char       *text,
                                FerryPackageType *out_type)
{
  int i = _ferry_toc_table_find (package_types, 0, text);

  if (i < 0)
    return FALSE;
  if (out_type != NULL)
    *out_type = (FerryPackageType) i;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The rule lists                                                            */
/* ------------------------------------------------------------------------ */

typedef enum
{
  LIST_FOLDER,
  LIST_OBJECT_TYPE,
  LIST_OBJECT,
  N_LISTS
} RuleList;

static const char * const list_members[N_LISTS] = {
  "folderActions", "objectTypeActions", "objectActions"
};

static GType
list_item_type (RuleList list)
{
  switch (list)
    {
    case LIST_FOLDER:
      return FERRY_TYPE_FOLDER_RULE;
    case LIST_OBJECT_TYPE:
      return FERRY_TYPE_OBJECT_TYPE_RULE;
    case LIST_OBJECT:
    case N_LISTS:
    default:
      return FERRY_TYPE_OBJECT_RULE;
    }
}


/* ------------------------------------------------------------------------ */
/* FerryTocSettings                                                          */
/* ------------------------------------------------------------------------ */

/* How a member appears in the JSON. */
typedef enum
{
  FORM_ABSENT,
  FORM_NULL,
  FORM_VALUE,
} Form;

struct _FerryTocSettings
{
  GObject                 parent_instance;

  FerryPackageType        package_type;
  gboolean                project_merge;

  Form                    update_schema_form;
  guint8                  update_schema[N_UPDATE_SCHEMA];  /* flag indices, JSON order */
  guint                   n_update_schema;

  Form                    acl_replacing_form;
  FerryAclOnReplacing     acl_replacing;
  Form                    acl_new_form;                    /* VALUE + UNSET: [] */
  FerryAclOnNew           acl_new;
  Form                    validate_form;
  gboolean                validate_dependencies;
  Form                    default_form;
  FerryConflictAction     default_action;
  Form                    translation_form;
  FerryTranslationAction  translation_action;

  Form                    list_form[N_LISTS];
  GListStore             *lists[N_LISTS];
  GPtrArray              *mirrors[N_LISTS];  /* the items we watch, in store order */

  JsonObject             *extra;             /* members Ferry does not model */

  gboolean                undo_possible;
  GStrv                   messages;

  guint                   batch;             /* > 0 while loading */
  gboolean                batch_dirty;
};

G_DEFINE_FINAL_TYPE (FerryTocSettings, ferry_toc_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PACKAGE_TYPE,
  PROP_PROJECT_MERGE,
  PROP_UPDATE_SCHEMA_LOGICAL_SIZE,
  PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL,
  PROP_UPDATE_SCHEMA_LOGICAL_INFO,
  PROP_ACL_ON_REPLACING_OBJECTS,
  PROP_ACL_ON_NEW_OBJECTS,
  PROP_VALIDATE_DEPENDENCIES,
  PROP_HAS_VALIDATE_DEPENDENCIES,
  PROP_DEFAULT_ACTION,
  PROP_TRANSLATION_ACTION,
  PROP_FOLDER_RULES,
  PROP_OBJECT_TYPE_RULES,
  PROP_OBJECT_RULES,
  PROP_UNDO_POSSIBLE,
  PROP_VALIDATION_MESSAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The property of update-schema flag I. */
static GParamSpec *
update_schema_pspec (guint flag)
{
  return properties[PROP_UPDATE_SCHEMA_LOGICAL_SIZE + flag];
}

static void update_derived (FerryTocSettings *self);

/* Every edit ends here: derived properties first, then "changed" (once per
 * load while a batch is open). */
static void
settings_changed (FerryTocSettings *self)
{
  if (self->batch > 0)
    {
      self->batch_dirty = TRUE;
      return;
    }
  update_derived (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
notify_and_change (FerryTocSettings *self,
                   GParamSpec       *pspec)
{
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  settings_changed (self);
}

/* --- derived state --- */

static gboolean
compute_undo_possible (FerryTocSettings *self)
{
  if (ferry_conflict_action_blocks_undo (self->default_action))
    return FALSE;
  for (guint l = 0; l < N_LISTS; l++)
    for (guint i = 0; i < self->mirrors[l]->len; i++)
      if (ferry_toc_rule_blocks_undo (g_ptr_array_index (self->mirrors[l], i)))
        return FALSE;
  return TRUE;
}

static gboolean
has_update_schema (FerryTocSettings *self)
{
  return self->n_update_schema > 0;
}

static gboolean
has_rules (FerryTocSettings *self)
{
  for (guint l = 0; l < N_LISTS; l++)
    if (self->mirrors[l]->len > 0)
      return TRUE;
  return FALSE;
}

static void
validate_rules (FerryTocSettings *self,
                GPtrArray        *out)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->mirrors[LIST_FOLDER]->len; i++)
    {
      FerryFolderRule *rule = g_ptr_array_index (self->mirrors[LIST_FOLDER], i);
      const char *id = ferry_folder_rule_get_folder_id (rule);
      const char *path = ferry_folder_rule_get_folder_path (rule);

      if (id == NULL || *id == '\0')
        {
          g_ptr_array_add (out, g_strdup_printf (_("Folder rule %u names no folder"), i + 1));
          continue;
        }
      if (!g_hash_table_add (seen, g_ascii_strup (id, -1)))
        g_ptr_array_add (out, g_strdup_printf (_("Folder %s has more than one folder rule; only the first applies"),
                                               path ? path : id));
    }

  g_hash_table_remove_all (seen);
  for (guint i = 0; i < self->mirrors[LIST_OBJECT]->len; i++)
    {
      FerryObjectRule *rule = g_ptr_array_index (self->mirrors[LIST_OBJECT], i);
      const char *id = ferry_object_rule_get_object_id (rule);
      const char *rule_name = ferry_object_rule_get_name (rule);

      if (id == NULL || *id == '\0')
        {
          g_ptr_array_add (out, g_strdup_printf (_("Object rule %u names no object"), i + 1));
          continue;
        }
      if (!g_hash_table_add (seen, g_ascii_strup (id, -1)))
        g_ptr_array_add (out, g_strdup_printf (_("Object %s has more than one object rule; only the first applies"),
                                               rule_name ? rule_name : id));
    }

  g_hash_table_remove_all (seen);
  for (guint i = 0; i < self->mirrors[LIST_OBJECT_TYPE]->len; i++)
    {
      FerryObjectTypeRule *rule = g_ptr_array_index (self->mirrors[LIST_OBJECT_TYPE], i);
      int type = ferry_object_type_rule_get_object_type (rule);
      const char *name = ferry_object_type_name (type, 0);
      g_autofree char *type_text = name ? g_strdup_printf ("%d (%s)", type, name)
                                        : g_strdup_printf ("%d", type);
      int subtype = MAX (ferry_object_type_rule_get_subtype (rule), 0);

      if (type <= 0)
        {
          g_ptr_array_add (out, g_strdup_printf (_("Object-type rule %u names no object type"), i + 1));
          continue;
        }
      if (subtype > 0 && subtype / 256 != type)
        g_ptr_array_add (out, g_strdup_printf (_("Object-type rule %u: subtype %d is not a subtype of type %s"),
                                               i + 1, subtype, type_text));
      if (!g_hash_table_add (seen, g_strdup_printf ("%d/%d", type, subtype)))
        g_ptr_array_add (out, subtype > 0
                              ? g_strdup_printf (_("Type %s, subtype %d has more than one object-type rule; only the first applies"),
                                                 type_text, subtype)
                              : g_strdup_printf (_("Type %s has more than one object-type rule for all its subtypes; only the first applies"),
                                                 type_text));
    }
}

gboolean
ferry_toc_settings_validate (FerryTocSettings  *self,
                             GPtrArray        **messages)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);

  if (self->project_merge && self->package_type != FERRY_PACKAGE_TYPE_PROJECT)
    g_ptr_array_add (out, g_strdup (_("A project merge always uses a project package")));
  if (has_update_schema (self) && self->package_type != FERRY_PACKAGE_TYPE_PROJECT)
    g_ptr_array_add (out, g_strdup (_("Schema updates apply only to project packages")));
  if (self->acl_replacing != FERRY_ACL_ON_REPLACING_UNSET &&
      self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY)
    g_ptr_array_add (out, g_strdup (_("ACL on replacing objects does not apply to project security packages")));
  if (has_rules (self) && !self->project_merge)
    g_ptr_array_add (out, g_strdup (_("Folder, object-type and object rules apply only to project merges")));
  if (self->translation_action != FERRY_TRANSLATION_ACTION_UNSET && !self->project_merge)
    g_ptr_array_add (out, g_strdup (_("The translation action applies only to project merges")));
  validate_rules (self, out);

  ok = out->len == 0;
  if (messages != NULL)
    *messages = g_steal_pointer (&out);
  return ok;
}

static void
update_derived (FerryTocSettings *self)
{
  g_autoptr(GPtrArray) list = NULL;
  gboolean undo_possible = compute_undo_possible (self);
  GStrv messages;

  if (undo_possible != self->undo_possible)
    {
      self->undo_possible = undo_possible;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_POSSIBLE]);
    }

  ferry_toc_settings_validate (self, &list);
  g_ptr_array_add (list, NULL);
  messages = (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
  /* the array's free func is g_free: the strings now belong to MESSAGES */
  if (self->messages != NULL && g_strv_equal ((const char * const *) self->messages,
                                              (const char * const *) messages))
    {
      g_strfreev (messages);
      return;
    }
  g_strfreev (self->messages);
  self->messages = messages;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_MESSAGES]);
}

/* --- watching the rule lists --- */

static void
rule_notify_cb (GObject          *rule,
                GParamSpec       *pspec,
                FerryTocSettings *self)
{
  settings_changed (self);
}

static void
watch_rule (FerryTocSettings *self,
            GObject          *rule)
{
  g_signal_connect (rule, "notify", G_CALLBACK (rule_notify_cb), self);
}

static void
unwatch_rule (gpointer data,
              gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (data, rule_notify_cb, user_data);
}

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  FerryTocSettings *self)
{
  RuleList l;
  GPtrArray *mirror;

  for (l = 0; l < N_LISTS; l++)
    if (G_LIST_MODEL (self->lists[l]) == model)
      break;
  g_return_if_fail (l < N_LISTS);
  mirror = self->mirrors[l];

  for (guint i = position; i < position + removed && i < mirror->len; i++)
    unwatch_rule (g_ptr_array_index (mirror, i), self);
  g_ptr_array_remove_range (mirror, position, MIN (removed, mirror->len - position));
  for (guint i = 0; i < added; i++)
    {
      GObject *rule = g_list_model_get_item (model, position + i);  /* a new reference */

      watch_rule (self, rule);
      g_ptr_array_insert (mirror, position + i, rule);
    }

  if (g_list_model_get_n_items (model) > 0)
    self->list_form[l] = FORM_VALUE;
  settings_changed (self);
}

/* --- GObject --- */

static void
ferry_toc_settings_dispose (GObject *object)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  for (guint l = 0; l < N_LISTS; l++)
    {
      if (self->lists[l] != NULL)
        g_signal_handlers_disconnect_by_func (self->lists[l], items_changed_cb, self);
      if (self->mirrors[l] != NULL)
        {
          g_ptr_array_foreach (self->mirrors[l], unwatch_rule, self);
          g_ptr_array_set_size (self->mirrors[l], 0);
        }
      g_clear_object (&self->lists[l]);
    }
  G_OBJECT_CLASS (ferry_toc_settings_parent_class)->dispose (object);
}

static void
ferry_toc_settings_finalize (GObject *object)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  for (guint l = 0; l < N_LISTS; l++)
    g_clear_pointer (&self->mirrors[l], g_ptr_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_strfreev (self->messages);
  G_OBJECT_CLASS (ferry_toc_settings_parent_class)->finalize (object);
}

static void
ferry_toc_settings_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_PACKAGE_TYPE:
      g_value_set_enum (value, self->package_type);
      break;
    case PROP_PROJECT_MERGE:
      g_value_set_boolean (value, self->project_merge);
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_SIZE:
      g_value_set_boolean (value, ferry_toc_settings_get_update_schema_logical_size (self));
      break;
    case PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL:
      g_value_set_boolean (value, ferry_toc_settings_get_update_schema_keys_fact_entry_level (self));
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_INFO:
      g_value_set_boolean (value, ferry_toc_settings_get_update_schema_logical_info (self));
      break;
    case PROP_ACL_ON_REPLACING_OBJECTS:
      g_value_set_enum (value, self->acl_replacing);
      break;
    case PROP_ACL_ON_NEW_OBJECTS:
      g_value_set_enum (value, self->acl_new);
      break;
    case PROP_VALIDATE_DEPENDENCIES:
      g_value_set_boolean (value, self->validate_dependencies);
      break;
    case PROP_HAS_VALIDATE_DEPENDENCIES:
      g_value_set_boolean (value, self->validate_form == FORM_VALUE);
      break;
    case PROP_DEFAULT_ACTION:
      g_value_set_enum (value, self->default_action);
      break;
    case PROP_TRANSLATION_ACTION:
      g_value_set_enum (value, self->translation_action);
      break;
    case PROP_FOLDER_RULES:
      g_value_set_object (value, self->lists[LIST_FOLDER]);
      break;
    case PROP_OBJECT_TYPE_RULES:
      g_value_set_object (value, self->lists[LIST_OBJECT_TYPE]);
      break;
    case PROP_OBJECT_RULES:
      g_value_set_object (value, self->lists[LIST_OBJECT]);
      break;
    case PROP_UNDO_POSSIBLE:
      g_value_set_boolean (value, self->undo_possible);
      break;
    case PROP_VALIDATION_MESSAGES:
      g_value_set_boxed (value, self->messages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_toc_settings_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_PACKAGE_TYPE:
      ferry_toc_settings_set_package_type (self, g_value_get_enum (value));
      break;
    case PROP_PROJECT_MERGE:
      ferry_toc_settings_set_project_merge (self, g_value_get_boolean (value));
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_SIZE:
      ferry_toc_settings_set_update_schema_logical_size (self, g_value_get_boolean (value));
      break;
    case PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL:
      ferry_toc_settings_set_update_schema_keys_fact_entry_level (self, g_value_get_boolean (value));
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_INFO:
      ferry_toc_settings_set_update_schema_logical_info (self, g_value_get_boolean (value));
      break;
    case PROP_ACL_ON_REPLACING_OBJECTS:
      ferry_toc_settings_set_acl_on_replacing_objects (self, g_value_get_enum (value));
      break;
    case PROP_ACL_ON_NEW_OBJECTS:
      ferry_toc_settings_set_acl_on_new_objects (self, g_value_get_enum (value));
      break;
    case PROP_VALIDATE_DEPENDENCIES:
      ferry_toc_settings_set_validate_dependencies (self, g_value_get_boolean (value));
      break;
    case PROP_HAS_VALIDATE_DEPENDENCIES:
      ferry_toc_settings_set_has_validate_dependencies (self, g_value_get_boolean (value));
      break;
    case PROP_DEFAULT_ACTION:
      ferry_toc_settings_set_default_action (self, g_value_get_enum (value));
      break;
    case PROP_TRANSLATION_ACTION:
      ferry_toc_settings_set_translation_action (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_toc_settings_constructed (GObject *object)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  G_OBJECT_CLASS (ferry_toc_settings_parent_class)->constructed (object);

  /* The defaults of ferry_toc_settings_new(); nothing is announced while
   * the object is being built (init opened a batch). */
  self->update_schema_form = FORM_NULL;
  self->acl_replacing_form = self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY ? FORM_NULL : FORM_VALUE;
  self->acl_replacing = self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY
                        ? FERRY_ACL_ON_REPLACING_UNSET : FERRY_ACL_ON_REPLACING_USE_EXISTING;
  self->acl_new_form = FORM_VALUE;
  self->acl_new = FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT;
  self->default_form = FORM_VALUE;
  self->default_action = FERRY_CONFLICT_ACTION_USE_EXISTING;

  self->batch--;
  self->batch_dirty = FALSE;
  self->undo_possible = compute_undo_possible (self);
  {
    g_autoptr(GPtrArray) list = NULL;

    ferry_toc_settings_validate (self, &list);
    g_ptr_array_add (list, NULL);
    self->messages = (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
  }
}

static void
ferry_toc_settings_class_init (FerryTocSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_toc_settings_dispose;
  object_class->finalize = ferry_toc_settings_finalize;
  object_class->constructed = ferry_toc_settings_constructed;
  object_class->get_property = ferry_toc_settings_get_property;
  object_class->set_property = ferry_toc_settings_set_property;

  properties[PROP_PACKAGE_TYPE] =
    g_param_spec_enum ("package-type", NULL, NULL,
                       FERRY_TYPE_PACKAGE_TYPE, FERRY_PACKAGE_TYPE_PROJECT, rw | G_PARAM_CONSTRUCT);
  properties[PROP_PROJECT_MERGE] =
    g_param_spec_boolean ("project-merge", NULL, NULL, FALSE, rw);
  properties[PROP_UPDATE_SCHEMA_LOGICAL_SIZE] =
    g_param_spec_boolean ("update-schema-logical-size", NULL, NULL, FALSE, rw);
  properties[PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL] =
    g_param_spec_boolean ("update-schema-keys-fact-entry-level", NULL, NULL, FALSE, rw);
  properties[PROP_UPDATE_SCHEMA_LOGICAL_INFO] =
    g_param_spec_boolean ("update-schema-logical-info", NULL, NULL, FALSE, rw);
  properties[PROP_ACL_ON_REPLACING_OBJECTS] =
    g_param_spec_enum ("acl-on-replacing-objects", NULL, NULL,
                       FERRY_TYPE_ACL_ON_REPLACING, FERRY_ACL_ON_REPLACING_UNSET, rw);
  properties[PROP_ACL_ON_NEW_OBJECTS] =
    g_param_spec_enum ("acl-on-new-objects", NULL, NULL,
                       FERRY_TYPE_ACL_ON_NEW, FERRY_ACL_ON_NEW_UNSET, rw);
  properties[PROP_VALIDATE_DEPENDENCIES] =
    g_param_spec_boolean ("validate-dependencies", NULL, NULL, FALSE, rw);
  properties[PROP_HAS_VALIDATE_DEPENDENCIES] =
    g_param_spec_boolean ("has-validate-dependencies", NULL, NULL, FALSE, rw);
  properties[PROP_DEFAULT_ACTION] =
    g_param_spec_enum ("default-action", NULL, NULL,
                       FERRY_TYPE_CONFLICT_ACTION, FERRY_CONFLICT_ACTION_USE_EXISTING, rw);
  properties[PROP_TRANSLATION_ACTION] =
    g_param_spec_enum ("translation-action", NULL, NULL,
                       FERRY_TYPE_TRANSLATION_ACTION, FERRY_TRANSLATION_ACTION_UNSET, rw);
  properties[PROP_FOLDER_RULES] =
    g_param_spec_object ("folder-rules", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_OBJECT_TYPE_RULES] =
    g_param_spec_object ("object-type-rules", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_OBJECT_RULES] =
    g_param_spec_object ("object-rules", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_UNDO_POSSIBLE] =
    g_param_spec_boolean ("undo-possible", NULL, NULL, TRUE, ro);
  properties[PROP_VALIDATION_MESSAGES] =
    g_param_spec_boxed ("validation-messages", NULL, NULL, G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_toc_settings_init (FerryTocSettings *self)
{
  self->batch = 1;  /* closed in constructed() */
  for (guint l = 0; l < N_LISTS; l++)
    {
      self->lists[l] = g_list_store_new (list_item_type (l));
      self->mirrors[l] = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_connect (self->lists[l], "items-changed", G_CALLBACK (items_changed_cb), self);
    }
}

FerryTocSettings *
ferry_toc_settings_new (FerryPackageType package_type)
{
  return g_object_new (FERRY_TYPE_TOC_SETTINGS, "package-type", package_type, NULL);
}

/* --- JSON in --- */

/* Everything read from a settings object before any of it is applied, so
 * a failure leaves the settings unchanged. */
typedef struct
{
  Form                    update_schema_form;
  guint8                  update_schema[N_UPDATE_SCHEMA];
  guint                   n_update_schema;
  Form                    acl_replacing_form;
  FerryAclOnReplacing     acl_replacing;
  Form                    acl_new_form;
  FerryAclOnNew           acl_new;
  Form                    validate_form;
  gboolean                validate_dependencies;
  Form                    default_form;
  FerryConflictAction     default_action;
  Form                    translation_form;
  FerryTranslationAction  translation_action;
  Form                    list_form[N_LISTS];
  GPtrArray              *rules[N_LISTS];
  JsonObject             *extra;
} Parsed;

static void
parsed_clear (Parsed *p)
{
  for (guint l = 0; l < N_LISTS; l++)
    g_clear_pointer (&p->rules[l], g_ptr_array_unref);
  g_clear_pointer (&p->extra, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static Form
form_of (JsonNode *node)
{
  if (node == NULL)
    return FORM_ABSENT;
  if (JSON_NODE_HOLDS_NULL (node))
    return FORM_NULL;
  return FORM_VALUE;
}

static gboolean
parse_update_schema (Parsed    *p,
                     JsonNode  *node,
                     GError   **error)
{
  JsonArray *array;

  p->update_schema_form = form_of (node);
  if (p->update_schema_form != FORM_VALUE)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _ferry_toc_json_fail_type (error, "settings.updateSchema", _("an array or null"), node);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("settings.updateSchema[%u]", i);
      gboolean seen = FALSE;
      int flag;

      if (!_ferry_toc_json_read_enum (json_array_get_element (array, i), path, update_schema_values, 0, &flag, error))
        return FALSE;
      for (guint k = 0; k < p->n_update_schema; k++)
        seen |= p->update_schema[k] == flag;
      if (!seen)
        p->update_schema[p->n_update_schema++] = (guint8) flag;
    }
  return TRUE;
}

static gboolean
parse_acl_new (Parsed    *p,
               JsonNode  *node,
               GError   **error)
{
  const char *path = "settings.aclOnNewObjects";
  JsonArray *array;
  int value = 0;

  p->acl_new_form = form_of (node);
  p->acl_new = FERRY_ACL_ON_NEW_UNSET;
  if (p->acl_new_form != FORM_VALUE)
    return TRUE;
  /* A bare string is read too (the SDK wraps one into a list); it is
   * written back as the array the server expects. */
  if (_ferry_toc_json_is_string (node))
    {
      if (!_ferry_toc_json_read_enum (node, path, acl_new_values, 1, &value, error))
        return FALSE;
      p->acl_new = (FerryAclOnNew) value;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _ferry_toc_json_fail_type (error, path, _("an array or null"), node);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      if (!_ferry_toc_json_read_enum (json_array_get_element (array, i), item_path, acl_new_values, 1, &value, error))
        return FALSE;
      if (p->acl_new != FERRY_ACL_ON_NEW_UNSET && p->acl_new != (FerryAclOnNew) value)
        {
          g_set_error (error, FERRY_TOC_SETTINGS_ERROR, FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
                       _("%s: holds both %s and %s; give only one"), path,
                       acl_new_values[p->acl_new], acl_new_values[value]);
          return FALSE;
        }
      p->acl_new = (FerryAclOnNew) value;
    }
  return TRUE;
}

static gboolean
parse_rules (Parsed    *p,
             RuleList   list,
             JsonNode  *node,
             GError   **error)
{
  g_autofree char *path = g_strdup_printf ("settings.%s", list_members[list]);
  JsonArray *array;

  p->list_form[list] = form_of (node);
  p->rules[list] = g_ptr_array_new_with_free_func (g_object_unref);
  if (p->list_form[list] != FORM_VALUE)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _ferry_toc_json_fail_type (error, path, _("an array"), node);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      FerryTocRule *rule = ferry_toc_rule_new_from_json (list_item_type (list), json_array_get_element (array, i),
                                                         item_path, error);

      if (rule == NULL)
        return FALSE;
      g_ptr_array_add (p->rules[list], rule);
    }
  return TRUE;
}

static gboolean
parse_settings (Parsed     *p,
                JsonObject *settings,
                GError    **error)
{
  static const char * const known[] = {
    "updateSchema", "aclOnReplacingObjects", "aclOnNewObjects", "validateDependencies",
    "defaultAction", "folderActions", "objectTypeActions", "objectActions",
    "translationAction", NULL
  };
  JsonNode *node;
  int value = 0;

  if (!parse_update_schema (p, json_object_get_member (settings, "updateSchema"), error))
    return FALSE;

  node = json_object_get_member (settings, "aclOnReplacingObjects");
  p->acl_replacing_form = form_of (node);
  p->acl_replacing = FERRY_ACL_ON_REPLACING_UNSET;
  if (p->acl_replacing_form == FORM_VALUE)
    {
      if (!_ferry_toc_json_read_enum (node, "settings.aclOnReplacingObjects", acl_replacing_values, 1, &value, error))
        return FALSE;
      p->acl_replacing = (FerryAclOnReplacing) value;
    }

  if (!parse_acl_new (p, json_object_get_member (settings, "aclOnNewObjects"), error))
    return FALSE;

  node = json_object_get_member (settings, "validateDependencies");
  p->validate_form = form_of (node);
  p->validate_dependencies = FALSE;
  if (p->validate_form == FORM_VALUE)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return _ferry_toc_json_fail_type (error, "settings.validateDependencies", _("a boolean"), node);
      p->validate_dependencies = json_node_get_boolean (node);
    }

  node = json_object_get_member (settings, "defaultAction");
  p->default_form = form_of (node);
  p->default_action = FERRY_CONFLICT_ACTION_USE_EXISTING;
  if (p->default_form == FORM_VALUE)
    {
      if (!_ferry_toc_json_read_action (node, "settings.defaultAction", &p->default_action, error))
        return FALSE;
    }

  for (guint l = 0; l < N_LISTS; l++)
    if (!parse_rules (p, l, json_object_get_member (settings, list_members[l]), error))
      return FALSE;

  node = json_object_get_member (settings, "translationAction");
  p->translation_form = form_of (node);
  p->translation_action = FERRY_TRANSLATION_ACTION_UNSET;
  if (p->translation_form == FORM_VALUE)
    {
      if (!_ferry_toc_json_read_enum (node, "settings.translationAction", translation_values, 1, &value, error))
        return FALSE;
      p->translation_action = (FerryTranslationAction) value;
    }

  p->extra = _ferry_toc_json_extra_members (settings, known);
  return TRUE;
}

static void
set_update_schema_flag (FerryTocSettings *self,
                        guint             flag,
                        gboolean          value)
{
  guint k;

  for (k = 0; k < self->n_update_schema; k++)
    if (self->update_schema[k] == flag)
      break;
  if (value == (k < self->n_update_schema))
    return;

  if (value)
    self->update_schema[self->n_update_schema++] = (guint8) flag;
  else
    {
      memmove (&self->update_schema[k], &self->update_schema[k + 1],
               self->n_update_schema - k - 1);
      self->n_update_schema--;
    }
  self->update_schema_form = FORM_VALUE;
  notify_and_change (self, update_schema_pspec (flag));
}

static void
apply_parsed (FerryTocSettings *self,
              Parsed           *p)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->batch++;

  for (guint flag = 0; flag < N_UPDATE_SCHEMA; flag++)
    set_update_schema_flag (self, flag, FALSE);
  for (guint k = 0; k < p->n_update_schema; k++)
    set_update_schema_flag (self, p->update_schema[k], TRUE);
  self->update_schema_form = p->update_schema_form;

  ferry_toc_settings_set_acl_on_replacing_objects (self, p->acl_replacing);
  self->acl_replacing_form = p->acl_replacing_form;
  ferry_toc_settings_set_acl_on_new_objects (self, p->acl_new);
  self->acl_new_form = p->acl_new_form;
  if (self->validate_dependencies != p->validate_dependencies)
    {
      self->validate_dependencies = p->validate_dependencies;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATE_DEPENDENCIES]);
    }
  if ((self->validate_form == FORM_VALUE) != (p->validate_form == FORM_VALUE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VALIDATE_DEPENDENCIES]);
  self->validate_form = p->validate_form;
  ferry_toc_settings_set_default_action (self, p->default_action);
  self->default_form = p->default_form;
  ferry_toc_settings_set_translation_action (self, p->translation_action);
  self->translation_form = p->translation_form;

  for (guint l = 0; l < N_LISTS; l++)
    {
      g_list_store_splice (self->lists[l], 0, g_list_model_get_n_items (G_LIST_MODEL (self->lists[l])),
                           p->rules[l]->pdata, p->rules[l]->len);
      self->list_form[l] = p->list_form[l];
    }

  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = g_steal_pointer (&p->extra);

  /* A load is an edit, even when it changed nothing. */
  self->batch--;
  self->batch_dirty = FALSE;
  g_object_thaw_notify (G_OBJECT (self));
  settings_changed (self);
}

gboolean
ferry_toc_settings_load_json (FerryTocSettings  *self,
                              JsonObject        *settings,
                              GError           **error)
{
  g_auto(Parsed) parsed = { 0 };

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_settings (&parsed, settings, error))
    return FALSE;
  apply_parsed (self, &parsed);
  return TRUE;
}

FerryTocSettings *
ferry_toc_settings_new_from_json (JsonObject        *settings,
                                  FerryPackageType   package_type,
                                  GError           **error)
{
  g_autoptr(FerryTocSettings) self = NULL;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ferry_toc_settings_new (package_type);
  if (!ferry_toc_settings_load_json (self, settings, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* --- JSON out --- */

JsonNode *
ferry_toc_settings_to_json (FerryTocSettings *self)
{
  JsonObject *out;
  JsonNode *node;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);

  out = json_object_new ();

  if (self->update_schema_form == FORM_NULL)
    json_object_set_null_member (out, "updateSchema");
  else if (self->update_schema_form == FORM_VALUE)
    {
      JsonArray *array = json_array_new ();

      for (guint k = 0; k < self->n_update_schema; k++)
        json_array_add_string_element (array, update_schema_values[self->update_schema[k]]);
      json_object_set_array_member (out, "updateSchema", array);
    }

  if (self->acl_replacing_form != FORM_ABSENT)
    {
      if (self->acl_replacing == FERRY_ACL_ON_REPLACING_UNSET)
        json_object_set_null_member (out, "aclOnReplacingObjects");
      else
        json_object_set_string_member (out, "aclOnReplacingObjects",
                                       acl_replacing_values[self->acl_replacing]);
    }

  if (self->acl_new_form == FORM_NULL)
    json_object_set_null_member (out, "aclOnNewObjects");
  else if (self->acl_new_form == FORM_VALUE)
    {
      JsonArray *array = json_array_new ();

      if (self->acl_new != FERRY_ACL_ON_NEW_UNSET)
        json_array_add_string_element (array, acl_new_values[self->acl_new]);
      json_object_set_array_member (out, "aclOnNewObjects", array);
    }

  if (self->validate_form == FORM_NULL)
    json_object_set_null_member (out, "validateDependencies");
  else if (self->validate_form == FORM_VALUE)
    json_object_set_boolean_member (out, "validateDependencies", self->validate_dependencies);

  if (self->default_form == FORM_NULL)
    json_object_set_null_member (out, "defaultAction");
  else if (self->default_form == FORM_VALUE)
    json_object_set_string_member (out, "defaultAction", ferry_conflict_action_to_string (self->default_action));

  for (guint l = 0; l < N_LISTS; l++)
    {
      if (self->list_form[l] == FORM_NULL)
        json_object_set_null_member (out, list_members[l]);
      else if (self->list_form[l] == FORM_VALUE)
        {
          JsonArray *array = json_array_new ();

          for (guint i = 0; i < self->mirrors[l]->len; i++)
            json_array_add_element (array, ferry_toc_rule_to_json (g_ptr_array_index (self->mirrors[l], i)));
          json_object_set_array_member (out, list_members[l], array);
        }
    }

  if (self->translation_form == FORM_NULL)
    json_object_set_null_member (out, "translationAction");
  else if (self->translation_form == FORM_VALUE && self->translation_action != FERRY_TRANSLATION_ACTION_UNSET)
    json_object_set_string_member (out, "translationAction", translation_values[self->translation_action]);

  _ferry_toc_json_add_members (out, self->extra);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  return node;
}

FerryTocSettings *
ferry_toc_settings_copy (FerryTocSettings *self)
{
  FerryTocSettings *copy;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);

  copy = g_object_new (FERRY_TYPE_TOC_SETTINGS,
                       "package-type", self->package_type,
                       "project-merge", self->project_merge,
                       NULL);
  copy->batch++;
  copy->update_schema_form = self->update_schema_form;
  memcpy (copy->update_schema, self->update_schema, sizeof self->update_schema);
  copy->n_update_schema = self->n_update_schema;
  copy->acl_replacing_form = self->acl_replacing_form;
  copy->acl_replacing = self->acl_replacing;
  copy->acl_new_form = self->acl_new_form;
  copy->acl_new = self->acl_new;
  copy->validate_form = self->validate_form;
  copy->validate_dependencies = self->validate_dependencies;
  copy->default_form = self->default_form;
  copy->default_action = self->default_action;
  copy->translation_form = self->translation_form;
  copy->translation_action = self->translation_action;
  for (guint l = 0; l < N_LISTS; l++)
    {
      g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < self->mirrors[l]->len; i++)
        g_ptr_array_add (rules, ferry_toc_rule_copy (g_ptr_array_index (self->mirrors[l], i)));
      g_list_store_splice (copy->lists[l], 0, 0, rules->pdata, rules->len);
      copy->list_form[l] = self->list_form[l];
    }
  if (self->extra != NULL)
    {
      copy->extra = json_object_new ();
      _ferry_toc_json_add_members (copy->extra, self->extra);
    }
  copy->batch--;
  copy->batch_dirty = FALSE;
  update_derived (copy);
  return copy;
}

/* --- Accessors --- */

FerryPackageType
ferry_toc_settings_get_package_type (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_PACKAGE_TYPE_PROJECT);
  return self->package_type;
}

void
ferry_toc_settings_set_package_type (FerryTocSettings *self,
                                     FerryPackageType  package_type)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (package_type <= FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
  if (self->package_type == package_type)
    return;
  self->package_type = package_type;
  notify_and_change (self, properties[PROP_PACKAGE_TYPE]);
}

gboolean
ferry_toc_settings_get_project_merge (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->project_merge;
}

void
ferry_toc_settings_set_project_merge (FerryTocSettings *self,
                                      gboolean          project_merge)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  project_merge = !!project_merge;
  if (self->project_merge == project_merge)
    return;
  self->project_merge = project_merge;
  notify_and_change (self, properties[PROP_PROJECT_MERGE]);
}

static gboolean
get_update_schema_flag (FerryTocSettings *self,
                        guint             flag)
{
  for (guint k = 0; k < self->n_update_schema; k++)
    if (self->update_schema[k] == flag)
      return TRUE;
  return FALSE;
}

gboolean
ferry_toc_settings_get_update_schema_logical_size (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return get_update_schema_flag (self, 0);
}

void
ferry_toc_settings_set_update_schema_logical_size (FerryTocSettings *self,
                                                   gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  set_update_schema_flag (self, 0, !!value);
}

gboolean
ferry_toc_settings_get_update_schema_keys_fact_entry_level (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return get_update_schema_flag (self, 1);
}

void
ferry_toc_settings_set_update_schema_keys_fact_entry_level (FerryTocSettings *self,
                                                            gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  set_update_schema_flag (self, 1, !!value);
}

gboolean
ferry_toc_settings_get_update_schema_logical_info (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return get_update_schema_flag (self, 2);
}

void
ferry_toc_settings_set_update_schema_logical_info (FerryTocSettings *self,
                                                   gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  set_update_schema_flag (self, 2, !!value);
}

FerryAclOnReplacing
ferry_toc_settings_get_acl_on_replacing_objects (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_ACL_ON_REPLACING_UNSET);
  return self->acl_replacing;
}

void
ferry_toc_settings_set_acl_on_replacing_objects (FerryTocSettings    *self,
                                                 FerryAclOnReplacing  value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (value <= FERRY_ACL_ON_REPLACING_KEEP_BOTH);
  if (self->acl_replacing == value)
    return;
  self->acl_replacing = value;
  self->acl_replacing_form = value == FERRY_ACL_ON_REPLACING_UNSET ? FORM_NULL : FORM_VALUE;
  notify_and_change (self, properties[PROP_ACL_ON_REPLACING_OBJECTS]);
}

FerryAclOnNew
ferry_toc_settings_get_acl_on_new_objects (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_ACL_ON_NEW_UNSET);
  return self->acl_new;
}

void
ferry_toc_settings_set_acl_on_new_objects (FerryTocSettings *self,
                                           FerryAclOnNew     value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (value <= FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER);
  if (self->acl_new == value)
    return;
  self->acl_new = value;
  self->acl_new_form = value == FERRY_ACL_ON_NEW_UNSET ? FORM_NULL : FORM_VALUE;
  notify_and_change (self, properties[PROP_ACL_ON_NEW_OBJECTS]);
}

gboolean
ferry_toc_settings_get_validate_dependencies (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->validate_dependencies;
}

void
ferry_toc_settings_set_validate_dependencies (FerryTocSettings *self,
                                              gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  value = !!value;
  if (self->validate_dependencies == value)
    return;
  self->validate_dependencies = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATE_DEPENDENCIES]);
  if (self->validate_form != FORM_VALUE)
    {
      self->validate_form = FORM_VALUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VALIDATE_DEPENDENCIES]);
    }
  settings_changed (self);
}

gboolean
ferry_toc_settings_get_has_validate_dependencies (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->validate_form == FORM_VALUE;
}

void
ferry_toc_settings_set_has_validate_dependencies (FerryTocSettings *self,
                                                  gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  if ((self->validate_form == FORM_VALUE) == !!value)
    return;
  self->validate_form = value ? FORM_VALUE : FORM_ABSENT;
  notify_and_change (self, properties[PROP_HAS_VALIDATE_DEPENDENCIES]);
}

FerryConflictAction
ferry_toc_settings_get_default_action (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return self->default_action;
}

void
ferry_toc_settings_set_default_action (FerryTocSettings    *self,
                                       FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE);
  if (self->default_action == action)
    return;
  self->default_action = action;
  self->default_form = FORM_VALUE;
  notify_and_change (self, properties[PROP_DEFAULT_ACTION]);
}

FerryTranslationAction
ferry_toc_settings_get_translation_action (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_TRANSLATION_ACTION_UNSET);
  return self->translation_action;
}

void
ferry_toc_settings_set_translation_action (FerryTocSettings       *self,
                                           FerryTranslationAction  action)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (action <= FERRY_TRANSLATION_ACTION_FORCE_REPLACE);
  if (self->translation_action == action)
    return;
  self->translation_action = action;
  /* Unset through the property: left out (package definitions have no
   * such member). */
  self->translation_form = action == FERRY_TRANSLATION_ACTION_UNSET ? FORM_ABSENT : FORM_VALUE;
  notify_and_change (self, properties[PROP_TRANSLATION_ACTION]);
}

GListStore *
ferry_toc_settings_get_folder_rules (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return self->lists[LIST_FOLDER];
}

GListStore *
ferry_toc_settings_get_object_type_rules (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return self->lists[LIST_OBJECT_TYPE];
}

GListStore *
ferry_toc_settings_get_object_rules (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return self->lists[LIST_OBJECT];
}

gboolean
ferry_toc_settings_get_undo_possible (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->undo_possible;
}

const char * const *
ferry_toc_settings_get_validation_messages (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return (const char * const *) self->messages;
}

/* ------------------------------------------------------------------------ */
/* What does not apply                                                       */
/* ------------------------------------------------------------------------ */

static gboolean
update_schema_on (FerryTocSettings *self)
{
  return ferry_toc_settings_get_update_schema_logical_size (self) ||
         ferry_toc_settings_get_update_schema_keys_fact_entry_level (self) ||
         ferry_toc_settings_get_update_schema_logical_info (self);
}

gboolean
ferry_toc_settings_has_inapplicable (FerryTocSettings *self)
{
  gboolean project, security;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);

  project = self->package_type == FERRY_PACKAGE_TYPE_PROJECT;
  security = self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY;
  return (!project && update_schema_on (self)) ||
         (security && self->acl_replacing != FERRY_ACL_ON_REPLACING_UNSET) ||
         (!self->project_merge && (has_rules (self) ||
                                   self->translation_action != FERRY_TRANSLATION_ACTION_UNSET));
}

void
ferry_toc_settings_clear_inapplicable (FerryTocSettings *self)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));

  if (self->package_type != FERRY_PACKAGE_TYPE_PROJECT)
    {
      ferry_toc_settings_set_update_schema_logical_size (self, FALSE);
      ferry_toc_settings_set_update_schema_keys_fact_entry_level (self, FALSE);
      ferry_toc_settings_set_update_schema_logical_info (self, FALSE);
    }
  if (self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY)
    ferry_toc_settings_set_acl_on_replacing_objects (self, FERRY_ACL_ON_REPLACING_UNSET);
  if (!self->project_merge)
    {
      g_list_store_remove_all (self->lists[LIST_FOLDER]);
      g_list_store_remove_all (self->lists[LIST_OBJECT_TYPE]);
      g_list_store_remove_all (self->lists[LIST_OBJECT]);
      ferry_toc_settings_set_translation_action (self, FERRY_TRANSLATION_ACTION_UNSET);
    }
}

/* ------------------------------------------------------------------------ */
/* The keep_both rule over JSON                                              */
/* ------------------------------------------------------------------------ */

/* TRUE when an item of ARRAY (NULL: none) has an action that blocks undo. */
static gboolean
array_blocks_undo (JsonArray *array)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          ferry_conflict_action_name_blocks_undo (ferry_json_get_string (json_node_get_object (element),
                                                                         "action")))
        return TRUE;
    }
  return FALSE;
}

gboolean
ferry_toc_json_blocks_undo (JsonObject *toc)
{
  JsonObject *settings = ferry_json_get_object (toc, "settings");

  if (toc == NULL)
    return FALSE;
  if (ferry_conflict_action_name_blocks_undo (ferry_json_get_string (settings, "defaultAction")))
    return TRUE;
  for (guint l = 0; l < N_LISTS; l++)
    if (array_blocks_undo (ferry_json_get_array (settings, list_members[l])))
      return TRUE;
  return array_blocks_undo (ferry_json_get_array (toc, "content"));
}
