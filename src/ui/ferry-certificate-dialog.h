/* ferry-certificate-dialog.h: a server certificate this computer does not trust
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwMessageDialog "Untrusted Certificate" naming the host and the
 * certificate's SHA-256 fingerprint (selectable, monospace), with the
 * responses "cancel" (default and close response: refusing is the default)
 * and "trust" ("Trust This Certificate", destructive appearance). The
 * window stores trusted fingerprints per host (GSettings
 * trusted-certificates) and calls ferry_connection_set_trusted_certificate().
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FERRY_TYPE_CERTIFICATE_DIALOG (ferry_certificate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryCertificateDialog, ferry_certificate_dialog, FERRY, CERTIFICATE_DIALOG, AdwMessageDialog)

/* SHA256 as ferry_api_error_get_certificate_sha256() gives it
 * ("74:07:2C:…"); hex without colons is shown with them. */
FerryCertificateDialog *ferry_certificate_dialog_new            (GtkWindow              *parent,
                                                                 const char             *host,
                                                                 const char             *sha256);
/* For a FERRY_API_ERROR_TLS_UNTRUSTED error (host and fingerprint from it). */
FerryCertificateDialog *ferry_certificate_dialog_new_for_error  (GtkWindow              *parent,
                                                                 const GError           *error);
const char             *ferry_certificate_dialog_get_host       (FerryCertificateDialog *self);
/* Upper-case hex with colons. */
const char             *ferry_certificate_dialog_get_sha256     (FerryCertificateDialog *self);

G_END_DECLS
