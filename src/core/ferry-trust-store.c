/* ferry-trust-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-trust-store"

#include "config.h"

#include "ferry-trust-store.h"

#define TRUST_KEY "trusted-certificates"
#define DATES_KEY "trusted-certificate-dates"

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static void set_date (FerryTrustStore *self,
                      const char      *host,
                      gint64           seconds);

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

  /**
   * FerryTrustStore::changed:
   *
   * The trusted hosts changed.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
settings_changed_cb (FerryTrustStore *self,
                     const char      *key,
                     GSettings       *settings)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
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
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::" TRUST_KEY,
                             G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
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

  /* The date first: "changed" follows the trust key, and a reader then
   * finds both. (No g_settings_delay(): the settings are shared.) */
  set_date (self, key, g_get_real_time () / G_USEC_PER_SEC);
  g_settings_set_value (self->settings, TRUST_KEY, g_variant_builder_end (&builder));
}

char *
ferry_trust_store_host_for_url (const char *base_url)
{
  return certificate_key (base_url);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char **
ferry_trust_store_list_hosts (FerryTrustStore *self)
{
  g_autoptr(GVariant) trusted = NULL;
  GPtrArray *hosts = g_ptr_array_new ();
  GVariantIter iter;
  const char *host;

  g_return_val_if_fail (FERRY_IS_TRUST_STORE (self), NULL);

  if (self->settings != NULL)
    {
      trusted = g_settings_get_value (self->settings, TRUST_KEY);
      g_variant_iter_init (&iter, trusted);
      while (g_variant_iter_next (&iter, "{&s&s}", &host, NULL))
        g_ptr_array_add (hosts, g_strdup (host));
      g_ptr_array_sort (hosts, compare_strings);
    }
  g_ptr_array_add (hosts, NULL);
  return (char **) g_ptr_array_free (hosts, FALSE);
}

gboolean
ferry_trust_store_get_host (FerryTrustStore *self,
                            const char      *host,
                            char           **sha256,
                            GDateTime      **trusted_at)
{
  g_autoptr(GVariant) trusted = NULL;
  g_autoptr(GVariant) dates = NULL;
  char *value = NULL;
  gint64 seconds;

  g_return_val_if_fail (FERRY_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  if (sha256 != NULL)
    *sha256 = NULL;
  if (trusted_at != NULL)
    *trusted_at = NULL;
  if (self->settings == NULL)
    return FALSE;

  trusted = g_settings_get_value (self->settings, TRUST_KEY);
  if (!g_variant_lookup (trusted, host, "s", &value))
    return FALSE;

  if (sha256 != NULL)
    *sha256 = value;
  else
    g_free (value);

  dates = g_settings_get_value (self->settings, DATES_KEY);
  if (trusted_at != NULL && g_variant_lookup (dates, host, "x", &seconds))
    *trusted_at = g_date_time_new_from_unix_utc (seconds);

  return TRUE;
}

/* A copy of the a{s*} VALUE without KEY. */
static GVariant *
without_key (GVariant   *value,
             const char *key)
{
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *entry;

  g_variant_builder_init (&builder, g_variant_get_type (value));
  g_variant_iter_init (&iter, value);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autoptr(GVariant) name = g_variant_get_child_value (entry, 0);

      if (g_strcmp0 (g_variant_get_string (name, NULL), key) != 0)
        g_variant_builder_add_value (&builder, entry);
      g_variant_unref (entry);
    }
  return g_variant_builder_end (&builder);
}

static void
set_date (FerryTrustStore *self,
          const char      *host,
          gint64           seconds)
{
  g_autoptr(GVariant) dates = g_settings_get_value (self->settings, DATES_KEY);
  g_autoptr(GVariant) others = g_variant_ref_sink (without_key (dates, host));
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *entry;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sx}"));
  g_variant_iter_init (&iter, others);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_variant_builder_add_value (&builder, entry);
      g_variant_unref (entry);
    }
  g_variant_builder_add (&builder, "{sx}", host, seconds);
  g_settings_set_value (self->settings, DATES_KEY, g_variant_builder_end (&builder));
}

void
ferry_trust_store_remove_host (FerryTrustStore *self,
                               const char      *host)
{
  g_autoptr(GVariant) trusted = NULL;
  g_autoptr(GVariant) dates = NULL;

  g_return_if_fail (FERRY_IS_TRUST_STORE (self));
  g_return_if_fail (host != NULL);

  if (self->settings == NULL)
    return;

  trusted = g_settings_get_value (self->settings, TRUST_KEY);
  dates = g_settings_get_value (self->settings, DATES_KEY);
  g_settings_set_value (self->settings, DATES_KEY, without_key (dates, host));
  g_settings_set_value (self->settings, TRUST_KEY, without_key (trusted, host));
}
