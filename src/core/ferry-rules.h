/* ferry-rules.h: the conflict-rule engine behind the preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions: which rule applies to one object of the source and what
 * the import will do to the target (api.md "Sandbox semantics").
 *
 * Build a FerryRuleSet from a FerryTocSettings once (on the main thread), then
 * evaluate objects with it from any thread: a rule set is immutable and
 * reference-counted, and evaluation allocates nothing.
 *
 * Which action applies:
 *   - an explicit content action (a package or object-migration content
 *     item's own "action") always applies to that item;
 *   - in a project merge (the settings' "project-merge"): object rule (by id)
 *     > folder rule (the nearest folder on the object's path whose id has a
 *     rule; a folder's own rule covers the folder itself) > object-type rule
 *     (same type and subtype; a rule for the exact subtype beats a rule
 *     without one, which covers every subtype) > defaultAction;
 *   - otherwise (dependents pulled in by includeDependents): defaultAction.
 * When a list names the same folder, object or type/subtype twice, the
 * first rule wins (ferry_toc_settings_validate() reports the duplicate).
 * Ids are compared without regard to case.
 *
 * What the action does, by the state of the target's copy ("newer" compares
 * modification times; equal times count as "target newer"):
 *
 *   action         absent   same version  source newer  target newer/equal
 *   use_existing   create   skip          keep          keep
 *   replace        create   skip          replace       replace
 *   force_replace  create   replace       replace       replace
 *   keep_both      create   skip          duplicate     duplicate
 *   use_newer      create   skip          replace       keep
 *   use_older      create   skip          keep          replace
 *   delete         skip     delete        delete        delete
 *
 * No cell of the table fails. FERRY_OUTCOME_FAIL is reserved for the caller:
 * pass FERRY_RULE_FLAG_DEPENDENCY_FAILS when it knows the import will fail
 * on this object (a delete of an object that other target objects still
 * use, or a missing dependency under validateDependencies); imports are all
 * or nothing, so the whole import then fails.
 */

#pragma once

#include <glib-object.h>

#include "ferry-toc-settings.h"

G_BEGIN_DECLS

/**
 * FerryOutcome:
 * @FERRY_OUTCOME_CREATE: the object appears in the target
 * @FERRY_OUTCOME_REPLACE: the target's copy becomes the source's object
 * @FERRY_OUTCOME_KEEP_EXISTING: the target's copy differs and stays, by rule
 * @FERRY_OUTCOME_DUPLICATE: the target's copy stays; the source object is
 *   saved as a new object "<name> (1)"
 * @FERRY_OUTCOME_SKIP: nothing to do (identical, or delete of an absent object)
 * @FERRY_OUTCOME_DELETE: the target's copy is removed
 * @FERRY_OUTCOME_FAIL: the import fails on this object (only when the caller
 *   flags it)
 */
typedef enum
{
  FERRY_OUTCOME_CREATE,
  FERRY_OUTCOME_REPLACE,
  FERRY_OUTCOME_KEEP_EXISTING,
  FERRY_OUTCOME_DUPLICATE,
  FERRY_OUTCOME_SKIP,
  FERRY_OUTCOME_DELETE,
  FERRY_OUTCOME_FAIL,
} FerryOutcome;

/**
 * FerryTargetState:
 * @FERRY_TARGET_STATE_ABSENT: no object with the id in the target
 * @FERRY_TARGET_STATE_SAME_VERSION: same id and version
 * @FERRY_TARGET_STATE_SOURCE_NEWER: other version, the source's modification
 *   time is strictly later
 * @FERRY_TARGET_STATE_TARGET_NEWER: other version, the target's modification
 *   time is later or equal
 */
typedef enum
{
  FERRY_TARGET_STATE_ABSENT,
  FERRY_TARGET_STATE_SAME_VERSION,
  FERRY_TARGET_STATE_SOURCE_NEWER,
  FERRY_TARGET_STATE_TARGET_NEWER,
} FerryTargetState;

/**
 * FerryRuleKind: which rule decided the action.
 */
typedef enum
{
  FERRY_RULE_KIND_CONTENT,
  FERRY_RULE_KIND_OBJECT,
  FERRY_RULE_KIND_FOLDER,
  FERRY_RULE_KIND_OBJECT_TYPE,
  FERRY_RULE_KIND_DEFAULT,
} FerryRuleKind;

typedef enum
{
  FERRY_RULE_FLAG_NONE             = 0,
  FERRY_RULE_FLAG_DEPENDENCY_FAILS = 1 << 0,
} FerryRuleFlags;

#define FERRY_TYPE_OUTCOME      (ferry_outcome_get_type ())
#define FERRY_TYPE_TARGET_STATE (ferry_target_state_get_type ())
#define FERRY_TYPE_RULE_KIND    (ferry_rule_kind_get_type ())

GType ferry_outcome_get_type      (void) G_GNUC_CONST;
GType ferry_target_state_get_type (void) G_GNUC_CONST;
GType ferry_rule_kind_get_type    (void) G_GNUC_CONST;

/**
 * FerryRuleSource:
 * @id: the object's id
 * @name: its name (optional; explanations of a folder's own rule use it)
 * @type: EnumDSSXMLObjectTypes (8 = folder)
 * @subtype: EnumDSSXMLObjectSubTypes
 * @ancestor_ids: the ids of the folders holding the object, ROOT FIRST and
 *   the containing folder LAST — the order of the API's "ancestors" array
 *   (may be NULL when @n_ancestors is 0)
 * @ancestor_names: their names in the same order (optional: NULL), used to
 *   name a folder rule in explanations ("\Public Objects\Reports"; the root
 *   folder is not named in paths)
 * @n_ancestors: length of both arrays
 * @version: the object's version id
 * @modified_ms: its modification time, milliseconds since the epoch (UTC)
 *
 * One object of the source. Every pointer is borrowed for the call.
 */
typedef struct
{
  const char         *id;
  const char         *name;
  int                 type;
  int                 subtype;
  const char * const *ancestor_ids;
  const char * const *ancestor_names;
  guint               n_ancestors;
  const char         *version;
  gint64              modified_ms;
} FerryRuleSource;

/**
 * FerryRuleTarget: the target's copy of the object (same id); @version is
 * required.
 */
typedef struct
{
  const char *version;
  gint64      modified_ms;
} FerryRuleTarget;

/**
 * FerryRuleDecision:
 * @kind: which rule applied
 * @action: the action it gives
 * @state: the target's copy, compared with the source
 * @outcome: what the import does
 * @rule_index: position of the rule in its list (folder, object-type or
 *   object rules); -1 for content and default
 * @folder_level: for a folder rule, the index in @ancestor_ids of the
 *   folder whose rule applied, or n_ancestors when it is the object itself
 *   (a folder); -1 otherwise
 */
typedef struct
{
  FerryRuleKind        kind;
  FerryConflictAction  action;
  FerryTargetState     state;
  FerryOutcome         outcome;
  int                  rule_index;
  int                  folder_level;
} FerryRuleDecision;

/* --- The table, alone ------------------------------------------------------ */

/* TARGET_VERSION NULL = absent. Versions are compared without regard to case. */
FerryTargetState ferry_rules_target_state        (const char          *source_version,
                                                  gint64               source_modified_ms,
                                                  const char          *target_version,
                                                  gint64               target_modified_ms);
FerryOutcome     ferry_rules_outcome             (FerryConflictAction  action,
                                                  FerryTargetState     state);

/* "create", "replace", "keep existing", "duplicate", "skip", "delete", "fail" */
const char      *ferry_outcome_to_string         (FerryOutcome         outcome);
/* "absent from the target", "same version in the target", "newer in the
 * source", "newer or as new in the target". */
const char      *ferry_target_state_to_string    (FerryTargetState     state);

/* A display name for an object type: the subtype's when known ("Custom
 * group" for 1/257), else the type's ("Filter" for type 1), else NULL.
 * SUBTYPE <= 0 asks for the type's name. */
const char      *ferry_object_type_name          (int                  type,
                                                  int                  subtype);

/* The object types offered by name where a rule is made ("Filter",
 * "Grid report", "Report (all subtypes)"…): index → translated label, type
 * and subtype (0 = all subtypes). find() gives the index of TYPE and
 * SUBTYPE (<= 0: all subtypes), or -1. */
guint            ferry_object_type_presets_get_n  (void);
const char      *ferry_object_type_preset_get     (guint                index,
                                                   int                 *type,
                                                   int                 *subtype);
int              ferry_object_type_preset_find    (int                  type,
                                                   int                  subtype);

/* An API timestamp ("2022-03-16T07:38:40.125+0000", any ISO 8601 offset)
 * as milliseconds since the epoch. */
gboolean         ferry_rules_parse_time          (const char          *text,
                                                  gint64              *out_ms);

/* --- Rule sets --------------------------------------------------------------- */

typedef struct _FerryRuleSet FerryRuleSet;

#define FERRY_TYPE_RULE_SET (ferry_rule_set_get_type ())
GType            ferry_rule_set_get_type         (void) G_GNUC_CONST;

/* A snapshot of SETTINGS: later edits of SETTINGS do not change it. */
FerryRuleSet    *ferry_rule_set_new              (FerryTocSettings    *settings);
FerryRuleSet    *ferry_rule_set_ref              (FerryRuleSet        *set);
void             ferry_rule_set_unref            (FerryRuleSet        *set);
gboolean         ferry_rule_set_get_project_merge (FerryRuleSet       *set);
FerryConflictAction ferry_rule_set_get_default_action (FerryRuleSet   *set);
/* FALSE when keep_both is the default action or any rule's action. */
gboolean         ferry_rule_set_get_undo_possible (FerryRuleSet       *set);

/* Fills DECISION for SOURCE. TARGET NULL: the target holds no copy.
 * CONTENT_ACTION: the explicit action of a content item, or NULL (merges,
 * and dependents pulled in by includeDependents). Thread-safe. */
void             ferry_rule_set_evaluate         (FerryRuleSet        *set,
                                                  const FerryRuleSource *source,
                                                  const FerryRuleTarget *target,
                                                  const FerryConflictAction *content_action,
                                                  FerryRuleFlags       flags,
                                                  FerryRuleDecision   *decision);

/* Which rule applied, for a person: "Object rule: replace", "Folder rule
 * on \Public Objects\Reports: use existing", "Object-type rule Filter:
 * use existing", "Object-type rule Report (all subtypes): replace",
 * "Own action: replace", "Default: use existing". A folder is
 * named by the rule's folder-path, else by SOURCE's ancestor names, else by
 * its id. SOURCE must be the object DECISION was made for. */
char            *ferry_rule_set_explain          (FerryRuleSet        *set,
                                                  const FerryRuleSource *source,
                                                  const FerryRuleDecision *decision);
/* The rule, the target's state and the outcome: "Folder rule on \Public
 * Objects\Reports: use existing; newer in the source → keep existing". */
char            *ferry_rule_set_explain_full     (FerryRuleSet        *set,
                                                  const FerryRuleSource *source,
                                                  const FerryRuleDecision *decision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryRuleSet, ferry_rule_set_unref)

G_END_DECLS
