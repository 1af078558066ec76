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

static void
count_cb (FerryTrustStore *store,
          guint           *count)
{
  (*count)++;
}

/* Listed sorted with fingerprint and date; a removed host is no longer
 * trusted (the next connection asks again), the others stay; "changed"
 * tells another store over the same settings. */
static void
test_list_remove (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(FerryTrustStore) store = ferry_trust_store_new (settings);
  g_autoptr(FerryTrustStore) other = ferry_trust_store_new (settings);
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) after = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint changes = 0;

  hosts = ferry_trust_store_list_hosts (store);
  g_assert_cmpuint (g_strv_length (hosts), ==, 0);
  g_clear_pointer (&hosts, g_strfreev);

  g_signal_connect (other, "changed", G_CALLBACK (count_cb), &changes);
  ferry_trust_store_store (store, "https://zeta.example.com/MicroStrategyLibrary", "AA:BB");
  ferry_trust_store_store (store, "https://alpha.example.com:8443/MicroStrategyLibrary", "CCDD");
  g_assert_cmpuint (changes, >=, 2);

  hosts = ferry_trust_store_list_hosts (store);
  g_assert_cmpuint (g_strv_length (hosts), ==, 2);
  g_assert_cmpstr (hosts[0], ==, "alpha.example.com:8443");
  g_assert_cmpstr (hosts[1], ==, "zeta.example.com");

  g_assert_true (ferry_trust_store_get_host (store, "zeta.example.com", &sha256, &when));
  g_assert_cmpstr (sha256, ==, "aabb");
  g_assert_nonnull (when);
  g_assert_cmpint (ABS (g_date_time_difference (now, when)), <, 5 * G_TIME_SPAN_SECOND);
  g_assert_false (ferry_trust_store_get_host (store, "nowhere.example.com", NULL, NULL));

  host = ferry_trust_store_host_for_url ("https://Zeta.example.com:443/MicroStrategyLibrary");
  g_assert_cmpstr (host, ==, "zeta.example.com");

  changes = 0;
  ferry_trust_store_remove_host (store, host);
  g_assert_cmpuint (changes, >=, 1);
  g_assert_null (ferry_trust_store_lookup (other, "https://zeta.example.com/MicroStrategyLibrary"));
  g_assert_false (ferry_trust_store_get_host (store, "zeta.example.com", NULL, NULL));
  after = ferry_trust_store_list_hosts (other);
  g_assert_cmpuint (g_strv_length (after), ==, 1);
  g_assert_cmpstr (after[0], ==, "alpha.example.com:8443");
  {
    g_autoptr(GVariant) dates = g_settings_get_value (settings, "trusted-certificate-dates");
    g_assert_cmpuint (g_variant_n_children (dates), ==, 1);
  }
}

/* An entry trusted before dates were kept: listed, without a date. */
static void
test_no_date (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(FerryTrustStore) store = ferry_trust_store_new (settings);
  g_autofree char *sha256 = NULL;
  g_autoptr(GDateTime) when = NULL;

  g_settings_set_value (settings, "trusted-certificates",
                        g_variant_new_parsed ("{'old.example.com': '0a0b'}"));
  g_assert_true (ferry_trust_store_get_host (store, "old.example.com", &sha256, &when));
  g_assert_cmpstr (sha256, ==, "0a0b");
  g_assert_null (when);
}

/* Without settings nothing is remembered. */
static void
test_no_settings (void)
{
  g_autoptr(FerryTrustStore) store = ferry_trust_store_new (NULL);

  g_auto(GStrv) hosts = NULL;

  ferry_trust_store_store (store, "https://library.example.com/", "abcd");
  hosts = ferry_trust_store_list_hosts (store);
  g_assert_cmpuint (g_strv_length (hosts), ==, 0);
  ferry_trust_store_remove_host (store, "library.example.com");
  g_assert_null (ferry_trust_store_lookup (store, "https://library.example.com/"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trust-store/store", test_store);
  g_test_add_func ("/trust-store/no-settings", test_no_settings);
  g_test_add_func ("/trust-store/list-remove", test_list_remove);
  g_test_add_func ("/trust-store/no-date", test_no_date);

  return g_test_run ();
}
