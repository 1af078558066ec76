/* ferry-toc-rule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-toc-rule"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-toc-rule.h"
#include "ferry-toc-rule-private.h"
#include "ferry-json.h"
#include "ferry-toc-settings.h"   /* FERRY_TOC_SETTINGS_ERROR */

/* ------------------------------------------------------------------------ */
/* The conflict action                                                       */
/* ------------------------------------------------------------------------ */

G_DEFINE_ENUM_TYPE (FerryConflictAction, ferry_conflict_action,
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_USE_EXISTING, "use_existing"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_KEEP_BOTH, "keep_both"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_USE_NEWER, "use_newer"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_USE_OLDER, "use_older"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_FORCE_REPLACE, "force_replace"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_DELETE, "delete"))

/* The JSON spellings, indexed by enum value. This table, not the GEnum
 * nicks, decides what JSON accepts. */
static const char * const conflict_actions[] = {
  "use_existing", "replace", "keep_both", "use_newer", "use_older", "force_replace", "delete", NULL
};

/* How the actions are said, indexed by enum value (see the header). */
typedef struct
{
  const char *label;
  const char *phrase;
  const char *description;
  const char *warning;
} ActionWords;

static const ActionWords action_words[] = {
  { N_("Use existing"), N_("use existing"),
    N_("Keep the target’s copy; only what the target lacks is added"), NULL },
  { N_("Replace"), N_("replace"),
    N_("Replace the target’s copy whenever the versions differ"), NULL },
  { N_("Keep both"), N_("keep both"),
    N_("Add the source’s copy beside the target’s; turns off undo"), N_("Turns off undo") },
  { N_("Use newer"), N_("use newer"),
    N_("Replace when the source was changed later"), NULL },
  { N_("Use older"), N_("use older"),
    N_("Replace when the source was changed earlier"), NULL },
  { N_("Force replace"), N_("force replace"),
    N_("Replace the target’s copy, even an identical version"), N_("Replaces even identical versions") },
  { N_("Delete"), N_("delete"),
    N_("Delete the object from the target"), N_("Deletes the object in the target") },
};

/* The actions that keep both objects, as JSON spells them ("force_keep_both"
 * is the SDK's; Ferry does not model it but meets it in migrations made
 * elsewhere). */
static const char * const keep_both_actions[] = {
  "keep_both", "force_keep_both", NULL
};

const char *
ferry_conflict_action_to_string (FerryConflictAction action)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, NULL);
  return conflict_actions[action];
}

const char *
ferry_conflict_action_get_label (FerryConflictAction action)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, NULL);
  return _(action_words[action].label);
}

const char *
ferry_conflict_action_get_phrase (FerryConflictAction action)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, NULL);
  return _(action_words[action].phrase);
}

const char *
ferry_conflict_action_get_description (FerryConflictAction action)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, NULL);
  return _(action_words[action].description);
}

const char *
ferry_conflict_action_get_warning (FerryConflictAction action)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, NULL);
  return action_words[action].warning != NULL ? _(action_words[action].warning) : NULL;
}

const char *
ferry_conflict_action_get_default_note (FerryConflictAction action)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, NULL);
  if (action == FERRY_CONFLICT_ACTION_USE_NEWER)
    return _("Suggested: what is newer in the source comes over, and what the target changed later stays.");
  return _("Use newer, the suggested default, brings over what is newer in the source and keeps what the target changed later.");
}

gboolean
ferry_conflict_action_from_string (const char          *text,
                                   FerryConflictAction *out_action)
{
  int i = _ferry_toc_table_find (conflict_actions, 0, text);

  if (i < 0)
    return FALSE;
  if (out_action != NULL)
    *out_action = (FerryConflictAction) i;
  return TRUE;
}

gboolean
ferry_conflict_action_name_blocks_undo (const char *action)
{
  /* Without case, as the Migrations page always read servers' records. */
  if (action == NULL)
    return FALSE;
  for (guint i = 0; keep_both_actions[i] != NULL; i++)
    if (g_ascii_strcasecmp (keep_both_actions[i], action) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ferry_conflict_action_blocks_undo (FerryConflictAction action)
{
  return ferry_conflict_action_name_blocks_undo (ferry_conflict_action_to_string (action));
}

/* ------------------------------------------------------------------------ */
/* JSON reading: every failure names the field                               */
/* ------------------------------------------------------------------------ */

int
_ferry_toc_table_find (const char * const *table,
                       guint               first,
                       const char         *text)
{
  for (guint i = first; table[i] != NULL; i++)
    if (g_strcmp0 (table[i], text) == 0)
      return (int) i;
  return -1;
}

static const char *
node_kind (JsonNode *node)
{
  if (node == NULL)
    return _("nothing");
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return _("a number");
    default:
      return _("a value");
    }
}

gboolean
_ferry_toc_json_fail_type (GError    **error,
                           const char *path,
                           const char *expected,
                           JsonNode   *node)
{
  g_set_error (error, FERRY_TOC_SETTINGS_ERROR, FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
               /* Translators: "settings.defaultAction: expected a string, got a number" */
               _("%s: expected %s, got %s"), path, expected, node_kind (node));
  return FALSE;
}

static gboolean
fail_value (GError             **error,
            const char          *path,
            const char          *value,
            const char * const  *table,
            guint                first)
{
  g_autofree char *allowed = g_strjoinv (", ", (char **) &table[first]);

  g_set_error (error, FERRY_TOC_SETTINGS_ERROR, FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
               /* Translators: "settings.defaultAction: 'x' is not one of use_existing, replace, …" */
               _("%s: '%s' is not one of %s"), path, value, allowed);
  return FALSE;
}

gboolean
_ferry_toc_json_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
_ferry_toc_json_read_enum (JsonNode           *node,
                           const char         *path,
                           const char * const *table,
                           guint               first,
                           int                *out,
                           GError            **error)
{
  const char *text;
  int i;

  if (!_ferry_toc_json_is_string (node))
    return _ferry_toc_json_fail_type (error, path, _("a string"), node);
  text = json_node_get_string (node);
  i = _ferry_toc_table_find (table, first, text);
  if (i < 0)
    return fail_value (error, path, text, table, first);
  *out = i;
  return TRUE;
}

gboolean
_ferry_toc_json_read_action (JsonNode            *node,
                             const char          *path,
                             FerryConflictAction *out,
                             GError             **error)
{
  int value = 0;

  if (!_ferry_toc_json_read_enum (node, path, conflict_actions, 0, &value, error))
    return FALSE;
  *out = (FerryConflictAction) value;
  return TRUE;
}

gboolean
_ferry_toc_json_read_int (JsonNode   *node,
                          const char *path,
                          int        *out,
                          GError    **error)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (node);
          if (v >= G_MININT && v <= G_MAXINT)
            {
              *out = (int) v;
              return TRUE;
            }
        }
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double v = json_node_get_double (node);
          if (v >= G_MININT && v <= G_MAXINT && v == (double) (int) v)
            {
              *out = (int) v;
              return TRUE;
            }
        }
    }
  return _ferry_toc_json_fail_type (error, path, _("an integer"), node);
}

typedef gboolean (*KnownFunc) (const char *name,
                               gpointer    data);

/* Members of ITEM that KNOWN does not claim, or NULL. */
static JsonObject *
collect_extra (JsonObject *item,
               KnownFunc   known,
               gpointer    data)
{
  JsonObject *extra = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, item);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (known (name, data))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, name, ferry_json_node_copy_deep (value));
    }
  return extra;
}

static gboolean
in_list (const char *name,
         gpointer    data)
{
  return g_strv_contains (data, name);
}

JsonObject *
_ferry_toc_json_extra_members (JsonObject         *item,
                               const char * const *known)
{
  return collect_extra (item, in_list, (gpointer) known);
}

void
_ferry_toc_json_add_members (JsonObject *out,
                             JsonObject *extra)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (extra == NULL)
    return;
  json_object_iter_init (&iter, extra);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (out, name, ferry_json_node_copy_deep (value));
}

/* ------------------------------------------------------------------------ */
/* FerryTocRule                                                              */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryConflictAction  action;
  JsonObject          *extra;   /* members Ferry does not model (may be NULL) */
} FerryTocRulePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FerryTocRule, ferry_toc_rule, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_toc_rule_finalize (GObject *object)
{
  FerryTocRulePrivate *priv = ferry_toc_rule_get_instance_private (FERRY_TOC_RULE (object));

  g_clear_pointer (&priv->extra, json_object_unref);
  G_OBJECT_CLASS (ferry_toc_rule_parent_class)->finalize (object);
}

static void
ferry_toc_rule_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FerryTocRule *self = FERRY_TOC_RULE (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      g_value_set_enum (value, ferry_toc_rule_get_action (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_toc_rule_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FerryTocRule *self = FERRY_TOC_RULE (object);

  switch (prop_id)
    {
    case PROP_ACTION:
      ferry_toc_rule_set_action (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
ferry_toc_rule_real_owns_member (FerryTocRule *self,
                                 const char   *name)
{
  return FALSE;
}

static void
ferry_toc_rule_class_init (FerryTocRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_toc_rule_finalize;
  object_class->get_property = ferry_toc_rule_get_property;
  object_class->set_property = ferry_toc_rule_set_property;

  klass->owns_member = ferry_toc_rule_real_owns_member;

  properties[PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL,
                       FERRY_TYPE_CONFLICT_ACTION, FERRY_CONFLICT_ACTION_USE_EXISTING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_toc_rule_init (FerryTocRule *self)
{
}

FerryConflictAction
ferry_toc_rule_get_action (FerryTocRule *self)
{
  FerryTocRulePrivate *priv;

  g_return_val_if_fail (FERRY_IS_TOC_RULE (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  priv = ferry_toc_rule_get_instance_private (self);
  return priv->action;
}

void
ferry_toc_rule_set_action (FerryTocRule        *self,
                           FerryConflictAction  action)
{
  FerryTocRulePrivate *priv;

  g_return_if_fail (FERRY_IS_TOC_RULE (self));
  g_return_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE);
  priv = ferry_toc_rule_get_instance_private (self);
  if (priv->action == action)
    return;
  priv->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTION]);
}

gboolean
ferry_toc_rule_blocks_undo (FerryTocRule *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_RULE (self), FALSE);
  return ferry_conflict_action_blocks_undo (ferry_toc_rule_get_action (self));
}

static gboolean
owned_by_rule (const char *name,
               gpointer    data)
{
  FerryTocRule *self = data;

  return g_str_equal (name, "action") || FERRY_TOC_RULE_GET_CLASS (self)->owns_member (self, name);
}

FerryTocRule *
ferry_toc_rule_new_from_json (GType        rule_type,
                              JsonNode    *node,
                              const char  *path,
                              GError     **error)
{
  g_autoptr(FerryTocRule) rule = NULL;
  g_autofree char *action_path = NULL;
  FerryTocRulePrivate *priv;
  JsonObject *item;

  g_return_val_if_fail (g_type_is_a (rule_type, FERRY_TYPE_TOC_RULE), NULL);
  g_return_val_if_fail (!G_TYPE_IS_ABSTRACT (rule_type), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _ferry_toc_json_fail_type (error, path, _("an object"), node);
      return NULL;
    }
  item = json_node_get_object (node);
  rule = g_object_new (rule_type, NULL);
  priv = ferry_toc_rule_get_instance_private (rule);
  action_path = g_strdup_printf ("%s.action", path);
  if (!_ferry_toc_json_read_action (json_object_get_member (item, "action"), action_path,
                                    &priv->action, error))
    return NULL;
  if (!FERRY_TOC_RULE_GET_CLASS (rule)->load_json (rule, item, path, error))
    return NULL;
  priv->extra = collect_extra (item, owned_by_rule, rule);
  return g_steal_pointer (&rule);
}

JsonNode *
ferry_toc_rule_to_json (FerryTocRule *self)
{
  FerryTocRulePrivate *priv;
  JsonObject *out;
  JsonNode *node;

  g_return_val_if_fail (FERRY_IS_TOC_RULE (self), NULL);

  priv = ferry_toc_rule_get_instance_private (self);
  out = json_object_new ();
  FERRY_TOC_RULE_GET_CLASS (self)->save_json (self, out);
  json_object_set_string_member (out, "action", conflict_actions[priv->action]);
  _ferry_toc_json_add_members (out, priv->extra);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  return node;
}

FerryTocRule *
ferry_toc_rule_copy (FerryTocRule *self)
{
  FerryTocRulePrivate *priv, *copy_priv;
  FerryTocRule *copy;

  g_return_val_if_fail (FERRY_IS_TOC_RULE (self), NULL);

  priv = ferry_toc_rule_get_instance_private (self);
  copy = g_object_new (G_OBJECT_TYPE (self), NULL);
  copy_priv = ferry_toc_rule_get_instance_private (copy);
  copy_priv->action = priv->action;
  copy_priv->extra = priv->extra != NULL ? ferry_json_object_copy_deep (priv->extra) : NULL;
  FERRY_TOC_RULE_GET_CLASS (self)->copy_fields (self, copy);
  return copy;
}
