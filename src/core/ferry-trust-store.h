/* ferry-trust-store.h: the certificates the user chose to trust
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * TLS certificates that failed verification but that the user trusts, kept
 * in the "trusted-certificates" key of the application's settings: the host
 * (and ":port" when not 443), lower case, mapped to the certificate's
 * SHA-256 fingerprint in lowercase hex without colons; and when each was
 * trusted in "trusted-certificate-dates". Without settings nothing is
 * remembered. "changed" is emitted whenever the trusted hosts change
 * (through this store or any other over the same settings).
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_TYPE_TRUST_STORE (ferry_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (FerryTrustStore, ferry_trust_store, FERRY, TRUST_STORE, GObject)

/* SETTINGS: nullable, with the "trusted-certificates" key. */
FerryTrustStore *ferry_trust_store_new    (GSettings       *settings) G_GNUC_WARN_UNUSED_RESULT;

/* The fingerprint trusted for BASE_URL's host and port, or NULL. */
char            *ferry_trust_store_lookup (FerryTrustStore *self,
                                           const char      *base_url) G_GNUC_WARN_UNUSED_RESULT;
/* Trusts SHA256 (hex, with or without colons, any case) for BASE_URL's
 * host and port, in place of what was trusted there before. */
void             ferry_trust_store_store  (FerryTrustStore *self,
                                           const char      *base_url,
                                           const char      *sha256);

/* The trusted hosts ("host" or "host:port"), sorted; never NULL. */
char           **ferry_trust_store_list_hosts (FerryTrustStore *self) G_GNUC_WARN_UNUSED_RESULT;
/* HOST's fingerprint (lowercase hex) and when it was trusted (NULL when
 * unknown: trusted before dates were kept); FALSE when HOST is not trusted. */
gboolean         ferry_trust_store_get_host   (FerryTrustStore *self,
                                               const char      *host,
                                               char           **sha256,
                                               GDateTime      **trusted_at);
/* Forgets HOST (as listed): the next connection to it asks again. */
void             ferry_trust_store_remove_host (FerryTrustStore *self,
                                                const char      *host);
/* The host key of BASE_URL ("host" or "host:port"), or NULL. */
char            *ferry_trust_store_host_for_url (const char     *base_url) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
