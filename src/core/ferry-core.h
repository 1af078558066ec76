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
