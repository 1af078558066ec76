/* ferry-sandbox-collect.h: collecting a package on the source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-conflicts.h"

G_BEGIN_DECLS

/* Builds a package on the source. CONTENT is the content list
 * ([{id, type, action, includeDependents, name?}]) or NULL for a project
 * merge (the whole PROJECT). PROJECT is NULL for configuration packages
 * (then the store's configuration is the source). Checks levels: a project
 * package takes project objects only, a configuration package
 * configuration objects only, a project_security package users and user
 * groups only (type 34). Unknown ids → SB_ERROR_NOT_FOUND. */
SbPackageFile *sb_collect_package          (SbStore       *store,
                                            SbProject     *project,
                                            const char    *type,
                                            const char    *purpose,
                                            JsonObject    *settings,
                                            JsonArray     *content,
                                            GError       **error);

G_END_DECLS
