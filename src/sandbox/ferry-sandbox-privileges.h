/* ferry-sandbox-privileges.h: the privileges the sandbox knows: their
 * names, ids (EnumDSSXMLPrivilegeTypes) and descriptions, and the list
 * GET /api/sessions/privileges serves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Depends on ferry-sandbox-store.h only (the SbPrivileges bits).
 */

#pragma once

#include "ferry-sandbox-store.h"

G_BEGIN_DECLS

typedef struct
{
  SbPrivileges  bit;
  const char   *id;            /* EnumDSSXMLPrivilegeTypes value, as a string */
  const char   *name;          /* as the vendor's privilege list names it */
  const char   *description;
} SbPrivilegeInfo;

/* The known privileges, in the order the list serves them; N_OUT (may be
 * NULL) receives their number. */
const SbPrivilegeInfo *sb_privileges_table    (guint       *n_out);
const SbPrivilegeInfo *sb_privilege_info      (SbPrivileges bit);
/* The names of the bits of MASK joined by SEPARATOR, in table order
 * ("Create package and Apply package"). */
char                  *sb_privileges_describe (guint        mask,
                                               const char  *separator);
/* GET /api/sessions/privileges for ACCOUNT: [{id, name, description,
 * isUserLevelAllowed, projects[{id, isUserLevelAllowed}]}]. */
JsonNode              *sb_privileges_to_api   (SbStore     *store,
                                               SbAccount   *account);

G_END_DECLS
