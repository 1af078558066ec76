/* ferry-sandbox-roles.h: who may do what: the signed-in user's privileges
 * and the certification of a migration package (see the route table,
 * ferry-sandbox-routes.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

void        sb_handle_session_privileges          (SbContext *ctx);
void        sb_handle_migration_certification     (SbContext *ctx);

G_END_DECLS
