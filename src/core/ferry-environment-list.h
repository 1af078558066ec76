/* ferry-environment-list.h: the saved environments, as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-environment.h"

G_BEGIN_DECLS

#define FERRY_TYPE_ENVIRONMENT_LIST (ferry_environment_list_get_type ())
G_DECLARE_FINAL_TYPE (FerryEnvironmentList, ferry_environment_list, FERRY, ENVIRONMENT_LIST, GObject)

/* A GListModel of FerryEnvironment kept in SETTINGS' "environments" key
 * (aa{sv}); demo environments are listed but never saved. SETTINGS may be
 * NULL (nothing persists). */
FerryEnvironmentList *ferry_environment_list_new      (GSettings            *settings);
FerryEnvironment *ferry_environment_list_lookup       (FerryEnvironmentList *self,
                                                       const char           *name);
/* Validates (name unique) and appends; saves. */
gboolean          ferry_environment_list_add          (FerryEnvironmentList *self,
                                                       FerryEnvironment     *environment,
                                                       GError              **error);
/* Replaces the definition of OLD_NAME (disconnecting it); saves. */
gboolean          ferry_environment_list_update       (FerryEnvironmentList *self,
                                                       const char           *old_name,
                                                       FerryEnvironment     *environment,
                                                       GError              **error);
void              ferry_environment_list_remove       (FerryEnvironmentList *self,
                                                       const char           *name);

G_END_DECLS
