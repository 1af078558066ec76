/* ferry-preflight-check.h: one check of a pre-flight (FerryPreflight)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Properties (read-only; FerryPreflight sets them): "title" ("Privileges
 * on Production"), "state", "message" (what was found, a sentence),
 * "action" (the next action for a failure, else NULL), "blocking" (a
 * failure of this check stops Run).
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  FERRY_PREFLIGHT_PENDING,
  FERRY_PREFLIGHT_RUNNING,
  FERRY_PREFLIGHT_PASSED,
  FERRY_PREFLIGHT_NOTE,      /* passed, with something the user should know */
  FERRY_PREFLIGHT_FAILED,
} FerryPreflightState;

#define FERRY_TYPE_PREFLIGHT_STATE (ferry_preflight_state_get_type ())
GType ferry_preflight_state_get_type (void) G_GNUC_CONST;

#define FERRY_TYPE_PREFLIGHT_CHECK (ferry_preflight_check_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreflightCheck, ferry_preflight_check, FERRY, PREFLIGHT_CHECK, GObject)

FerryPreflightCheck *ferry_preflight_check_new         (const char          *title,
                                                        gboolean             blocking);
const char          *ferry_preflight_check_get_title   (FerryPreflightCheck *self);
FerryPreflightState  ferry_preflight_check_get_state   (FerryPreflightCheck *self);
const char          *ferry_preflight_check_get_message (FerryPreflightCheck *self);
const char          *ferry_preflight_check_get_action  (FerryPreflightCheck *self);
gboolean             ferry_preflight_check_get_blocking (FerryPreflightCheck *self);
/* A failed blocking check. */
gboolean             ferry_preflight_check_blocks      (FerryPreflightCheck *self);

/* Sets state, message and action at once (MESSAGE and ACTION may be NULL),
 * notifying what changed. */
void                 ferry_preflight_check_set_result  (FerryPreflightCheck *self,
                                                        FerryPreflightState  state,
                                                        const char          *message,
                                                        const char          *action);

G_END_DECLS
