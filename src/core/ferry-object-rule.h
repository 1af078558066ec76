/* ferry-object-rule.h: a rule for one object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An "objectActions" item {id, action}; properties "object-id", "name",
 * "object-type" and (from FerryTocRule) "action". "name" and "object-type"
 * (0 = unknown) are for display; they are written to JSON (as "name" and
 * "type") only when the JSON the rule came from carried them.
 */

#pragma once

#include "ferry-toc-rule.h"

G_BEGIN_DECLS

#define FERRY_TYPE_OBJECT_RULE (ferry_object_rule_get_type ())
G_DECLARE_FINAL_TYPE (FerryObjectRule, ferry_object_rule, FERRY, OBJECT_RULE, FerryTocRule)

FerryObjectRule     *ferry_object_rule_new             (const char          *object_id,
                                                        FerryConflictAction  action) G_GNUC_WARN_UNUSED_RESULT;
const char          *ferry_object_rule_get_object_id   (FerryObjectRule     *self);
void                 ferry_object_rule_set_object_id   (FerryObjectRule     *self,
                                                        const char          *object_id);
const char          *ferry_object_rule_get_name        (FerryObjectRule     *self);
void                 ferry_object_rule_set_name        (FerryObjectRule     *self,
                                                        const char          *name);
int                  ferry_object_rule_get_object_type (FerryObjectRule     *self);
void                 ferry_object_rule_set_object_type (FerryObjectRule     *self,
                                                        int                  type);
/* ferry_toc_rule_get_action() / _set_action() for an object rule. */
FerryConflictAction  ferry_object_rule_get_action      (FerryObjectRule     *self);
void                 ferry_object_rule_set_action      (FerryObjectRule     *self,
                                                        FerryConflictAction  action);

G_END_DECLS
