/* ferry-sandbox-conflicts.h: conflict rules: which action applies to an
 * object of a package, and what it does to the target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-settings.h"

G_BEGIN_DECLS

/* Which action applies to an object of a package, from the settings. */
typedef struct
{
  gboolean    merge;           /* project merge: rule lists apply */
  const char *default_action;  /* borrowed from the settings */
  GHashTable *object_rules;    /* upper-case id (owned) → action (borrowed) */
  GHashTable *folder_rules;    /* upper-case id (owned) → action (borrowed) */
  GHashTable *type_rules;      /* GINT_TO_POINTER (type) → action */
  GHashTable *subtype_rules;   /* gint64* ((type << 32) | subtype) (owned) → action */
} SbRules;

/* Reads the rules of SETTINGS (borrowed: SETTINGS must outlive RULES);
 * MERGE: a project merge, where the rule lists apply. */
void           sb_rules_init               (SbRules       *rules,
                                            JsonObject    *settings,
                                            gboolean       merge);
void           sb_rules_clear              (SbRules       *rules);
/* The action for ITEM and, in *RULE_OUT, which rule gave it ("object",
 * "folder", "objectType", "default", "content"). */
const char    *sb_rules_resolve            (SbRules       *rules,
                                            const SbPackageItem *item,
                                            GHashTable    *source_folders,
                                            const char   **rule_out);

/* Every folder the package knows of (folder items and the folder chains),
 * id → SbObject (borrowed from PKG). */
GHashTable    *sb_source_folders_new       (const SbPackageFile *pkg);

/* Content as GET /api/packages/{id}?showContent=true shows it: per item
 * id, name, version, type, owner{id}, dateCreated, dateModified,
 * action (explicit action, else defaultAction), includeDependents,
 * explicitIncluded, level ("project_object" | "configuration_object"). */
JsonArray     *sb_package_file_content_json (const SbPackageFile *pkg);

typedef enum
{
  SB_OUTCOME_CREATE,
  SB_OUTCOME_REPLACE,
  SB_OUTCOME_KEEP_EXISTING,
  SB_OUTCOME_DUPLICATE,
  SB_OUTCOME_SKIP,
  SB_OUTCOME_DELETE,
} SbOutcome;

const char    *sb_outcome_to_string        (SbOutcome      outcome);

typedef struct
{
  char     *id;
  char     *name;
  int       type;
  int       subtype;
  char     *action;      /* the action that applied */
  char     *rule;        /* "object", "folder", "objectType", "default", "content" */
  SbOutcome outcome;
  char     *new_id;      /* DUPLICATE: the id of the new copy */
} SbPlanItem;

void           sb_plan_item_free           (SbPlanItem    *item);
SbPlanItem    *sb_plan_item_new            (const char    *id,
                                            const char    *name,
                                            int            type,
                                            int            subtype,
                                            const char    *action,
                                            const char    *rule,
                                            SbOutcome      outcome);
SbPlanItem    *sb_plan_item_for            (const SbObject *object,
                                            const char    *action,
                                            const char    *rule,
                                            SbOutcome      outcome);
/* SIZE empty slots, freeing SbPlanItem*. */
GPtrArray     *sb_plan_new                 (guint          size);
/* The conflict table of api.md, "Conflict actions": what ACTION does to
 * SOURCE given what the target holds (TARGET_COPY, NULL when absent). */
SbOutcome      sb_decide_outcome           (const char    *action,
                                            const SbObject *source,
                                            const SbObject *target_copy);


G_END_DECLS
