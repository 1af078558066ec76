/* ferry-sandbox-migration-edit.h: PUT /api/migrations/{id}/packageInfo,
 * editing a package on its source (§5.2 E)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

/* 202 {"id":"<packageId>","status":"creating","progress":0.0}; the package
 * is collected again from the edited packageInfo and rewritten by a create
 * job. Only on the source, while the package is created or create_failed
 * and its import request pending or rejected; 400 ERR006 otherwise. */
void        sb_handle_migration_edit        (SbContext *ctx);

G_END_DECLS
