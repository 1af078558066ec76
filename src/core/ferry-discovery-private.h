/* ferry-discovery-private.h: test hooks of the discovery calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests only: nothing in the product may call these.
 */

#pragma once

#include "ferry-discovery.h"

G_BEGIN_DECLS

/* Every listing asks for pages of SIZE items (0: the normal sizes), so a
 * test can prove that all pages are read without thousands of objects. */
void _ferry_discovery_set_page_size_for_tests (guint size);

G_END_DECLS
