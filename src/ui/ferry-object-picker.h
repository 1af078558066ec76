/* ferry-object-picker.h: a popover to pick objects from a server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_OBJECT_PICKER_SEARCH,            /* search the project by name */
  FERRY_OBJECT_PICKER_CONFIGURATION,     /* users and groups, plus a search of the configuration */
  FERRY_OBJECT_PICKER_USERS_AND_GROUPS,  /* users and groups only */
} FerryObjectPickerMode;

/* A popover with a search entry and the matching objects. Signal
 * "picked" (FerryObjectInfo *info) when a row is activated (the popover
 * stays open, so several can be picked). */
#define FERRY_TYPE_OBJECT_PICKER (ferry_object_picker_get_type ())
G_DECLARE_FINAL_TYPE (FerryObjectPicker, ferry_object_picker, FERRY, OBJECT_PICKER, GtkPopover)

GtkWidget         *ferry_object_picker_new          (void);
/* PROJECT_ID NULL: the configuration. CONNECTION NULL: nothing to pick from. */
void               ferry_object_picker_set_source   (FerryObjectPicker     *self,
                                                     FerryConnection       *connection,
                                                     const char            *project_id);
void               ferry_object_picker_set_mode     (FerryObjectPicker     *self,
                                                     FerryObjectPickerMode  mode);
/* Runs a search now (tests; the entry does it after typing). */
void               ferry_object_picker_search       (FerryObjectPicker     *self,
                                                     const char            *text);
/* The rows shown (GListModel of FerryObjectInfo). */
GListModel        *ferry_object_picker_get_results  (FerryObjectPicker     *self);

G_END_DECLS
