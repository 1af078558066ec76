/* ferry-type-rule-row.h: the row of an object-type rule in the settings editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A drop-down of the object types offered by name (plus the rule's own type
 * and subtype when it is none of them), bound both ways to a
 * FerryObjectTypeRule's "object-type" and "subtype"; the editor appends the
 * action drop-down and the remove button.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_TYPE_RULE_ROW (ferry_type_rule_row_get_type ())
G_DECLARE_FINAL_TYPE (FerryTypeRuleRow, ferry_type_rule_row, FERRY, TYPE_RULE_ROW, GtkListBoxRow)

GtkWidget           *ferry_type_rule_row_new                (FerryObjectTypeRule *rule);
FerryObjectTypeRule *ferry_type_rule_row_get_rule           (FerryTypeRuleRow    *self);
GtkDropDown         *ferry_type_rule_row_get_type_drop_down (FerryTypeRuleRow    *self);
/* Appends WIDGET after the type (the action drop-down, the remove button). */
void                 ferry_type_rule_row_add_suffix         (FerryTypeRuleRow    *self,
                                                             GtkWidget           *widget);

G_END_DECLS
