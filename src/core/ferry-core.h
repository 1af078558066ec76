/* ferry-core.h: the GUI-free library; include this one header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Core sees GLib, GIO, libsoup and json-glib only: never GTK, libadwaita or
 * the sandbox (the build gives it no include path for them, and the
 * "layering" test checks the sources).
 */

#pragma once

#include "ferry-error.h"
#include "ferry-json.h"
/* connection */
#include "ferry-connection.h"
#include "ferry-object-info.h"
#include "ferry-discovery.h"
#include "ferry-folder-model.h"
#include "ferry-inventory.h"
#include "ferry-compare.h"
#include "ferry-toc-rule.h"
#include "ferry-folder-rule.h"
#include "ferry-object-type-rule.h"
#include "ferry-object-rule.h"
#include "ferry-inventory-loader.h"
#include "ferry-toc-settings.h"
#include "ferry-rules.h"
/* migrations and jobs */
#include "ferry-library-api.h"
#include "ferry-migration.h"
#include "ferry-migration-list.h"
#include "ferry-job.h"
#include "ferry-migration-job.h"
#include "ferry-undo-job.h"
#include "ferry-delete-job.h"
#include "ferry-package-job.h"
#include "ferry-package-create-job.h"
#include "ferry-package-import-job.h"
#include "ferry-file-import-job.h"
#include "ferry-validation-job.h"
#include "ferry-package-edit-job.h"
/* environments */
#include "ferry-environment.h"
#include "ferry-environment-list.h"
#include "ferry-environment-projects.h"
/* plans, the preview, the migration draft, the object rows, the export */
#include "ferry-plan.h"
#include "ferry-preview.h"
#include "ferry-preview-rows.h"
#include "ferry-migration-draft.h"
#include "ferry-draft-file.h"
#include "ferry-object-row.h"
#include "ferry-migrations-export.h"
#include "ferry-pager.h"
#include "ferry-migration-monitor.h"
#include "ferry-migration-actions.h"
#include "ferry-trust-store.h"
#include "ferry-privileges.h"
#include "ferry-preflight-check.h"
#include "ferry-preflight.h"
