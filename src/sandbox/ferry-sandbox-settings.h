/* ferry-sandbox-settings.h: the settings of a package: validation and keep_both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-package-file.h"

G_BEGIN_DECLS

/* Valid values, checked case-sensitively; an unknown value is an
 * SB_ERROR_INVALID naming the field and the allowed values. TYPE rules:
 * updateSchema (non-empty) only for "project"; aclOnReplacingObjects
 * (non-null) not for "project_security". PROJECT_MERGE enables the rule
 * lists (folderActions, objectTypeActions, objectActions),
 * validateDependencies and translationAction. */
gboolean       sb_settings_validate        (const char    *type,
                                            JsonObject    *settings,
                                            gboolean       project_merge,
                                            GError       **error);
/* FALSE, with an SB_ERROR_INVALID: "Invalid value NODE for FIELD:
 * expected one of ALLOWED". */
gboolean       sb_settings_invalid_value   (GError       **error,
                                            const char    *field,
                                            JsonNode      *node,
                                            const char * const *allowed);
gboolean       sb_settings_is_valid_action (const char    *action);
/* TRUE when keep_both appears in defaultAction, any rule list or any
 * content item action: no undo package can be made. */
gboolean       sb_settings_uses_keep_both  (JsonObject    *settings,
                                            JsonArray     *content);


G_END_DECLS
