/* ferry-object-type-rule.h: a rule for the objects of one type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An "objectTypeActions" item {type, subtype, action}; properties
 * "object-type", "subtype" and (from FerryTocRule) "action". A subtype of 0
 * or less means "every subtype of the type" (then no "subtype" member is
 * written, unless the JSON the rule came from had one).
 */

#pragma once

#include "ferry-toc-rule.h"

G_BEGIN_DECLS

#define FERRY_TYPE_OBJECT_TYPE_RULE (ferry_object_type_rule_get_type ())
G_DECLARE_FINAL_TYPE (FerryObjectTypeRule, ferry_object_type_rule, FERRY, OBJECT_TYPE_RULE, FerryTocRule)

FerryObjectTypeRule *ferry_object_type_rule_new         (int                  type,
                                                         int                  subtype,
                                                         FerryConflictAction  action) G_GNUC_WARN_UNUSED_RESULT;
int                  ferry_object_type_rule_get_object_type (FerryObjectTypeRule *self);
void                 ferry_object_type_rule_set_object_type (FerryObjectTypeRule *self,
                                                             int                  type);
int                  ferry_object_type_rule_get_subtype (FerryObjectTypeRule *self);
void                 ferry_object_type_rule_set_subtype (FerryObjectTypeRule *self,
                                                         int                  subtype);
/* ferry_toc_rule_get_action() / _set_action() for an object-type rule. */
FerryConflictAction  ferry_object_type_rule_get_action  (FerryObjectTypeRule *self);
void                 ferry_object_type_rule_set_action  (FerryObjectTypeRule *self,
                                                         FerryConflictAction  action);

G_END_DECLS
