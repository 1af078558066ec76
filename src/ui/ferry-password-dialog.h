/* ferry-password-dialog.h: ask for a password the keyring does not have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwMessageDialog "Password for USER at ENVIRONMENT" with a password
 * entry. Responses: "cancel" (also the close response) and "connect"
 * (suggested, the default: Enter in the entry activates it, as it
 * activates the window's default widget). An empty password is allowed
 * (MicroStrategy's default Administrator, the demo's, has none).
 *
 * Unlike a plain AdwMessageDialog it does not close on "connect": it
 * shows "Connecting…" with a spinner in place (ferry_password_dialog_get_busy()),
 * and whoever connects either destroys it once connected or says why not
 * with ferry_password_dialog_set_error(), which makes it ready for another
 * try (Enter again). Every other response ("cancel", Escape, the close
 * button) closes it.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_PASSWORD_DIALOG (ferry_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryPasswordDialog, ferry_password_dialog, FERRY, PASSWORD_DIALOG, AdwMessageDialog)

FerryPasswordDialog *ferry_password_dialog_new              (GtkWindow           *parent,
                                                             FerryEnvironment    *environment);
FerryEnvironment    *ferry_password_dialog_get_environment  (FerryPasswordDialog *self);
/* What is typed (never NULL). */
const char          *ferry_password_dialog_get_password     (FerryPasswordDialog *self);
/* A sentence under the entry, e.g. "The user name or password is wrong"
 * (NULL hides it); it ends the busy state and gives the entry the focus. */
void                 ferry_password_dialog_set_error        (FerryPasswordDialog *self,
                                                             const char          *message);
/* TRUE from "connect" until set_error() (or set_busy (FALSE)). */
gboolean             ferry_password_dialog_get_busy         (FerryPasswordDialog *self);
void                 ferry_password_dialog_set_busy         (FerryPasswordDialog *self,
                                                             gboolean             busy);

G_END_DECLS
