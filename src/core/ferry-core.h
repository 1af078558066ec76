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
#include "ferry-inventory.h"
#include "ferry-compare.h"
#include "ferry-toc-settings.h"
#include "ferry-rules.h"
/* migrations and jobs */
#include "ferry-library-api.h"
#include "ferry-migration.h"
#include "ferry-migration-list.h"
#include "ferry-job.h"
/* environments */
#include "ferry-environment.h"
#include "ferry-pager.h"
#include "ferry-migration-monitor.h"
#include "ferry-migration-actions.h"
#include "ferry-trust-store.h"
