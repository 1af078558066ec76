/* ferry-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-demo.h"

G_BEGIN_DECLS

#define FERRY_TYPE_APPLICATION (ferry_application_get_type ())
G_DECLARE_FINAL_TYPE (FerryApplication, ferry_application, FERRY, APPLICATION, AdwApplication)

FerryApplication *ferry_application_new      (void) G_GNUC_WARN_UNUSED_RESULT;
FerryDemo        *ferry_application_get_demo (FerryApplication *self);
FerryEnvironmentList *ferry_application_get_environments (FerryApplication *self);
GSettings        *ferry_application_get_settings (FerryApplication *self);
FerryMigrationMonitor *ferry_application_get_migration_monitor (FerryApplication *self);

G_END_DECLS
