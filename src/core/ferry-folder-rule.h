/* ferry-folder-rule.h: a rule for the objects of one folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A "folderActions" item {id, action}; properties "folder-id",
 * "folder-path" and (from FerryTocRule) "action". "folder-path" is for
 * display only (e.g. "\Public Objects\Reports": it names the rule in
 * explanations) and never written to JSON.
 */

#pragma once

#include "ferry-toc-rule.h"

G_BEGIN_DECLS

#define FERRY_TYPE_FOLDER_RULE (ferry_folder_rule_get_type ())
G_DECLARE_FINAL_TYPE (FerryFolderRule, ferry_folder_rule, FERRY, FOLDER_RULE, FerryTocRule)

FerryFolderRule     *ferry_folder_rule_new             (const char          *folder_id,
                                                        FerryConflictAction  action) G_GNUC_WARN_UNUSED_RESULT;
const char          *ferry_folder_rule_get_folder_id   (FerryFolderRule     *self);
void                 ferry_folder_rule_set_folder_id   (FerryFolderRule     *self,
                                                        const char          *folder_id);
const char          *ferry_folder_rule_get_folder_path (FerryFolderRule     *self);
void                 ferry_folder_rule_set_folder_path (FerryFolderRule     *self,
                                                        const char          *folder_path);
/* ferry_toc_rule_get_action() / _set_action() for a folder rule. */
FerryConflictAction  ferry_folder_rule_get_action      (FerryFolderRule     *self);
void                 ferry_folder_rule_set_action      (FerryFolderRule     *self,
                                                        FerryConflictAction  action);

G_END_DECLS
