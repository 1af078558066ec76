/* ferry-toc-rule.h: the base class of the three rule kinds of a TOC
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rule is one item of "folderActions", "objectTypeActions" or
 * "objectActions" in tocView.settings: a conflict action for what the rule
 * names. FerryTocRule holds what the three share (the "action" property,
 * the JSON members Ferry does not model, JSON in and out, copying); each
 * kind is a final subclass: FerryFolderRule, FerryObjectTypeRule,
 * FerryObjectRule.
 *
 * The conflict action enumeration lives here too, with the one rule about
 * undo: an action that keeps both objects (keep_both, force_keep_both)
 * leaves nothing an undo package could restore.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * FerryConflictAction:
 *
 * What an import does with an object the target already holds
 * (api.md "Sandbox semantics"; see ferry-rules.h for the outcome table).
 */
typedef enum
{
  FERRY_CONFLICT_ACTION_USE_EXISTING,
  FERRY_CONFLICT_ACTION_REPLACE,
  FERRY_CONFLICT_ACTION_KEEP_BOTH,
  FERRY_CONFLICT_ACTION_USE_NEWER,
  FERRY_CONFLICT_ACTION_USE_OLDER,
  FERRY_CONFLICT_ACTION_FORCE_REPLACE,
  FERRY_CONFLICT_ACTION_DELETE,
} FerryConflictAction;

#define FERRY_TYPE_CONFLICT_ACTION     (ferry_conflict_action_get_type ())

GType        ferry_conflict_action_get_type       (void) G_GNUC_CONST;

/* JSON spellings ("use_existing"…). from_string() is exact (case-sensitive)
 * and returns FALSE for anything else. */
const char  *ferry_conflict_action_to_string      (FerryConflictAction  action);
gboolean     ferry_conflict_action_from_string    (const char          *text,
                                                   FerryConflictAction *out_action);

/* How Ferry says an action to the user (translated, static strings):
 * LABEL "Use newer" (a drop-down item), PHRASE "use newer" (inside a
 * sentence: "Default: use newer"), DESCRIPTION "Replace when the source
 * was changed later" (what it does to an object the target holds), and
 * WARNING (NULL for most): "Deletes the object in the target" for delete,
 * "Replaces even identical versions" for force_replace, "Turns off undo"
 * for keep_both — what to warn of where the action is chosen. */
const char  *ferry_conflict_action_get_label       (FerryConflictAction  action);
const char  *ferry_conflict_action_get_phrase      (FerryConflictAction  action);
const char  *ferry_conflict_action_get_description (FerryConflictAction  action);
const char  *ferry_conflict_action_get_warning     (FerryConflictAction  action);
/* One sentence for where a new migration's default action is shown, with
 * ACTION chosen as the default: why use_newer is suggested (when it is
 * chosen), else what use_newer would do instead. */
const char  *ferry_conflict_action_get_default_note (FerryConflictAction action);

/* The one keep_both rule: TRUE when an import with this action (as JSON
 * spells it: "keep_both", or the SDK's "force_keep_both") leaves no undo
 * package. NULL and anything else: FALSE. */
gboolean     ferry_conflict_action_name_blocks_undo (const char        *action);
/* The same for an action Ferry models. */
gboolean     ferry_conflict_action_blocks_undo    (FerryConflictAction  action);

/* --- FerryTocRule ---------------------------------------------------------- */

#define FERRY_TYPE_TOC_RULE (ferry_toc_rule_get_type ())
G_DECLARE_DERIVABLE_TYPE (FerryTocRule, ferry_toc_rule, FERRY, TOC_RULE, GObject)

/**
 * FerryTocRuleClass:
 * @load_json: reads the kind's own members of ITEM (the base has read
 *   "action" already); PATH names the item in errors ("settings.folderActions[2]")
 * @owns_member: TRUE when the JSON member NAME was read by load_json()
 *   (every other member is kept and written back untouched)
 * @save_json: writes the kind's own members to OUT ("action" and the kept
 *   members are the base's)
 * @copy_fields: copies the kind's own fields from SELF into COPY, a new
 *   rule of the same kind
 */
struct _FerryTocRuleClass
{
  GObjectClass parent_class;

  gboolean (*load_json)   (FerryTocRule  *self,
                           JsonObject    *item,
                           const char    *path,
                           GError       **error);
  gboolean (*owns_member) (FerryTocRule  *self,
                           const char    *name);
  void     (*save_json)   (FerryTocRule  *self,
                           JsonObject    *out);
  void     (*copy_fields) (FerryTocRule  *self,
                           FerryTocRule  *copy);
};

FerryConflictAction  ferry_toc_rule_get_action      (FerryTocRule        *self);
void                 ferry_toc_rule_set_action      (FerryTocRule        *self,
                                                     FerryConflictAction  action);
/* TRUE when the rule's action leaves no undo package. */
gboolean             ferry_toc_rule_blocks_undo     (FerryTocRule        *self);

/* A new rule of RULE_TYPE (a subclass) read from NODE, an item of its
 * list; PATH names the item in errors. NULL and ERROR set when NODE is not
 * a rule of that kind. */
FerryTocRule        *ferry_toc_rule_new_from_json   (GType                rule_type,
                                                     JsonNode            *node,
                                                     const char          *path,
                                                     GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* A new JSON object node: the item as it goes into its list. */
JsonNode            *ferry_toc_rule_to_json         (FerryTocRule        *self) G_GNUC_WARN_UNUSED_RESULT;
/* An independent copy of the same kind (display-only fields too). */
FerryTocRule        *ferry_toc_rule_copy            (FerryTocRule        *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
