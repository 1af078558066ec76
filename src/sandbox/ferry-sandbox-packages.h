/* ferry-sandbox-packages.h: handlers of /api/packages… (see the route
 * table, ferry-sandbox-routes.c): session-bound package holders and
 * import processes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

void        sb_handle_create_holder               (SbContext *ctx);
void        sb_handle_get_holder                  (SbContext *ctx);
void        sb_handle_define_holder               (SbContext *ctx);
void        sb_handle_delete_holder               (SbContext *ctx);
void        sb_handle_download_holder             (SbContext *ctx);
void        sb_handle_upload_holder               (SbContext *ctx);
void        sb_handle_create_import               (SbContext *ctx);
void        sb_handle_get_import                  (SbContext *ctx);
void        sb_handle_delete_import               (SbContext *ctx);
void        sb_handle_download_undo               (SbContext *ctx);

G_END_DECLS
