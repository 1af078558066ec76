/* ferry-privileges.h: what the signed-in user may do on a server
 * (GET /api/sessions/privileges), and the server's clock seen on the way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A privilege is matched by its EnumDSSXMLPrivilegeTypes id (a string in
 * the answer) and, as a fallback, by its name. The answer's HTTP Date header
 * gives the server's clock: ferry_privileges_get_clock_offset().
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_PRIVILEGE_CREATE_PACKAGE,
  FERRY_PRIVILEGE_APPLY_PACKAGE,
  FERRY_PRIVILEGE_MANAGE_MIGRATION_PACKAGES,
  FERRY_PRIVILEGE_ADMINISTER_ENVIRONMENT,
  FERRY_PRIVILEGE_BYPASS_ACCESS_CHECKS,
} FerryPrivilege;

#define FERRY_TYPE_PRIVILEGE (ferry_privilege_get_type ())
GType        ferry_privilege_get_type       (void) G_GNUC_CONST;

/* The vendor's name of WHICH ("Apply package"), for messages. */
const char  *ferry_privilege_get_name       (FerryPrivilege which);
/* Its EnumDSSXMLPrivilegeTypes value as the privilege list sends it. */
const char  *ferry_privilege_get_id         (FerryPrivilege which);

#define FERRY_TYPE_PRIVILEGES (ferry_privileges_get_type ())
G_DECLARE_FINAL_TYPE (FerryPrivileges, ferry_privileges, FERRY, PRIVILEGES, GObject)

/* From the list GET /api/sessions/privileges answers: [{id, name,
 * isUserLevelAllowed, projects[{id, isUserLevelAllowed}]}]. */
FerryPrivileges *ferry_privileges_new_from_json (JsonNode        *node,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* The user holds WHICH: granted to the user (every project) or, when
 * PROJECT_ID is given, in that project; with PROJECT_ID NULL, anywhere. */
gboolean     ferry_privileges_has           (FerryPrivileges *self,
                                             FerryPrivilege   which,
                                             const char      *project_id);
/* The server's clock minus this computer's when the answer arrived, in
 * seconds (the Date header has one-second resolution); FALSE when the
 * answer had no Date header. */
gboolean     ferry_privileges_get_clock_offset (FerryPrivileges *self,
                                                gint64          *offset_s);

/* GET /api/sessions/privileges on CONNECTION, with the clock offset. */
void             ferry_privileges_fetch_async  (FerryConnection     *connection,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
FerryPrivileges *ferry_privileges_fetch_finish (FerryConnection     *connection,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
