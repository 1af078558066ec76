/* ferry-migrations-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migrations-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-migrations-export.h"

static const char * const fields[] = {
  "id",
  "name",
  "purpose",
  "package_type",
  "source_environment",
  "target_environment",
  "source_project",
  "target_project",
  "package_status",
  "import_status",
  "import_request_status",
  "undo_request_status",
  "creator",
  "created",
  "last_updated",
  "package_message",
  "import_message",
  NULL
};

const char * const *
ferry_migrations_export_get_fields (void)
{
  return fields;
}

const char *
ferry_export_format_get_extension (FerryExportFormat format)
{
  return format == FERRY_EXPORT_FORMAT_JSON ? "json" : "csv";
}

const char *
ferry_export_format_get_content_type (FerryExportFormat format)
{
  return format == FERRY_EXPORT_FORMAT_JSON ? "application/json" : "text/csv";
}

/* --- Environments ------------------------------------------------------------ */

static char *
environment_key_uncached (const char *environment_id)
{
  g_autofree char *normalized = ferry_connection_normalize_base_url (environment_id, NULL);

  if (normalized == NULL)
    return NULL;
  return g_utf8_strdown (normalized, -1);
}

/* The keys of the ids met lately. A list of migrations names a handful of
 * environments over and over (four times a row drawn, on the Migrations
 * page), and each key is a URI parsed. Emptied when it reaches
 * KEY_CACHE_MAX ids, so that a hostile list cannot grow it. */
#define KEY_CACHE_MAX 256
static GMutex key_cache_lock;
static GHashTable *key_cache;   /* id → key, or "" when there is none */

char *
ferry_migrations_environment_key (const char *environment_id)
{
  const char *cached;
  char *key;

  if (environment_id == NULL || *environment_id == '\0')
    return NULL;

  g_mutex_lock (&key_cache_lock);
  if (key_cache == NULL)
    key_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  cached = g_hash_table_lookup (key_cache, environment_id);
  if (cached != NULL)
    {
      key = *cached != '\0' ? g_strdup (cached) : NULL;
      g_mutex_unlock (&key_cache_lock);
      return key;
    }
  g_mutex_unlock (&key_cache_lock);

  key = environment_key_uncached (environment_id);

  g_mutex_lock (&key_cache_lock);
  if (g_hash_table_size (key_cache) >= KEY_CACHE_MAX)
    g_hash_table_remove_all (key_cache);
  g_hash_table_replace (key_cache, g_strdup (environment_id), g_strdup (key != NULL ? key : ""));
  g_mutex_unlock (&key_cache_lock);
  return key;
}

/* The host of URL, or NULL. */
static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;
  return g_strdup (g_uri_get_host (uri));
}

char *
ferry_migrations_environment_name (GHashTable *names,
                                   const char *environment_id,
                                   const char *record_name)
{
  g_autofree char *key = ferry_migrations_environment_key (environment_id);
  g_autofree char *record_key = NULL;
  const char *saved = NULL;

  if (key != NULL && names != NULL)
    saved = g_hash_table_lookup (names, key);
  if (saved != NULL)
    return g_strdup (saved);

  if (record_name != NULL && *record_name != '\0')
    {
      /* Real clients often name the environment by its URL. */
      record_key = ferry_migrations_environment_key (record_name);
      if (record_key == NULL || key == NULL || g_strcmp0 (record_key, key) != 0)
        return g_strdup (record_name);
    }

  if (environment_id == NULL || *environment_id == '\0')
    return NULL;

  {
    char *host = url_host (environment_id);

    return host != NULL ? host : g_strdup (environment_id);
  }
}

/* --- Fields ------------------------------------------------------------------ */

GDateTime *
ferry_migrations_last_updated (FerryMigration *migration)
{
  GDateTime *package = ferry_migration_get_package_last_updated_date (migration);
  GDateTime *import = ferry_migration_get_import_last_updated_date (migration);

  if (package == NULL)
    return import;
  if (import == NULL)
    return package;
  return g_date_time_compare (import, package) > 0 ? import : package;
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;

  if (date == NULL)
    return NULL;
  utc = g_date_time_to_utc (date);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

static char *
dup_nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

char *
ferry_migrations_export_dup_field (FerryMigration *migration,
                                   const char     *field,
                                   GHashTable     *names)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "id"))
    return dup_nonempty (ferry_migration_get_id (migration));
  if (g_str_equal (field, "name"))
    return dup_nonempty (ferry_migration_get_name (migration));
  if (g_str_equal (field, "purpose"))
    return dup_nonempty (ferry_migration_get_purpose (migration));
  if (g_str_equal (field, "package_type"))
    return dup_nonempty (ferry_migration_get_package_type (migration));
  if (g_str_equal (field, "source_environment"))
    return ferry_migrations_environment_name (names,
                                              ferry_migration_get_source_environment_id (migration),
                                              ferry_migration_get_source_environment_name (migration));
  if (g_str_equal (field, "target_environment"))
    return ferry_migrations_environment_name (names,
                                              ferry_migration_get_target_environment_id (migration),
                                              ferry_migration_get_target_environment_name (migration));
  if (g_str_equal (field, "source_project"))
    return dup_nonempty (ferry_migration_get_source_project_name (migration));
  if (g_str_equal (field, "target_project"))
    return dup_nonempty (ferry_migration_get_target_project_name (migration));
  if (g_str_equal (field, "package_status"))
    return dup_nonempty (ferry_migration_get_package_status (migration));
  if (g_str_equal (field, "import_status"))
    return dup_nonempty (ferry_migration_get_import_status (migration));
  if (g_str_equal (field, "import_request_status"))
    return dup_nonempty (ferry_migration_get_import_request_status (migration));
  if (g_str_equal (field, "undo_request_status"))
    return dup_nonempty (ferry_migration_get_undo_request_status (migration));
  if (g_str_equal (field, "creator"))
    return dup_nonempty (ferry_migration_get_creator_name (migration));
  if (g_str_equal (field, "created"))
    return format_date (ferry_migration_get_package_creation_date (migration));
  if (g_str_equal (field, "last_updated"))
    return format_date (ferry_migrations_last_updated (migration));
  if (g_str_equal (field, "package_message"))
    return dup_nonempty (ferry_migration_get_package_message (migration));
  if (g_str_equal (field, "import_message"))
    return dup_nonempty (ferry_migration_get_import_message (migration));

  g_return_val_if_reached (NULL);
}

/* --- CSV --------------------------------------------------------------------- */

static void
append_csv_field (GString    *out,
                  const char *value)
{
  gboolean formula;
  gboolean quote;

  if (value == NULL)
    return;

  formula = value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
            value[0] == '\t' || value[0] == '\r';
  quote = strpbrk (value, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static GBytes *
export_csv (GListModel *migrations,
            GHashTable *names)
{
  GString *out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (migrations);

  for (guint f = 0; fields[f] != NULL; f++)
    {
      if (f > 0)
        g_string_append_c (out, ',');
      g_string_append (out, fields[f]);
    }
  g_string_append (out, "\r\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMigration) migration = g_list_model_get_item (migrations, i);

      for (guint f = 0; fields[f] != NULL; f++)
        {
          g_autofree char *value = ferry_migrations_export_dup_field (migration, fields[f], names);

          if (f > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, value);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}

/* --- JSON -------------------------------------------------------------------- */

static GBytes *
export_json (GListModel *migrations,
             GHashTable *names)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = g_list_model_get_n_items (migrations);
  char *text;
  gsize length;

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMigration) migration = g_list_model_get_item (migrations, i);

      json_builder_begin_object (builder);
      for (guint f = 0; fields[f] != NULL; f++)
        {
          g_autofree char *value = ferry_migrations_export_dup_field (migration, fields[f], names);

          json_builder_set_member_name (builder, fields[f]);
          if (value != NULL)
            json_builder_add_string_value (builder, value);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  /* A final line end, as text files have. */
  text = g_realloc (text, length + 2);
  text[length] = '\n';
  text[length + 1] = '\0';
  return g_bytes_new_take (text, length + 1);
}

/* --- Public ------------------------------------------------------------------ */

GBytes *
ferry_migrations_export_to_bytes (GListModel        *migrations,
                                  FerryExportFormat  format,
                                  GHashTable        *names)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (migrations), NULL);

  if (format == FERRY_EXPORT_FORMAT_JSON)
    return export_json (migrations, names);
  return export_csv (migrations, names);
}

gboolean
ferry_migrations_export_to_stream (GListModel        *migrations,
                                   FerryExportFormat  format,
                                   GHashTable        *names,
                                   GOutputStream     *stream,
                                   GCancellable      *cancellable,
                                   GError           **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (G_IS_LIST_MODEL (migrations), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  bytes = ferry_migrations_export_to_bytes (migrations, format, names);
  data = g_bytes_get_data (bytes, &size);
  return g_output_stream_write_all (stream, data, size, NULL, cancellable, error);
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, GPOINTER_TO_SIZE (g_task_get_task_data (task)));
}

void
ferry_migrations_export_to_file_async (GListModel         *migrations,
                                       FerryExportFormat   format,
                                       GHashTable         *names,
                                       GFile              *file,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (G_IS_LIST_MODEL (migrations));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_migrations_export_to_file_async);
  g_task_set_task_data (task, GSIZE_TO_POINTER (g_list_model_get_n_items (migrations)), NULL);

  bytes = ferry_migrations_export_to_bytes (migrations, format, names);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb, g_steal_pointer (&task));
}

gssize
ferry_migrations_export_to_file_finish (GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_migrations_export_to_file_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}
