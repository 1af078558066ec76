/* ferry-sandbox-discovery.h: handlers of authentication, sessions and
 * discovery endpoints (see the route table, ferry-sandbox-routes.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

void        sb_handle_login                       (SbContext *ctx);
/* POST /api/auth/logout and DELETE /api/sessions */
void        sb_handle_logout                      (SbContext *ctx);
void        sb_handle_session_get                 (SbContext *ctx);
void        sb_handle_session_put                 (SbContext *ctx);
void        sb_handle_user_info                   (SbContext *ctx);
void        sb_handle_status                      (SbContext *ctx);
void        sb_handle_projects                    (SbContext *ctx);
void        sb_handle_project                     (SbContext *ctx);
void        sb_handle_folders                     (SbContext *ctx);
void        sb_handle_searches                    (SbContext *ctx);
void        sb_handle_objects                     (SbContext *ctx);
void        sb_handle_users                       (SbContext *ctx);
void        sb_handle_user_groups                 (SbContext *ctx);
void        sb_handle_metadata_search             (SbContext *ctx);
void        sb_handle_metadata_search_results     (SbContext *ctx);
void        sb_handle_storage                     (SbContext *ctx);

G_END_DECLS
