/* ferry-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-demo.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WINDOW (ferry_window_get_type ())
G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

FerryWindow *ferry_window_new       (GtkApplication *application) G_GNUC_WARN_UNUSED_RESULT;
FerryDemo   *ferry_window_get_demo  (FerryWindow    *self);
void         ferry_window_set_demo  (FerryWindow    *self,
                                     FerryDemo      *demo);
void         ferry_window_add_toast (FerryWindow    *self,
                                     AdwToast       *toast);

G_END_DECLS
