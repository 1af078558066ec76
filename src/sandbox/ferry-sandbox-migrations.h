/* ferry-sandbox-migrations.h: handlers of /api/migrations… (see the route
 * table, ferry-sandbox-routes.c): migrations through shared storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

void        sb_handle_migration_list              (SbContext *ctx);
void        sb_handle_migration_create            (SbContext *ctx);
void        sb_handle_migration_delete            (SbContext *ctx);
void        sb_handle_migration_get               (SbContext *ctx);
void        sb_handle_migration_patch             (SbContext *ctx);
void        sb_handle_migration_put               (SbContext *ctx);
void        sb_handle_migration_download          (SbContext *ctx);

G_END_DECLS
