/* ferry-sandbox-import.h: importing a package into a target, and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-conflicts.h"

G_BEGIN_DECLS

/* Imports PKG into TARGET (a project, or the configuration for a
 * configuration package; a project_security package updates TARGET's
 * security_links and the users it carries). All or nothing: every outcome
 * is computed first; a failure (version check, validateDependencies, a
 * blocked delete) returns FALSE with TARGET unchanged. On success, when
 * GENERATE_UNDO and no keep_both is used, *UNDO_OUT (may be NULL) receives
 * the undo package; *PLAN_OUT (may be NULL) the outcome per object. */
gboolean       sb_import_package           (SbStore       *store,
                                            SbProject     *target,
                                            const SbPackageFile *pkg,
                                            gboolean       generate_undo,
                                            SbPackageFile **undo_out,
                                            GPtrArray    **plan_out,
                                            GError       **error);
/* Validation: every check sb_import_package() makes (version direction,
 * package type against TARGET, validateDependencies, blocked deletes),
 * and nothing applied: TARGET and the store are left as they are. */
gboolean       sb_import_check             (SbStore       *store,
                                            SbProject     *target,
                                            const SbPackageFile *pkg,
                                            GPtrArray    **plan_out,
                                            GError       **error);
/* Restores what UNDO recorded, exactly (version, dates, definition,
 * folder, ACL); objects the import created are removed. */
gboolean       sb_import_undo              (SbStore       *store,
                                            SbProject     *target,
                                            const SbPackageFile *undo,
                                            GError       **error);


G_END_DECLS
