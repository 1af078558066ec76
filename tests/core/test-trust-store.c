/* test-trust-store.c: the certificates the user chose to trust
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "ferry-core.h"

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend (APP_ID, backend);
}

/* Kept by host (and port when not 443), in the schema's form; a second
 * store for a host replaces the first; a new store over the same settings
 * (a restart) finds them. */
static void
test_store (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(FerryTrustStore) store = ferry_trust_store_new (settings);
  g_autoptr(FerryTrustStore) again = NULL;
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *value = NULL;
  char *found;

  g_assert_null (ferry_trust_store_lookup (store, "https://library.example.com/MicroStrategyLibrary"));

  ferry_trust_store_store (store, "https://Library.Example.com/MicroStrategyLibrary", "AB:CD:EF");
  ferry_trust_store_store (store, "https://library.example.com:8443/MicroStrategyLibrary", "0102");

  trusted = g_settings_get_value (settings, "trusted-certificates");
  g_assert_true (g_variant_lookup (trusted, "library.example.com", "s", &value));
  g_assert_cmpstr (value, ==, "abcdef");
  g_assert_cmpuint (g_variant_n_children (trusted), ==, 2);

  found = ferry_trust_store_lookup (store, "https://library.example.com:443/other");
  g_assert_cmpstr (found, ==, "abcdef");
  g_free (found);
  found = ferry_trust_store_lookup (store, "https://library.example.com:8443/MicroStrategyLibrary");
  g_assert_cmpstr (found, ==, "0102");
  g_free (found);
  g_assert_null (ferry_trust_store_lookup (store, "https://other.example.com/"));
  g_assert_null (ferry_trust_store_lookup (store, "not a url"));

  ferry_trust_store_store (store, "https://library.example.com/", "FFFF");
  again = ferry_trust_store_new (settings);
  found = ferry_trust_store_lookup (again, "https://library.example.com/MicroStrategyLibrary");
  g_assert_cmpstr (found, ==, "ffff");
  g_free (found);
}

/* Without settings nothing is remembered. */
static void
test_no_settings (void)
{
  g_autoptr(FerryTrustStore) store = ferry_trust_store_new (NULL);

  ferry_trust_store_store (store, "https://library.example.com/", "abcd");
  g_assert_null (ferry_trust_store_lookup (store, "https://library.example.com/"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trust-store/store", test_store);
  g_test_add_func ("/trust-store/no-settings", test_no_settings);

  return g_test_run ();
}
