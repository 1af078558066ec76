/* ferry-password-dialog.h: ask for a password the keyring does not have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwMessageDialog "Password for USER at ENVIRONMENT" with a password
 * entry. Responses: "cancel" (also the close response) and "connect"
 * (suggested, the default: Enter in the entry activates it). As every
 * AdwMessageDialog it closes itself after "response"; read the password
 * inside the response handler. An empty password is allowed (the
 * sandbox's administrator has one).
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
/* A sentence under the entry, e.g. "Login failed" after a wrong password
 * (NULL hides it). */
void                 ferry_password_dialog_set_error        (FerryPasswordDialog *self,
                                                             const char          *message);

G_END_DECLS
