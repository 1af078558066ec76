/* ferry-demo.h: the two local Library servers behind `ferry --demo`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_DEMO_STATE_STOPPED,
  FERRY_DEMO_STATE_STARTING,
  FERRY_DEMO_STATE_RUNNING,
} FerryDemoState;

#define FERRY_TYPE_DEMO_STATE (ferry_demo_state_get_type ())
GType ferry_demo_state_get_type (void);

#define FERRY_TYPE_DEMO (ferry_demo_get_type ())
G_DECLARE_FINAL_TYPE (FerryDemo, ferry_demo, FERRY, DEMO, GObject)

FerryDemo      *ferry_demo_new           (void) G_GNUC_WARN_UNUSED_RESULT;
FerryDemoState  ferry_demo_get_state     (FerryDemo            *self);
GListModel     *ferry_demo_get_servers   (FerryDemo            *self);
const char     *ferry_demo_get_directory (FerryDemo            *self);
void            ferry_demo_start_async   (FerryDemo            *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean        ferry_demo_start_finish  (FerryDemo            *self,
                                          GAsyncResult         *result,
                                          GError              **error);
void            ferry_demo_stop          (FerryDemo            *self);
/* Removes the demo folders ("ferry-demo-XXXXXX") in PARENT left behind by
 * demos that died without stopping: their pid file names a process that no
 * longer runs (or, for a folder older than pid files, the folder is over an
 * hour old). Only this user's folders; answers how many went. Starting a
 * demo does this in g_get_tmp_dir(). */
guint           ferry_demo_remove_stale_folders (const char    *parent);

G_END_DECLS
