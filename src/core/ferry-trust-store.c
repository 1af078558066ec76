/* ferry-trust-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-trust-store"

#include "config.h"

#include "ferry-trust-store.h"

#define TRUST_KEY "trusted-certificates"

struct _FerryTrustStore
{
  GObject    parent_instance;

  GSettings *settings;   /* nullable */
};

G_DEFINE_FINAL_TYPE (FerryTrustStore, ferry_trust_store, G_TYPE_OBJECT)

/* "host" or "host:port" (when not 443), as trusted-certificates keys hosts. */
static char *
certificate_key (const char *base_url)
{
  g_autoptr(GUri) uri = base_url != NULL ? g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL) : NULL;
  int port;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  port = g_uri_get_port (uri);
  if (port <= 0 || port == 443)
    return g_ascii_strdown (g_uri_get_host (uri), -1);

  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

static void
ferry_trust_store_dispose (GObject *object)
{
  FerryTrustStore *self = FERRY_TRUST_STORE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_trust_store_parent_class)->dispose (object);
}

static void
ferry_trust_store_class_init (FerryTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ferry_trust_store_dispose;
}

static void
ferry_trust_store_init (FerryTrustStore *self)
{
}

FerryTrustStore *
ferry_trust_store_new (GSettings *settings)
{
  FerryTrustStore *self;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FERRY_TYPE_TRUST_STORE, NULL);
  g_set_object (&self->settings, settings);
  return self;
}

char *
ferry_trust_store_lookup (FerryTrustStore *self,
                          const char      *base_url)
{
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *key = NULL;
  char *sha256 = NULL;

  g_return_val_if_fail (FERRY_IS_TRUST_STORE (self), NULL);

  key = certificate_key (base_url);
  if (self->settings == NULL || key == NULL)
    return NULL;

  trusted = g_settings_get_value (self->settings, TRUST_KEY);
  if (!g_variant_lookup (trusted, key, "s", &sha256))
    return NULL;

  return sha256;
}

void
ferry_trust_store_store (FerryTrustStore *self,
                         const char      *base_url,
                         const char      *sha256)
{
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *key = NULL;
  g_autofree char *lower = NULL;
  char *out;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *host;
  const char *value;

  g_return_if_fail (FERRY_IS_TRUST_STORE (self));
  g_return_if_fail (sha256 != NULL);

  key = certificate_key (base_url);
  if (self->settings == NULL || key == NULL)
    return;

  /* Lowercase hex, without the colons (the schema's form). */
  lower = g_ascii_strdown (sha256, -1);
  out = lower;
  for (const char *in = lower; *in != '\0'; in++)
    if (*in != ':')
      *out++ = *in;
  *out = '\0';

  trusted = g_settings_get_value (self->settings, TRUST_KEY);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, trusted);
  while (g_variant_iter_next (&iter, "{&s&s}", &host, &value))
    if (g_strcmp0 (host, key) != 0)
      g_variant_builder_add (&builder, "{ss}", host, value);
  g_variant_builder_add (&builder, "{ss}", key, lower);

  g_settings_set_value (self->settings, TRUST_KEY, g_variant_builder_end (&builder));
}
